from __future__ import annotations

import pytest

from tests.feedback.factories import ServiceAttributeFactory, ServiceFactory


@pytest.fixture
def service(city_hall):
    """A category of the `city_hall`'s municipality: make_person("city_official") handles it."""
    service = ServiceFactory(
        municipality=city_hall.municipality, code="pothole", name_en="Pothole", deadline_days=7
    )
    ServiceAttributeFactory(
        service=service,
        code="size",
        datatype="singlevaluelist",
        required=True,
        description_en="How big is it?",
        values=[{"key": "small", "name": "small"}, {"key": "large", "name": "large"}],
    )
    return service
