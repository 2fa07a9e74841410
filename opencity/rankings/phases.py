"""The phases of a cycle and what each allows. Views ask here; they never compare dates."""

from __future__ import annotations

import datetime
import enum

from django.utils.translation import gettext_lazy as _


class Phase(enum.Enum):
    PREPARATION = "preparation"
    INFORMATION_REQUESTS = "information_requests"
    ASSESSMENT = "assessment"
    REVIEW = "review"
    CITY_REPLY = "city_reply"
    PUBLICATION = "publication"

    @property
    def label(self) -> str:
        return str(PHASE_LABELS[self])


PHASE_LABELS = {
    Phase.PREPARATION: _("preparation"),
    Phase.INFORMATION_REQUESTS: _("information requests"),
    Phase.ASSESSMENT: _("assessment"),
    Phase.REVIEW: _("review"),
    Phase.CITY_REPLY: _("city reply"),
    Phase.PUBLICATION: _("publication"),
}

# What may be done in each phase. Who may do it is decided by rules.py.
ALLOWED: dict[Phase, frozenset[str]] = {
    Phase.PREPARATION: frozenset({"assign"}),
    Phase.INFORMATION_REQUESTS: frozenset({"assign", "answer"}),
    Phase.ASSESSMENT: frozenset({"assign", "answer", "submit", "review"}),
    Phase.REVIEW: frozenset({"answer", "submit", "review", "disqualify"}),
    Phase.CITY_REPLY: frozenset({"reply", "resolve_reply", "disqualify"}),
    # Once a version is published, answers change only through a correction (a new version).
    Phase.PUBLICATION: frozenset({"resolve_reply", "disqualify", "publish", "correct"}),
}


def phase_on(
    day: datetime.date,
    *,
    information_requests_start: datetime.date,
    assessment_start: datetime.date,
    review_start: datetime.date,
    reply_start: datetime.date,
    publication_date: datetime.date,
) -> Phase:
    """The phase a cycle with these dates is in on `day`."""
    boundaries = [
        (publication_date, Phase.PUBLICATION),
        (reply_start, Phase.CITY_REPLY),
        (review_start, Phase.REVIEW),
        (assessment_start, Phase.ASSESSMENT),
        (information_requests_start, Phase.INFORMATION_REQUESTS),
    ]
    for start, phase in boundaries:
        if day >= start:
            return phase
    return Phase.PREPARATION


def allows(phase: Phase, action: str) -> bool:
    return action in ALLOWED[phase]
