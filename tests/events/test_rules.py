"""Every role over every event permission: allowed or refused."""

from __future__ import annotations

import pytest
import rules

from tests.conftest import ROLES
from tests.events.factories import EventFactory

SIGNED_IN = set(ROLES) - {"visitor"}

# The event is organised by the CSO of the shared fixtures: its coordinators manage it.
MATRIX: dict[str, tuple[str | None, set[str]]] = {
    "events.manage": ("event", {"coordinator", "admin"}),
    "events.view_registrations": ("event", {"coordinator", "admin"}),
    "events.register": (None, SIGNED_IN),
}


def test_matrix_covers_every_declared_permission():
    declared = {n for n in rules.permissions.permissions if n.startswith("events.")}
    assert declared == set(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", sorted(MATRIX))
def test_role_is_allowed_or_refused(permission, role, make_person, cso):
    target, allowed = MATRIX[permission]
    obj = EventFactory(organiser=cso) if target == "event" else None
    assert make_person(role).has_perm(permission, obj) is (role in allowed)


@pytest.mark.django_db
def test_city_officials_manage_their_city_halls_events(make_person, city_hall):
    event = EventFactory(organiser=city_hall)
    assert make_person("city_official").has_perm("events.manage", event)
    assert not make_person("coordinator").has_perm("events.manage", event)
