from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from opencity.accounts.models import OrganisationKind
from opencity.events.models import EventKind
from tests import factories
from tests.events.factories import EventFactory


def hours(number: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=number)


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text without tags, its white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def organiser(city_hall):
    """The shared city hall: make_person("city_official") organises its events."""
    return city_hall


@pytest.fixture
def future_event(organiser):
    return EventFactory(
        organiser=organiser,
        municipality=organiser.municipality,
        title_en="Budget hearing, 2027",
        slug="budget-hearing",
        kind=EventKind.PUBLIC_DISCUSSION,
        capacity=2,
        description_en="What should the city spend on; bring your questions.",
        address="Piața Iuliu Maniu 1",
    )


@pytest.fixture
def past_training(organiser):
    return EventFactory(
        organiser=organiser,
        municipality=organiser.municipality,
        title_en="Open data training",
        slug="open-data-training",
        kind=EventKind.TRAINING,
        starts_at=hours(-50),
        ends_at=hours(-46),
        capacity=None,
    )


@pytest.fixture
def other_cso(db):
    return factories.OrganisationFactory(kind=OrganisationKind.CSO, name_en="Civic Lab")
