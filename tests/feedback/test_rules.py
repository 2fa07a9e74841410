"""Every role over every feedback permission: allowed or refused."""

from __future__ import annotations

import pytest
import rules

from tests.conftest import ROLES

ALL = set(ROLES)

MATRIX: dict[str, tuple[str | None, set[str]]] = {
    "feedback.handle": ("service", {"city_official", "admin"}),
    "feedback.manage_services": ("municipality", {"city_official", "admin"}),
    "feedback.view_inbox": (None, {"city_official", "admin"}),
    "feedback.submit": (None, ALL),
    "feedback.manage_api_clients": (None, {"admin"}),
}


def test_matrix_covers_every_declared_permission():
    declared = {n for n in rules.permissions.permissions if n.startswith("feedback.")}
    assert declared == set(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", sorted(MATRIX))
def test_role_is_allowed_or_refused(permission, role, make_person, service):
    target, allowed = MATRIX[permission]
    obj = {"service": service, "municipality": service.municipality}.get(target)
    assert make_person(role).has_perm(permission, obj) is (role in allowed)
