from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from opencity.accounts.models import OrganisationKind, Role, User
from tests import factories

CHROMIUM = os.environ.get("OPENCITY_CHROMIUM", "/usr/bin/chromium")

# Every role of DESIGN.md, as a person the tests can act as.
ROLES = [
    "visitor",
    "citizen",
    "assessor",
    "reviewer",
    "coordinator",
    "methodology_manager",
    "city_official",
    "independent_assessor",
    "moderator",
    "admin",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(
        reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Start each test in English, as a fresh process would be, whatever an earlier test left
    active (the test client's requests to /uk/, /ro/ or /bg/ leave their language active)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def cso(db):
    return factories.OrganisationFactory(kind=OrganisationKind.CSO, name_en="Transparency Watch")


@pytest.fixture
def city_hall(db):
    municipality = factories.MunicipalityFactory(name_en="Alba Iulia")
    return factories.OrganisationFactory(
        kind=OrganisationKind.CITY_HALL, municipality=municipality, name_en="Alba Iulia City Hall"
    )


@pytest.fixture
def make_person(db, cso, city_hall) -> Callable[[str], User | AnonymousUser]:
    """A person holding one of ROLES: CSO roles in `cso`, the official in `city_hall`."""

    def make(role: str, *, two_factor: bool = True) -> User | AnonymousUser:
        if role == "visitor":
            return AnonymousUser()
        user = factories.UserFactory()
        if role == "admin":
            user.is_superuser = user.is_staff = True
            user.save()
        elif role == "moderator":
            user.is_moderator = True
            user.save()
        elif role == "city_official":
            factories.MembershipFactory(user=user, organisation=city_hall, role=Role.OFFICIAL)
        elif role == "independent_assessor":
            mechanism = factories.OrganisationFactory(
                kind=OrganisationKind.OTHER, name_en="Independent Reporting Mechanism"
            )
            factories.MembershipFactory(
                user=user, organisation=mechanism, role=Role.INDEPENDENT_ASSESSOR
            )
        elif role != "citizen":
            factories.MembershipFactory(user=user, organisation=cso, role=role)
        if two_factor and role in {"admin", "moderator", "coordinator"}:
            factories.add_totp(user)
        return user

    return make
