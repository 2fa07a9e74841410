"""The e-mail that tells moderators a comment needs their decision.

One e-mail per moderator when a comment enters the moderation queue, that is on its first open
abuse report. Further reports on a comment already waiting add to its count in the queue and send
nothing, so a comment reported by fifty people is one e-mail, not fifty; each e-mail says how many
comments are waiting in all, so a moderator who sees several knows the queue is filling up. After
a decision (hidden, restored, reports dismissed) a new report starts a new e-mail.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from opencity.accounts.models import User
from opencity.actionplans.notifications import absolute, language_of
from opencity.consultations.models import AbuseReport


def moderators() -> list[User]:
    """The people who receive the alerts: active moderators with an e-mail address."""
    return list(
        User.objects.filter(is_moderator=True, is_active=True, deleted_at__isnull=True)
        .exclude(email="")
        .order_by("pk")
    )


def abuse_reported(report_id: int) -> int:
    """Tell the moderators about the comment of one abuse report, if it is that comment's first
    open report. Returns the number of e-mails sent."""
    report = (
        AbuseReport.objects.filter(pk=report_id, resolved_at__isnull=True)
        .select_related("comment__consultation")
        .first()
    )
    if report is None:  # decided meanwhile
        return 0
    earlier_open = (
        AbuseReport.objects.filter(comment_id=report.comment_id, resolved_at__isnull=True)
        .filter(pk__lt=report.pk)
        .exists()
    )
    if earlier_open:  # the comment is already waiting; its moderators were told
        return 0
    waiting = (
        AbuseReport.objects.filter(resolved_at__isnull=True).values("comment_id").distinct().count()
    )
    comment = report.comment
    consultation = comment.consultation
    anchor = f"#comment-{comment.pk}"
    messages = []
    for moderator in moderators():
        with translation.override(language_of(moderator)):
            context = {
                "site_name": settings.OPENCITY_SITE_NAME,
                "consultation": consultation,
                "comment": comment,
                "report": report,
                "waiting": waiting,
                "queue_url": absolute(reverse("consultations:moderation") + anchor),
                "comment_url": absolute(consultation.get_absolute_url() + anchor),
            }
            subject = render_to_string("consultations/email/abuse_subject.txt", context)
            text = render_to_string("consultations/email/abuse_body.txt", context)
            html = render_to_string("consultations/email/abuse_body.html", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()), body=text, to=[moderator.email]
        )
        message.attach_alternative(html, "text/html")
        messages.append(message)
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
