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


# Days since the start of information requests that put a cycle built with `dates` in a phase.
PHASE_OFFSETS = {
    "preparation": -5,
    "assessment": 40,
    "review": 65,
    "city_reply": 85,
    "publication": 105,
}


def move_to(cycle, phase: str):  # type: ignore[no-untyped-def]
    """Shift a cycle's dates so that today falls in `phase` (as time passing would)."""
    from opencity.rankings.models import Cycle
    from tests.rankings.test_cycles import dates

    Cycle.objects.filter(pk=cycle.pk).update(**dates(offset_days=PHASE_OFFSETS[phase]))
    cycle.refresh_from_db()
    return cycle


# Levels of the three binary indicators (1.1, 1.2, 1.3) for each municipality of `ranking`.
RANKING_LEVELS = {"Alba Iulia": ["1", "1", "0"], "Brasov": ["1", "1", "1"], "Cluj": ["0", "0", "0"]}


@pytest.fixture
def ranking(make_person, methodology, city_hall):  # type: ignore[no-untyped-def]
    """A cycle of three municipalities, every answer approved, in the assessment phase.

    Alba Iulia (the `city_hall` fixture's municipality) scores 66.7, Brasov 100, Cluj 0.
    """
    from types import SimpleNamespace

    from tests.factories import MunicipalityFactory
    from tests.rankings.test_cycles import dates

    coordinator = make_person("coordinator")
    assessor = make_person("assessor")
    reviewer = make_person("reviewer")
    official = make_person("city_official")
    municipalities = [
        city_hall.municipality,
        MunicipalityFactory(name_en="Brasov"),
        MunicipalityFactory(name_en="Cluj"),
    ]
    cycle = services.cycle_open(
        actor=coordinator, methodology=methodology, year=2024, name="Transparent Cities",
        municipalities=municipalities, **dates(offset_days=PHASE_OFFSETS["assessment"]),
    )  # fmt: skip
    services.assignment_bulk(
        actor=coordinator, cycle=cycle, municipalities=municipalities,
        assessor=assessor, reviewer=reviewer,
    )  # fmt: skip
    indicators = list(methodology.indicators.order_by("order"))
    for municipality in municipalities:
        for indicator, level in zip(indicators, RANKING_LEVELS[municipality.name_en], strict=True):
            answer = services.answer_save(
                actor=assessor, cycle=cycle, municipality=municipality, indicator=indicator,
                level_code=level, expected_revision=0,
                evidence_urls=[f"https://{municipality.slug}.example.org/{indicator.code}"],
                comment=f"Checked {indicator.code}", recommendation="Publish on time",
            )  # fmt: skip
            services.answer_submit(actor=assessor, answer=answer)
            services.answer_approve(actor=reviewer, answer=answer)
    return SimpleNamespace(
        cycle=cycle,
        municipalities=municipalities,
        indicators=indicators,
        coordinator=coordinator,
        assessor=assessor,
        reviewer=reviewer,
        official=official,
    )
