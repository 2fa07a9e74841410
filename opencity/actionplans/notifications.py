"""E-mails to the people who follow a commitment: when progress is reported on it, and when one
of its milestones becomes overdue. Every e-mail carries a signed link that stops following without
signing in.

E-mails are written in the follower's language when their account records one, otherwise in
English (the platform's default language). The account holds no language preference yet, so every
e-mail is in English until it does.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from opencity.accounts.models import User
from opencity.actionplans.models import (
    PUBLIC_PLAN_STATUSES,
    Follow,
    Milestone,
    ProgressUpdate,
)
from opencity.actionplans.scales import MilestoneStatus, PlanStatus

logger = logging.getLogger(__name__)

# Signs unfollow links; a token made for anything else never passes as one.
UNFOLLOW_SALT = "opencity.actionplans.unfollow"
# Where the platform answers, for the links in e-mails (a background worker has no request).
DEFAULT_SITE_URL = "http://localhost:8000"


# --- Unfollow links -----------------------------------------------------------------------------


def unfollow_token(*, user_id: int, commitment_id: int) -> str:
    """A token naming one person and one commitment, signed with the site's secret key."""
    return signing.dumps({"user": user_id, "commitment": commitment_id}, salt=UNFOLLOW_SALT)


def read_unfollow_token(token: str) -> tuple[int, int] | None:
    """The (user id, commitment id) a token was made for; None when it was not made here or was
    changed."""
    try:
        data = signing.loads(token, salt=UNFOLLOW_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, commitment_id = data.get("user"), data.get("commitment")
    if not isinstance(user_id, int) or not isinstance(commitment_id, int):
        return None
    return user_id, commitment_id


def site_url() -> str:
    return (getattr(settings, "OPENCITY_SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def absolute(path: str) -> str:
    return site_url() + path


def unfollow_url(follow: Follow) -> str:
    """The address of the page that stops `follow`, in the active language."""
    token = unfollow_token(user_id=follow.user_id, commitment_id=follow.commitment_id)
    return absolute(reverse("actionplans:unfollow_link", kwargs={"token": token}))


# --- Writing and sending ------------------------------------------------------------------------


def language_of(user: User) -> str:
    """The language to write to `user` in: theirs when the account records one, else English."""
    language = getattr(user, "language", "") or ""
    if language in dict(settings.LANGUAGES):
        return language
    return settings.LANGUAGE_CODE


def _message(template: str, follow: Follow, context: dict[str, object]) -> EmailMultiAlternatives:
    """One e-mail from the templates `actionplans/email/<template>_{subject,body}.{txt,html}`,
    written in the follower's language."""
    with translation.override(language_of(follow.user)):
        commitment = follow.commitment
        full_context = {
            **context,
            "site_name": settings.OPENCITY_SITE_NAME,
            "commitment": commitment,
            "commitment_url": absolute(commitment.get_absolute_url()),
            "unfollow_url": unfollow_url(follow),
        }
        subject = render_to_string(f"actionplans/email/{template}_subject.txt", full_context)
        text = render_to_string(f"actionplans/email/{template}_body.txt", full_context)
        html = render_to_string(f"actionplans/email/{template}_body.html", full_context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[follow.user.email],
        headers={"List-Unsubscribe": f"<{full_context['unfollow_url']}>"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _followers(commitment_id: int) -> QuerySet[Follow]:
    """Follows of people whose account is still open."""
    return (
        Follow.objects.filter(
            commitment_id=commitment_id, user__is_active=True, user__deleted_at__isnull=True
        )
        .select_related("user", "commitment__plan__member")
        .order_by("pk")
    )


def _send(messages: list[EmailMultiAlternatives]) -> int:
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def progress_reported(update_id: int) -> int:
    """E-mail the followers of the commitment about one progress update; its author is not told
    about their own update. Returns the number of e-mails sent."""
    update = (
        ProgressUpdate.objects.filter(
            pk=update_id, commitment__plan__status__in=PUBLIC_PLAN_STATUSES
        )
        .select_related("organisation", "milestone", "commitment")
        .first()
    )
    if update is None:  # deleted meanwhile, or on a plan that is not public
        return 0
    follows = _followers(update.commitment_id)
    if update.author_id is not None:
        follows = follows.exclude(user_id=update.author_id)
    evidence_count = update.evidence.count()
    messages = [
        _message(
            "progress",
            follow,
            {
                "update": update,
                "evidence_count": evidence_count,
                "plan": follow.commitment.plan,
            },
        )
        for follow in follows
    ]
    return _send(messages)


@dataclass(frozen=True)
class OverdueOutcome:
    milestones: int  # newly overdue milestones, each now marked as told
    emails: int
    failed: int  # milestones whose e-mails could not be sent; tried again on the next run


def _newly_overdue(today: datetime.date) -> QuerySet[Milestone]:
    """Milestones of plans in implementation whose end date has passed unfinished and whose
    followers were not told since that end date (a milestone whose end date was moved later after
    it was told counts again once the new date has passed)."""
    return (
        Milestone.objects.filter(
            commitment__plan__status=PlanStatus.IMPLEMENTATION, end_date__lt=today
        )
        .exclude(status=MilestoneStatus.COMPLETE)
        .filter(Q(overdue_notified_on__isnull=True) | Q(overdue_notified_on__lte=F("end_date")))
    )


def notify_overdue(today: datetime.date | None = None) -> OverdueOutcome:
    """Tell the followers of each newly overdue milestone, one e-mail per follower and
    milestone, and mark the milestone so that it is never told twice: a second run on the same
    day sends nothing. Each milestone is locked while it is handled, so two runs at once do not
    both send."""
    today = today or timezone.localdate()
    candidates = list(_newly_overdue(today).order_by("pk").values_list("pk", flat=True))
    handled = emails = failed = 0
    for milestone_id in candidates:
        try:
            with transaction.atomic():
                milestone = (
                    _newly_overdue(today)
                    .select_for_update(skip_locked=True, of=("self",))
                    .select_related("commitment")
                    .filter(pk=milestone_id)
                    .first()
                )
                if milestone is None:  # done by a run at the same time, or changed meanwhile
                    continue
                messages = [
                    _message(
                        "overdue",
                        follow,
                        {"milestone": milestone, "plan": follow.commitment.plan},
                    )
                    for follow in _followers(milestone.commitment_id)
                ]
                sent = _send(messages)
                # Not through save(): telling followers is not a change of the milestone's
                # history.
                Milestone.objects.filter(pk=milestone.pk).update(overdue_notified_on=today)
        except Exception:
            logger.exception("Could not tell the followers of milestone %s", milestone_id)
            failed += 1
            continue
        handled += 1
        emails += sent
    return OverdueOutcome(milestones=handled, emails=emails, failed=failed)
