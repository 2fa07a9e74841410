"""The life cycle of a request: statuses, the groups they belong to, what may follow what.

unconfirmed → open (confirmed, investigating, in progress, planned, action scheduled) → closed
(unable to fix, not responsible, duplicate, referred, closed) or fixed. The reporter may reopen a
closed or fixed request ("not fixed"), which sets it back to confirmed. Open311 knows only open
and closed: every closed and fixed status is "closed" there.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("unconfirmed")
    CONFIRMED = "confirmed", _("confirmed")
    INVESTIGATING = "investigating", _("investigating")
    IN_PROGRESS = "in_progress", _("in progress")
    PLANNED = "planned", _("planned")
    ACTION_SCHEDULED = "action_scheduled", _("action scheduled")
    UNABLE_TO_FIX = "unable_to_fix", _("unable to fix")
    NOT_RESPONSIBLE = "not_responsible", _("not responsible")
    DUPLICATE = "duplicate", _("duplicate")
    REFERRED = "referred", _("referred to another body")
    CLOSED = "closed", _("closed")
    FIXED = "fixed", _("fixed")


class Group(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("unconfirmed")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    FIXED = "fixed", _("fixed")


OPEN_STATUSES = frozenset(
    {
        Status.CONFIRMED,
        Status.INVESTIGATING,
        Status.IN_PROGRESS,
        Status.PLANNED,
        Status.ACTION_SCHEDULED,
    }
)
CLOSED_STATUSES = frozenset(
    {
        Status.UNABLE_TO_FIX,
        Status.NOT_RESPONSIBLE,
        Status.DUPLICATE,
        Status.REFERRED,
        Status.CLOSED,
    }
)
FIXED_STATUSES = frozenset({Status.FIXED})
# Public pages and the API never show these.
HIDDEN_STATUSES = frozenset({Status.UNCONFIRMED})


def group_of(status: str) -> Group:
    if status in OPEN_STATUSES:
        return Group.OPEN
    if status in CLOSED_STATUSES:
        return Group.CLOSED
    if status in FIXED_STATUSES:
        return Group.FIXED
    return Group.UNCONFIRMED


def open311_status(status: str) -> str:
    """Open311's two statuses."""
    return "open" if status in OPEN_STATUSES else "closed"


def may_change(before: str, after: str) -> bool:
    """Officials move a confirmed request to any open, closed or fixed status; an unconfirmed
    request is confirmed first (by its reporter's e-mail or by an official)."""
    return before != after and after != Status.UNCONFIRMED


def may_reopen(status: str) -> bool:
    return status in CLOSED_STATUSES or status in FIXED_STATUSES
