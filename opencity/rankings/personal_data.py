"""What the rankings app holds about a person, for their personal-data download."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from opencity.accounts.models import User
from opencity.rankings.models import Answer, Assignment, Dispute


def rankings_personal_data(user: User) -> dict[str, Any]:
    """Assignments, the answers the person last changed, and the city replies they wrote."""
    return {
        "assignments": [
            {
                "cycle": str(assignment.cycle),
                "municipality": str(assignment.municipality),
                "as": "assessor" if assignment.assessor_id == user.pk else "reviewer",
            }
            for assignment in Assignment.objects.filter(
                Q(assessor=user) | Q(reviewer=user)
            ).select_related("cycle", "municipality")
        ],
        "answers_last_changed": [
            {
                "cycle": str(answer.cycle),
                "municipality": str(answer.municipality),
                "indicator": answer.indicator.code,
                "level": answer.level.code if answer.level else None,
                "comment": answer.comment,
                "recommendation": answer.recommendation,
                "changed": answer.updated_at.isoformat(),
            }
            for answer in Answer.objects.filter(updated_by=user).select_related(
                "cycle", "municipality", "indicator", "level"
            )
        ],
        "city_replies": [
            {
                "answer": str(dispute.answer),
                "proposed_level": dispute.proposed_level.code,
                "explanation": dispute.explanation,
                "evidence_urls": dispute.evidence_urls,
                "state": dispute.state,
                "sent": dispute.created_at.isoformat(),
            }
            for dispute in Dispute.objects.filter(author=user).select_related(
                "answer__municipality", "answer__indicator", "proposed_level"
            )
        ],
    }
