"""The e-mail that tells the author of a comment how the organiser answered it: the outcome,
the reason and a link to the comment. Nothing goes to an author whose account was deleted or
closed, or who has no e-mail address."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from opencity.actionplans.notifications import absolute, language_of
from opencity.consultations.models import Response


def response_given(response_id: int) -> int:
    """Send the response to the comment's author. Returns the number of e-mails sent."""
    response = (
        Response.objects.filter(pk=response_id, comment__hidden_at__isnull=True)
        .select_related("comment__author", "comment__consultation__organiser")
        .first()
    )
    if response is None:  # deleted meanwhile, or the comment was hidden
        return 0
    comment = response.comment
    author = comment.author
    if author is None or not author.is_active or author.deleted_at is not None or not author.email:
        return 0
    consultation = comment.consultation
    with translation.override(language_of(author)):
        context = {
            "site_name": settings.OPENCITY_SITE_NAME,
            "consultation": consultation,
            "comment": comment,
            "response": response,
            "comment_url": absolute(f"{consultation.get_absolute_url()}#comment-{comment.pk}"),
        }
        subject = render_to_string("consultations/email/response_subject.txt", context)
        text = render_to_string("consultations/email/response_body.txt", context)
        html = render_to_string("consultations/email/response_body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[author.email]
    )
    message.attach_alternative(html, "text/html")
    return get_connection().send_messages([message]) or 0
