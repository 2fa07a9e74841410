"""Every role over every permission declared so far: allowed or refused, as DESIGN.md says."""

from __future__ import annotations

import pytest
import rules

from tests.conftest import ROLES

ALL = set(ROLES)
SIGNED_IN = ALL - {"visitor"}
CSO_TEAM = {"assessor", "reviewer", "coordinator", "methodology_manager"}

# permission -> (object to check against: None, "cso", or "municipality" (the city hall's);
# roles allowed)
MATRIX: dict[str, tuple[str | None, set[str]]] = {
    "places.import_register": (None, {"admin"}),
    "places.change_place": (None, {"admin"}),
    "accounts.create_organisation": (None, {"admin"}),
    "accounts.change_organisation": ("cso", {"coordinator", "admin"}),
    "accounts.manage_memberships": ("cso", {"coordinator", "admin"}),
    "accounts.view_organisation_members": ("cso", CSO_TEAM | {"admin"}),
    "accounts.export_own_data": (None, SIGNED_IN),
    "accounts.delete_own_account": (None, SIGNED_IN),
    "accounts.grant_platform_role": (None, {"admin"}),
    "accounts.view_admin_site": (None, {"moderator", "admin"}),
    "rankings.change_methodology": (None, {"methodology_manager", "admin"}),
    "rankings.freeze_methodology": (None, {"methodology_manager", "admin"}),
    "rankings.manage_cycle": (None, {"coordinator", "admin"}),
    "rankings.view_draft_results": (None, CSO_TEAM | {"admin"}),
    "rankings.publish_cycle": (None, {"coordinator", "admin"}),
    "rankings.disqualify": (None, {"coordinator", "admin"}),
    "rankings.resolve_dispute": (None, {"reviewer", "coordinator", "admin"}),
    # An official of the municipality's own city hall (and admins, who may do everything).
    "rankings.dispute_answer": ("municipality", {"city_official", "admin"}),
}

# A city official's powers are over their own city hall, never over a CSO.
CITY_HALL_MATRIX: dict[str, set[str]] = {
    "accounts.change_organisation": {"admin"},
    "accounts.manage_memberships": {"admin"},
    "accounts.view_organisation_members": {"city_official", "admin"},
}


def test_matrix_covers_every_declared_permission():
    declared = {
        name
        for name in rules.permissions.permissions
        if name.split(".")[0] in {"places", "accounts", "core", "rankings"}
    }
    assert declared == set(MATRIX), "add the new permission to MATRIX with the roles it allows"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", sorted(MATRIX))
def test_role_is_allowed_or_refused(permission, role, make_person, cso, city_hall):
    target, allowed = MATRIX[permission]
    person = make_person(role)
    obj = {"cso": cso, "municipality": city_hall.municipality}.get(target)
    assert person.has_perm(permission, obj) is (role in allowed)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", sorted(CITY_HALL_MATRIX))
def test_role_over_a_city_hall(permission, role, make_person, city_hall):
    person = make_person(role)
    assert person.has_perm(permission, city_hall) is (role in CITY_HALL_MATRIX[permission])


@pytest.mark.django_db
def test_officials_reply_only_for_their_own_city(make_person, city_hall):
    from tests.factories import MunicipalityFactory

    official = make_person("city_official")
    assert official.has_perm("rankings.dispute_answer", city_hall.municipality)
    assert not official.has_perm("rankings.dispute_answer", MunicipalityFactory())


@pytest.mark.django_db
def test_deactivated_admin_loses_every_permission(make_person, cso):
    admin = make_person("admin")
    admin.is_active = False
    admin.save()
    assert not any(
        admin.has_perm(permission, cso)
        for permission, (_, allowed) in MATRIX.items()
        if allowed != ALL
    )
