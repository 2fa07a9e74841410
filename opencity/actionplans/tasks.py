"""Background work of the action plans app (django-tasks; run by `opencity db_worker` in
production, inline in development and tests)."""

from __future__ import annotations

from django_tasks import task

from opencity.actionplans import notifications


@task()
def notify_progress(update_id: int) -> int:
    """E-mail the followers of a commitment about one progress update (not its author)."""
    return notifications.progress_reported(update_id)


@task()
def notify_overdue() -> dict[str, int]:
    """Tell followers about milestones that became overdue; meant to run once a day (see
    `opencity notify_overdue`). Safe to run again: what was told is never told twice."""
    outcome = notifications.notify_overdue()
    return {"milestones": outcome.milestones, "emails": outcome.emails, "failed": outcome.failed}


def enqueue_progress_notification(update_id: int) -> None:
    """Queue the e-mails about a progress update; called once the update is committed."""
    notify_progress.enqueue(update_id)
