"""Every write to consultations. Each function checks its actor and the phase, validates, and runs
in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencity.accounts.models import Organisation, User
from opencity.consultations.models import (
    COMMENT_MAX_LENGTH,
    AbuseReport,
    Comment,
    Consultation,
    ConsultationStatus,
    ModerationAction,
    ModerationLogEntry,
    Outcome,
    Paragraph,
    Report,
    Response,
    Section,
    Support,
)
from opencity.core.permissions import require
from opencity.core.ratelimit import RateLimit

COMMENT_LIMIT = RateLimit("consultation_comment", count=10, seconds=600)
SUPPORT_LIMIT = RateLimit("consultation_support", count=60, seconds=600)
ABUSE_REPORT_LIMIT = RateLimit("abuse_report", count=10, seconds=3600)

CONSULTATION_FIELDS = (
    "title",
    "summary",
    # The title and summary in each language of the platform (django-modeltranslation).
    *(f"{name}_{code}" for name in ("title", "summary") for code, _label in settings.LANGUAGES),
    "municipality",
    "member",
    "opens_at",
    "closes_at",
    "language",
)


def _require_phase(consultation: Consultation, action: str) -> None:
    if not consultation.allows(action):
        raise ValidationError(
            _("This cannot be done while the consultation is %(phase)s.")
            % {"phase": consultation.phase().label},
            code="phase",
        )


def _history_user(instance: models.Model, actor: User) -> None:
    if getattr(actor, "is_authenticated", False):
        instance._history_user = actor  # type: ignore[attr-defined]


# The consultation and its document ----------------------------------------------------------


@transaction.atomic
def consultation_create(
    *,
    actor: User,
    organiser: Organisation,
    slug: str,
    title: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    commitments: Sequence[Any] | None = None,
    **fields: Any,
) -> Consultation:
    require(actor, "consultations.manage", organiser)
    unknown = sorted(set(fields) - set(CONSULTATION_FIELDS))
    if unknown:
        raise TypeError(f"not a field of a consultation: {', '.join(unknown)}")
    consultation = Consultation(
        organiser=organiser,
        slug=slug,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor if actor.is_authenticated else None,
        **fields,
    )
    consultation.full_clean()
    _history_user(consultation, actor)
    consultation.save()
    if commitments is not None:
        consultation.commitments.set(commitments)
    return consultation


@transaction.atomic
def consultation_update(
    *,
    actor: User,
    consultation: Consultation,
    commitments: Sequence[Any] | None = None,
    **changes: Any,
) -> Consultation:
    """Settings change until comments open; after that only the closing date may move later.
    The linked commitments (`commitments`) may change in any phase."""
    require(actor, "consultations.manage", consultation)
    unknown = sorted(set(changes) - set(CONSULTATION_FIELDS))
    if unknown:
        raise TypeError(f"not a field of a consultation: {', '.join(unknown)}")
    only_later_close = set(changes) <= {"closes_at"} and (
        "closes_at" not in changes or changes["closes_at"] >= consultation.closes_at
    )
    if not consultation.allows("edit_document") and not only_later_close:
        raise ValidationError(
            _("Once comments have opened, only the closing date can change, and only later.")
        )
    for name, value in changes.items():
        setattr(consultation, name, value)
    consultation.full_clean()
    _history_user(consultation, actor)
    consultation.save()
    if commitments is not None:
        consultation.commitments.set(commitments)
    return consultation


@transaction.atomic
def document_replace(
    *,
    actor: User,
    consultation: Consultation,
    sections: Sequence[tuple[str, Sequence[str]]],
) -> int:
    """Replace the document with `sections`: (title, paragraph texts) each. Returns the number
    of paragraphs. Only before comments open, so that no comment loses its paragraph."""
    require(actor, "consultations.manage", consultation)
    _require_phase(consultation, "edit_document")
    paragraphs = [
        (title, [text.strip() for text in texts if text.strip()]) for title, texts in sections
    ]
    if not any(texts for _title, texts in paragraphs):
        raise ValidationError(_("The document has no paragraphs."), code="empty")
    consultation.paragraphs.all().delete()
    consultation.sections.all().delete()
    order = 0
    rows: list[Paragraph] = []
    for section_order, (title, texts) in enumerate(paragraphs, start=1):
        section = Section.objects.create(
            consultation=consultation, order=section_order, title=title[:300]
        )
        for text in texts:
            order += 1
            rows.append(
                Paragraph(consultation=consultation, section=section, order=order, text=text)
            )
    Paragraph.objects.bulk_create(rows)
    return order


@transaction.atomic
def consultation_publish(*, actor: User, consultation: Consultation) -> Consultation:
    """Make a draft public: announced until it opens, then open for comments."""
    require(actor, "consultations.manage", consultation)
    _require_phase(consultation, "publish")
    if not consultation.paragraphs.exists():
        raise ValidationError(_("Add the document before publishing the consultation."))
    consultation.status = ConsultationStatus.PUBLISHED
    _history_user(consultation, actor)
    consultation.save(update_fields=["status"])
    return consultation


@transaction.atomic
def paragraph_final_set(
    *, actor: User, paragraph: Paragraph, final_text: str, removed: bool = False
) -> Paragraph:
    """The text of a paragraph after the review; the report shows the change from the draft."""
    require(actor, "consultations.manage", paragraph.consultation)
    _require_phase(paragraph.consultation, "edit_final_text")
    final_text = final_text.strip()
    paragraph.final_text = "" if final_text == paragraph.text else final_text
    paragraph.removed = removed
    _history_user(paragraph, actor)
    paragraph.save(update_fields=["final_text", "removed"])
    return paragraph


# Comments, supports and abuse reports -------------------------------------------------------


@transaction.atomic
def comment_create(
    *,
    actor: User,
    consultation: Consultation,
    text: str,
    rate_key: str,
    paragraph: Paragraph | None = None,
    parent: Comment | None = None,
) -> Comment:
    """A comment on a paragraph or on the whole document, or a reply to a comment (one level)."""
    require(actor, "consultations.comment")
    _require_phase(consultation, "comment")
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _(
                    "A comment can be at most %(limit)d characters long; yours has %(length)d."
                )
                % {"limit": COMMENT_MAX_LENGTH, "length": len(text)}
            }
        )
    if paragraph is not None and paragraph.consultation_id != consultation.pk:
        raise ValidationError({"paragraph": _("The paragraph belongs to another consultation.")})
    if parent is not None:
        if parent.consultation_id != consultation.pk:
            raise ValidationError({"parent": _("The comment belongs to another consultation.")})
        if parent.parent_id is not None:
            raise ValidationError({"parent": _("Replies go one level deep: reply to the comment.")})
        if parent.is_hidden:
            raise ValidationError({"parent": _("This comment was hidden by a moderator.")})
        paragraph = parent.paragraph
    COMMENT_LIMIT.check(rate_key)
    return Comment.objects.create(
        consultation=consultation, paragraph=paragraph, parent=parent, author=actor, text=text
    )


@transaction.atomic
def comment_support(*, actor: User, comment: Comment, rate_key: str) -> bool:
    """Support a comment; True when it is a new support. Nobody supports their own comment."""
    require(actor, "consultations.support")
    _require_phase(comment.consultation, "support")
    if comment.author_id == actor.pk:
        raise ValidationError(_("You cannot support your own comment."))
    if comment.is_hidden:
        raise ValidationError(_("This comment was hidden by a moderator."))
    SUPPORT_LIMIT.check(rate_key)
    _support, created = Support.objects.get_or_create(comment=comment, user=actor)
    if created:
        Comment.objects.filter(pk=comment.pk).update(support_count=models.F("support_count") + 1)
    return created


@transaction.atomic
def comment_unsupport(*, actor: User, comment: Comment) -> bool:
    require(actor, "consultations.support")
    _require_phase(comment.consultation, "support")
    deleted, _detail = Support.objects.filter(comment=comment, user=actor).delete()
    if deleted:
        Comment.objects.filter(pk=comment.pk, support_count__gt=0).update(
            support_count=models.F("support_count") - 1
        )
    return bool(deleted)


@transaction.atomic
def abuse_report(*, reporter: Any, comment: Comment, reason: str, rate_key: str) -> AbuseReport:
    """Anyone may report a comment; the moderators then decide."""
    require(reporter, "consultations.report_abuse")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with the comment.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1,000 characters.")})
    ABUSE_REPORT_LIMIT.check(rate_key)
    report = AbuseReport.objects.create(
        comment=comment,
        reporter=reporter if reporter.is_authenticated else None,
        reason=reason,
    )
    from opencity.consultations.tasks import enqueue_abuse_notification

    transaction.on_commit(partial(enqueue_abuse_notification, report.pk), robust=True)
    return report


def _moderate(actor: User, comment: Comment, action: str, reason: str) -> None:
    require(actor, "consultations.moderate")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("A moderator's decision needs a reason.")})
    ModerationLogEntry.objects.create(
        comment=comment, moderator=actor, action=action, reason=reason
    )
    comment.abuse_reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


@transaction.atomic
def comment_hide(*, actor: User, comment: Comment, reason: str) -> Comment:
    _moderate(actor, comment, ModerationAction.HIDE, reason)
    comment.hidden_at = timezone.now()
    comment.hidden_reason = reason.strip()
    comment.save(update_fields=["hidden_at", "hidden_reason"])
    return comment


@transaction.atomic
def comment_restore(*, actor: User, comment: Comment, reason: str) -> Comment:
    _moderate(actor, comment, ModerationAction.RESTORE, reason)
    comment.hidden_at = None
    comment.hidden_reason = ""
    comment.save(update_fields=["hidden_at", "hidden_reason"])
    return comment


@transaction.atomic
def abuse_reports_dismiss(*, actor: User, comment: Comment, reason: str) -> None:
    _moderate(actor, comment, ModerationAction.DISMISS, reason)


# Responses -----------------------------------------------------------------------------------


@transaction.atomic
def response_set(*, actor: User, comment: Comment, outcome: str, reason: str) -> Response:
    """The organiser's answer to a comment: an outcome and, always, a reason."""
    require(actor, "consultations.respond", comment.consultation)
    _require_phase(comment.consultation, "respond")
    if comment.parent_id is not None:
        raise ValidationError(
            _("Replies are part of a discussion; answer the comment they reply to.")
        )
    if outcome not in Outcome.values:
        raise ValidationError(
            {"outcome": _("Choose accepted, partly accepted, not accepted or out of scope.")}
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("A response needs a reason.")})
    response = Response.objects.select_for_update().filter(comment=comment).first() or Response(
        comment=comment
    )
    response.outcome = outcome
    response.reason = reason
    response.responded_by = actor
    response.responded_at = timezone.now()
    _history_user(response, actor)
    response.save()
    from opencity.consultations.tasks import enqueue_response_notification

    transaction.on_commit(partial(enqueue_response_notification, response.pk), robust=True)
    return response


# The report ----------------------------------------------------------------------------------


def unanswered_count(consultation: Consultation) -> int:
    """Visible top-level comments without a response: the first report waits for none."""
    return (
        Comment.objects.visible()
        .filter(consultation=consultation, parent__isnull=True, response__isnull=True)
        .count()
    )


@transaction.atomic
def report_publish(*, actor: User, consultation: Consultation, summary: str, reason: str) -> Report:
    """Publish the next version of the consultation report: an immutable snapshot of every
    proposal with its response, the counts, and the final text with its changes from the draft.
    The first version needs every visible comment answered; a later one needs a reason."""
    from opencity.consultations import reporting

    require(actor, "consultations.manage", consultation)
    # One version at a time: the lock makes two officials publishing at once take turns.
    Consultation.all_objects.select_for_update().filter(pk=consultation.pk).first()
    _require_phase(consultation, "report")
    summary, reason = summary.strip(), reason.strip()
    latest = consultation.reports.order_by("-version").first()
    if latest is None:
        unanswered = unanswered_count(consultation)
        if unanswered:
            raise ValidationError(
                ngettext(
                    "%(count)d comment has no response yet. Answer every comment before "
                    "publishing the report.",
                    "%(count)d comments have no response yet. Answer every comment before "
                    "publishing the report.",
                    unanswered,
                )
                % {"count": unanswered},
                code="unanswered",
            )
    elif not reason:
        raise ValidationError(
            {"reason": _("Say why this new version is published: what it corrects.")}
        )
    report = Report.objects.create(
        consultation=consultation,
        version=1 if latest is None else latest.version + 1,
        summary=summary,
        reason=reason,
        published_at=timezone.now(),
        published_by=actor if actor.is_authenticated else None,
        snapshot=reporting.snapshot(consultation),
    )
    return report
