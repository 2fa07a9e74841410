"""What the action plans app holds about a person: for their personal-data download, and what
deleting their account removes."""

from __future__ import annotations

from typing import Any

from opencity.accounts.models import User
from opencity.actionplans.models import Assessment, Follow, ProgressUpdate


def actionplans_personal_data(user: User) -> dict[str, Any]:
    """The commitments the person follows, the progress updates and the assessments they wrote."""
    return {
        "follows": [
            {
                "commitment": follow.commitment.identifier,
                "title": follow.commitment.title,
                "since": follow.created_at.isoformat(),
            }
            for follow in Follow.objects.filter(user=user)
            .select_related("commitment")
            .order_by("created_at", "pk")
        ],
        "progress_updates": [
            {
                "commitment": update.commitment.identifier,
                "reported_on": update.reported_on.isoformat(),
                "title": update.title,
                "text": update.text,
                "progress": None if update.progress is None else str(update.progress),
                "on_behalf_of": update.organisation.name if update.organisation else None,
                "recorded": update.created_at.isoformat(),
            }
            for update in ProgressUpdate.objects.filter(author=user)
            .select_related("commitment", "organisation")
            .order_by("created_at", "pk")
        ],
        "assessments": [
            {
                "commitment": assessment.commitment.identifier,
                "report": assessment.report_type,
                "assessed_by": assessment.assessor_kind,
                "organisation": assessment.organisation.name,
                "published_on": assessment.published_on.isoformat()
                if assessment.published_on
                else None,
                "summary": assessment.summary,
                "recorded": assessment.created_at.isoformat(),
            }
            for assessment in Assessment.objects.filter(author=user)
            .select_related("commitment", "organisation")
            .order_by("created_at", "pk")
        ],
    }


def actionplans_erase_person(user: User) -> None:
    """When an account is deleted: its follows go, and the progress updates and assessments it
    wrote stay published under their organisation, pointing at no person."""
    Follow.objects.filter(user=user).delete()
    # update(): unlinking the author is not a change of the update's or assessment's history.
    ProgressUpdate.objects.filter(author=user).update(author=None)
    Assessment.objects.filter(author=user).update(author=None)
    ProgressUpdate.history.filter(author=user).update(author=None)
    Assessment.history.filter(author=user).update(author=None)
