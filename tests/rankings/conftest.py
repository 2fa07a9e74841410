"""A small methodology to work with: one area, three binary indicators, three categories."""

from __future__ import annotations

import pytest

from opencity.rankings import services
from opencity.rankings.models import (
    Area,
    CategoryThreshold,
    CheckMethod,
    Indicator,
    RequirementType,
    ScaleKind,
)


@pytest.fixture
def manager(make_person):
    return make_person("methodology_manager")


def build_methodology(manager):  # type: ignore[no-untyped-def]
    """A draft methodology: one area, three binary indicators, three categories."""
    methodology = services.methodology_create(
        actor=manager, name="Transparent Cities", edition=2024
    )
    area = Area(methodology=methodology, code="1", title_en="Openness", order=1)
    services.methodology_part_save(actor=manager, part=area)
    binary = methodology.scales.get(kind=ScaleKind.BINARY)
    for number in (1, 2, 3):
        services.methodology_part_save(
            actor=manager,
            part=Indicator(
                methodology=methodology,
                area=area,
                code=f"1.{number}",
                title_en=f"Indicator {number}",
                check_method=CheckMethod.WEBSITE,
                requirement_type=RequirementType.LEGAL,
                scale=binary,
                order=number,
            ),
        )
    for code, minimum in (("transparent", 75), ("partial", 50), ("opaque", 0)):
        services.methodology_part_save(
            actor=manager,
            part=CategoryThreshold(
                methodology=methodology, code=code, label_en=code, minimum=minimum
            ),
        )
    return methodology


@pytest.fixture
def methodology(manager):  # type: ignore[no-untyped-def]
    return build_methodology(manager)
