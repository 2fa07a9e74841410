"""What the consultations app holds about a person, for their data download, and what deleting
their account does to it.

The download has their comments (with the response each received and whether a moderator hid
it), the comments they support, the abuse reports they made and, for moderators, the decisions
they took.

Deleting an account unlinks the person's comments from it (the author becomes no one) and keeps
their text, shown as a former user's: a consultation's record, and the organiser's reasoned
response to each proposal, must stay whole. Their supports are deleted and the comments'
support counts lowered to match; their abuse reports stay for the moderators, unlinked. A
published report keeps its proposals, but the name the person chose to show is taken out of
every version (the one change a published version receives), so that nothing names them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F

from opencity.accounts.models import User
from opencity.consultations.models import (
    AbuseReport,
    Comment,
    ModerationLogEntry,
    Report,
    Support,
)


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def consultations_personal_data(user: User) -> dict[str, list[dict[str, Any]]]:
    comments = (
        Comment.objects.filter(author=user)
        .select_related("consultation", "paragraph", "response")
        .order_by("created_at", "pk")
    )
    supports = (
        Support.objects.filter(user=user)
        .select_related("comment__consultation")
        .order_by("created_at", "pk")
    )
    reports = (
        AbuseReport.objects.filter(reporter=user)
        .select_related("comment__consultation")
        .order_by("created_at", "pk")
    )
    decisions = (
        ModerationLogEntry.objects.filter(moderator=user)
        .select_related("comment__consultation")
        .order_by("created_at", "pk")
    )
    return {
        "comments": [
            {
                "consultation": comment.consultation.title,
                "consultation_slug": comment.consultation.slug,
                "comment": comment.pk,
                "paragraph": comment.paragraph.order if comment.paragraph else None,
                "reply_to": comment.parent_id,
                "text": comment.text,
                "written_at": _iso(comment.created_at),
                "supports": comment.support_count,
                "hidden_at": _iso(comment.hidden_at),
                "hidden_reason": comment.hidden_reason,
                "response": (
                    {
                        "outcome": comment.response.outcome,
                        "reason": comment.response.reason,
                        "responded_at": _iso(comment.response.responded_at),
                    }
                    if hasattr(comment, "response")
                    else None
                ),
            }
            for comment in comments
        ],
        "supports": [
            {
                "consultation_slug": support.comment.consultation.slug,
                "comment": support.comment_id,
                "since": _iso(support.created_at),
            }
            for support in supports
        ],
        "abuse_reports": [
            {
                "consultation_slug": report.comment.consultation.slug,
                "comment": report.comment_id,
                "reason": report.reason,
                "reported_at": _iso(report.created_at),
                "resolved_at": _iso(report.resolved_at),
            }
            for report in reports
        ],
        "moderation_decisions": [
            {
                "consultation_slug": entry.comment.consultation.slug,
                "comment": entry.comment_id,
                "action": entry.action,
                "reason": entry.reason,
                "at": _iso(entry.created_at),
            }
            for entry in decisions
        ],
    }


def consultations_erase_person(user: User) -> None:
    """Unlink the person's comments and abuse reports, delete their supports (lowering the
    counts) and take their name out of published reports. Runs inside the account deletion's
    transaction."""
    comment_ids = set(Comment.objects.filter(author=user).values_list("pk", flat=True))
    if comment_ids:
        _anonymise_reports(comment_ids)
        Comment.objects.filter(pk__in=comment_ids).update(author=None)
    supported = (
        Support.objects.filter(user=user)
        .values("comment_id")
        .annotate(total=Count("pk"))
        .values_list("comment_id", "total")
    )
    for comment_id, total in supported:
        Comment.objects.filter(pk=comment_id, support_count__gte=total).update(
            support_count=F("support_count") - total
        )
    Support.objects.filter(user=user).delete()
    AbuseReport.objects.filter(reporter=user).update(reporter=None)


def _anonymise_reports(comment_ids: set[int]) -> None:
    consultation_ids = Comment.objects.filter(pk__in=comment_ids).values("consultation_id")
    for report in Report.objects.filter(consultation_id__in=consultation_ids):
        changed = False
        for proposal in report.snapshot.get("proposals", []):
            if proposal.get("comment") in comment_ids and (
                proposal.get("author") or not proposal.get("former_user")
            ):
                proposal["author"] = None
                proposal["former_user"] = True
                changed = True
        if changed:
            Report.objects.filter(pk=report.pk).update(snapshot=report.snapshot)
