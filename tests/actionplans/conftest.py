from __future__ import annotations

import pytest

from opencity.accounts.models import OrganisationKind, Role
from tests import factories
from tests.actionplans.factories import (
    ActionPlanFactory,
    CommitmentFactory,
    MemberFactory,
    MilestoneFactory,
)


@pytest.fixture
def member(city_hall):
    """A local member whose government body is the `city_hall` of the shared fixtures, so that
    `make_person("city_official")` is one of its officials."""
    return MemberFactory(
        municipality=city_hall.municipality,
        government=city_hall,
        name_en="Alba Iulia",
        slug="alba-iulia",
        prefix="ABI",
    )


@pytest.fixture
def plan(member):
    return ActionPlanFactory(member=member, number=1, identifier="AP_ABI01")


@pytest.fixture
def commitment(plan):
    return CommitmentFactory(plan=plan, number="1", identifier="ABI0001")


@pytest.fixture
def milestone(commitment):
    return MilestoneFactory(commitment=commitment, number=1)


@pytest.fixture
def mechanism(db):
    """The independent reporting mechanism's organisation."""
    return factories.OrganisationFactory(
        kind=OrganisationKind.OTHER, name_en="Independent Reporting Mechanism"
    )


@pytest.fixture
def independent_assessor(mechanism):
    membership = factories.MembershipFactory(organisation=mechanism, role=Role.INDEPENDENT_ASSESSOR)
    return membership.user
