"""Background work of the consultations app (django-tasks; run by `opencity db_worker` in
production, inline in development and tests)."""

from __future__ import annotations

from django_tasks import task

from opencity.consultations import notifications


@task()
def notify_response(response_id: int) -> int:
    """E-mail the author of a comment the organiser's response to it."""
    return notifications.response_given(response_id)


def enqueue_response_notification(response_id: int) -> None:
    """Queue the e-mail about a response; called once the response is committed."""
    notify_response.enqueue(response_id)
