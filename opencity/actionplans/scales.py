"""The vocabularies of open-government action plans: OGP values, the IAP2 spectrum of public
influence, and every scale of the Independent Reporting Mechanism (IRM).

Every assessment scale carries two explicit values besides its own: "no data" (`ND` in OGP's
published table) and "not reviewed" (`NR`). An empty value means the report did not use that scale.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

NO_DATA = "no_data"
NOT_REVIEWED = "not_reviewed"


class OgpValue(models.TextChoices):
    ACCESS_TO_INFORMATION = "access_to_information", _("access to information")
    CIVIC_PARTICIPATION = "civic_participation", _("civic participation")
    PUBLIC_ACCOUNTABILITY = "public_accountability", _("public accountability")
    TECHNOLOGY = "technology", _("technology and innovation")


class MemberKind(models.TextChoices):
    NATIONAL = "national", _("national government")
    LOCAL = "local", _("local government")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("in preparation")
    IMPLEMENTATION = "implementation", _("in implementation")
    COMPLETED = "completed", _("completed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class InfluenceLevel(models.TextChoices):
    """The IAP2 spectrum; "involve" is OGP's minimum during the development of a plan."""

    INFORM = "inform", _("inform")
    CONSULT = "consult", _("consult")
    INVOLVE = "involve", _("involve")
    COLLABORATE = "collaborate", _("collaborate")
    EMPOWER = "empower", _("empower")


INFLUENCE_ORDER = [level.value for level in InfluenceLevel]


class CoCreationKind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    CONSULTATION = "consultation", _("public consultation")
    WORKSHOP = "workshop", _("workshop")
    FORUM = "forum", _("multi-stakeholder forum")
    OTHER = "other", _("other")


class MilestoneStatus(models.TextChoices):
    """Stored statuses; "delayed" is derived (see `Milestone.display_status`)."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETE = "complete", _("complete")


DELAYED = "delayed"
DELAYED_LABEL = _("delayed")


class ReportType(models.TextChoices):
    ACTION_PLAN_REVIEW = "action_plan_review", _("action plan review")
    RESULTS_REPORT = "results_report", _("results report")
    MID_TERM = "mid_term", _("mid-term progress report")
    END_OF_TERM = "end_of_term", _("end-of-term report")
    LOCAL_END_OF_COMMITMENT = "local_end_of_commitment", _("local end-of-commitment assessment")


class AssessorKind(models.TextChoices):
    INDEPENDENT = "independent", _("independent assessment")
    SELF = "self", _("government self-assessment")
    CIVIL_SOCIETY = "civil_society", _("civil-society monitoring")


def _with_missing(*choices: tuple[str, object]) -> list[tuple[str, object]]:
    return [*choices, (NO_DATA, _("no data")), (NOT_REVIEWED, _("not reviewed"))]


VERIFIABILITY = _with_missing(
    ("verifiable", _("verifiable")), ("not_verifiable", _("not verifiable"))
)
SPECIFICITY = _with_missing(
    ("none", _("none")), ("low", _("low")), ("medium", _("medium")), ("high", _("high"))
)
YES_NO = _with_missing(("yes", _("yes")), ("no", _("no")))
POTENTIAL_IMPACT = _with_missing(
    ("none", _("none")),
    ("minor", _("minor")),
    ("moderate", _("moderate")),
    ("transformative", _("transformative")),
)
POTENTIAL_FOR_RESULTS = _with_missing(
    ("unclear", _("unclear")), ("modest", _("modest")), ("substantial", _("substantial"))
)
COMPLETION = _with_missing(
    ("no_evidence", _("no evidence available")),
    ("not_started", _("not started")),
    ("limited", _("limited")),
    ("substantial", _("substantial")),
    ("complete", _("complete")),
    ("withdrawn", _("withdrawn")),
    ("unclear", _("unclear")),
)
OPEN_GOVERNMENT = _with_missing(
    ("worsened", _("worsened")),
    ("did_not_change", _("did not change")),
    ("marginal", _("marginal")),
    ("major", _("major")),
    ("outstanding", _("outstanding")),
    ("no_early_results", _("no early results to report yet")),
)
EARLY_RESULTS = _with_missing(
    ("no_notable", _("no notable results")),
    ("moderate", _("moderate")),
    ("significant", _("significant")),
)

# Values of "did it open government" that count as strong results.
STRONG_OPEN_GOVERNMENT = frozenset({"major", "outstanding"})


def is_starred(
    *,
    specificity: str,
    relevant_values: int,
    potential_impact: str,
    completion: str,
) -> bool:
    """The IRM's older formula: specificity medium or high, relevant to at least one OGP value,
    potential impact moderate or transformative, completion substantial or complete."""
    return (
        specificity in {"medium", "high"}
        and relevant_values >= 1
        and potential_impact in {"moderate", "transformative"}
        and completion in {"substantial", "complete"}
    )
