"""The one check every service makes before it writes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require(actor: Any, permission: str, obj: object = None) -> None:
    """Refuse with PermissionDenied unless `actor` has `permission` (a django-rules name)."""
    if not actor.has_perm(permission, obj):
        raise PermissionDenied(_("You are not allowed to do this."))
