"""Background work of the consultations app (django-tasks; run by `opencity db_worker` in
production, inline in development and tests)."""

from __future__ import annotations

from django_tasks import task

from opencity.consultations import moderation_notifications, notifications


@task()
def notify_response(response_id: int) -> int:
    """E-mail the author of a comment the organiser's response to it."""
    return notifications.response_given(response_id)


@task()
def notify_moderators(report_id: int) -> int:
    """E-mail the moderators about a reported comment (once per comment entering the queue)."""
    return moderation_notifications.abuse_reported(report_id)


def enqueue_response_notification(response_id: int) -> None:
    """Queue the e-mail about a response; called once the response is committed."""
    notify_response.enqueue(response_id)


def enqueue_abuse_notification(report_id: int) -> None:
    """Queue the moderators' e-mail about an abuse report; called once the report is committed."""
    notify_moderators.enqueue(report_id)
