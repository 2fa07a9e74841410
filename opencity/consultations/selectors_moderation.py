"""Reads of the moderators' pages, each with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from opencity.consultations.models import AbuseReport, Comment, Consultation, ModerationLogEntry

_OPEN = Q(abuse_reports__resolved_at__isnull=True)


def _open_reports() -> Prefetch:
    return Prefetch(
        "abuse_reports",
        queryset=AbuseReport.objects.filter(resolved_at__isnull=True).order_by("-created_at"),
        to_attr="open_reports",
    )


def queue() -> QuerySet[Comment]:
    """Comments with open abuse reports, the most recently reported first, each with the count
    of its open reports (`open_report_count`) and, once prefetched, the reports themselves
    (`open_reports`)."""
    reported = AbuseReport.objects.filter(resolved_at__isnull=True).values("comment_id")
    return (
        Comment.objects.filter(pk__in=reported)
        .annotate(
            open_report_count=Count("abuse_reports", filter=_OPEN, distinct=True),
            last_reported_at=Max("abuse_reports__created_at", filter=_OPEN),
        )
        .select_related("consultation", "paragraph__section", "author")
        .prefetch_related(_open_reports())
        .order_by("-last_reported_at", "-pk")
    )


def comment_for_moderation(pk: int) -> Comment | None:
    """One comment of any consultation, with its open reports and its moderation history."""
    return (
        Comment.objects.filter(pk=pk)
        .select_related("consultation", "paragraph__section", "author")
        .prefetch_related(
            _open_reports(),
            Prefetch(
                "moderation_log",
                queryset=ModerationLogEntry.objects.select_related("moderator"),
                to_attr="log_entries",
            ),
        )
        .first()
    )


def log(consultation: Consultation | None = None) -> QuerySet[ModerationLogEntry]:
    """The moderation log, newest first, optionally of one consultation."""
    entries = ModerationLogEntry.objects.select_related(
        "moderator", "comment__consultation", "comment__paragraph__section"
    ).order_by("-created_at", "-pk")
    if consultation is not None:
        entries = entries.filter(comment__consultation=consultation)
    return entries
