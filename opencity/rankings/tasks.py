"""Background work of the rankings app (django-tasks; run by `opencity db_worker` in production,
inline in development and tests)."""

from __future__ import annotations

from django_tasks import task

from opencity.rankings import evidence


@task()
def archive_evidence(archive_id: int) -> None:
    """Fetch and store the copy of one evidence link; a failure is recorded on the row."""
    evidence.archive(archive_id)
