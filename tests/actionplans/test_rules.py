"""Every role over every action-plan permission: allowed or refused, as the rules say."""

from __future__ import annotations

import pytest
import rules

from opencity.accounts.models import OrganisationKind, Role
from tests import factories
from tests.actionplans.factories import CommitmentFactory
from tests.conftest import ROLES

ALL = set(ROLES)
SIGNED_IN = ALL - {"visitor"}
CSO_TEAM = {"assessor", "reviewer", "coordinator", "methodology_manager"}

# permission -> (object: None, "member", "plan", "commitment" or "milestone"; roles allowed).
# The city official of the shared fixtures is an official of the member's government body.
MATRIX: dict[str, tuple[str | None, set[str]]] = {
    "actionplans.manage_plan": ("plan", {"city_official", "admin"}),
    "actionplans.report_progress": ("milestone", {"city_official", "admin"}),
    "actionplans.self_assess": ("commitment", {"city_official", "admin"}),
    "actionplans.assess_independently": (None, {"independent_assessor", "admin"}),
    "actionplans.monitor": (None, CSO_TEAM | {"admin"}),
    "actionplans.view_draft_plan": ("member", {"city_official", "admin"}),
    "actionplans.follow": (None, SIGNED_IN),
    "actionplans.import_ogp": (None, {"admin"}),
}


def test_matrix_covers_every_declared_permission():
    declared = {name for name in rules.permissions.permissions if name.startswith("actionplans.")}
    assert declared == set(MATRIX), "add the new permission to MATRIX with the roles it allows"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", sorted(MATRIX))
def test_role_is_allowed_or_refused(permission, role, make_person, member, plan, milestone):
    target, allowed = MATRIX[permission]
    person = make_person(role)
    obj = {
        "member": member,
        "plan": plan,
        "commitment": milestone.commitment,
        "milestone": milestone,
    }.get(target)
    assert person.has_perm(permission, obj) is (role in allowed)


@pytest.mark.django_db
def test_officials_of_another_city_may_not_touch_the_plan(plan, milestone):
    other_hall = factories.OrganisationFactory(
        kind=OrganisationKind.CITY_HALL, municipality=factories.MunicipalityFactory()
    )
    official = factories.MembershipFactory(organisation=other_hall, role=Role.OFFICIAL).user
    assert not official.has_perm("actionplans.manage_plan", plan)
    assert not official.has_perm("actionplans.report_progress", milestone)
    assert not official.has_perm("actionplans.self_assess", milestone.commitment)


@pytest.mark.django_db
def test_officials_of_the_lead_institution_report_progress_but_do_not_manage_the_plan(plan):
    ministry = factories.OrganisationFactory(kind=OrganisationKind.NATIONAL_GOVERNMENT)
    commitment = CommitmentFactory(plan=plan, lead_institution=ministry)
    official = factories.MembershipFactory(organisation=ministry, role=Role.OFFICIAL).user
    assert official.has_perm("actionplans.report_progress", commitment)
    assert not official.has_perm("actionplans.manage_plan", commitment)
    assert not official.has_perm("actionplans.self_assess", commitment)
