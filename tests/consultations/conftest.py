from __future__ import annotations

import pytest

from tests.consultations.factories import ConsultationFactory, ParagraphFactory, SectionFactory


@pytest.fixture
def consultation(city_hall):
    """Open for comments, organised by the `city_hall` of the shared fixtures, so that
    `make_person("city_official")` is one of the organiser's officials."""
    return ConsultationFactory(
        organiser=city_hall, municipality=city_hall.municipality, slug="budget-2027"
    )


@pytest.fixture
def paragraph(consultation):
    section = SectionFactory(consultation=consultation, order=1, title="General provisions")
    return ParagraphFactory(section=section, consultation=consultation, order=1)
