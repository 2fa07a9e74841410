"""The phases of a consultation and what each allows. Views ask here; they never compare dates."""

from __future__ import annotations

import datetime
import enum

from django.utils.translation import gettext_lazy as _


class Phase(enum.Enum):
    DRAFT = "draft"
    ANNOUNCED = "announced"
    OPEN = "open"
    REVIEW = "review"
    REPORTED = "reported"

    @property
    def label(self) -> str:
        return str(PHASE_LABELS[self])


PHASE_LABELS = {
    Phase.DRAFT: _("draft"),
    Phase.ANNOUNCED: _("announced"),
    Phase.OPEN: _("open for comments"),
    Phase.REVIEW: _("closed for review"),
    Phase.REPORTED: _("report published"),
}

# What may be done in each phase. Who may do it is decided by rules.py.
ALLOWED: dict[Phase, frozenset[str]] = {
    Phase.DRAFT: frozenset({"edit_document", "publish"}),
    Phase.ANNOUNCED: frozenset({"edit_document"}),
    Phase.OPEN: frozenset({"comment", "support", "report_abuse", "moderate", "respond"}),
    Phase.REVIEW: frozenset({"report_abuse", "moderate", "respond", "edit_final_text", "report"}),
    # A published report is immutable; a correction is a new version of it.
    Phase.REPORTED: frozenset({"report_abuse", "moderate", "report"}),
}


def phase_on(
    moment: datetime.datetime,
    *,
    published: bool,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    has_report: bool,
) -> Phase:
    """The phase of a consultation with these settings at `moment`."""
    if not published:
        return Phase.DRAFT
    if has_report:
        return Phase.REPORTED
    if moment < opens_at:
        return Phase.ANNOUNCED
    if moment < closes_at:
        return Phase.OPEN
    return Phase.REVIEW


def allows(phase: Phase, action: str) -> bool:
    return action in ALLOWED[phase]
