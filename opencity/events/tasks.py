"""Background work of the events app (django-tasks; run by `opencity db_worker` in production,
inline in development and tests)."""

from __future__ import annotations

from django_tasks import task

from opencity.events import notifications


@task()
def send_event_reminders() -> dict[str, int]:
    """Remind registered people of events starting in the next 24 hours; meant to run every hour
    (see `opencity send_event_reminders`). Safe to run again: nobody is reminded twice."""
    outcome = notifications.send_reminders()
    return {"events": outcome.events, "emails": outcome.emails, "failed": outcome.failed}


@task()
def send_promotion_emails(registration_ids: list[int]) -> int:
    """Tell people moved from the waiting list to a seat."""
    return notifications.promoted(registration_ids)
