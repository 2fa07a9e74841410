"""Methodologies as data: standard scales, freezing, refusing changes, cloning with a mapping."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencity.rankings import services
from opencity.rankings.models import (
    Area,
    Indicator,
    Methodology,
    MethodologyStatus,
    ScaleKind,
)

pytestmark = pytest.mark.django_db


def test_new_methodology_has_the_standard_scales(methodology):
    scales = {scale.kind: scale for scale in methodology.scales.prefetch_related("levels")}
    assert set(scales) == set(ScaleKind.values)
    lettered = {
        level.code: (level.points, level.not_applicable)
        for level in scales["lettered"].levels.all()
    }
    assert lettered == {
        "a": (Decimal("100"), False),
        "b": (Decimal("67"), False),
        "c": (Decimal("33"), False),
        "d": (Decimal("0"), False),
        "e": (None, True),
    }
    half = [level.points for level in scales["full_half_none"].levels.all()]
    assert half == [Decimal("1"), Decimal("0.5"), Decimal("0")]
    assert all(level.points is None for level in scales["implementation"].levels.all())


def test_frozen_methodology_refuses_every_change_with_a_clear_error(methodology, manager):
    services.methodology_freeze(actor=manager, methodology=methodology)
    methodology.refresh_from_db()
    assert methodology.status == MethodologyStatus.FROZEN and methodology.frozen_at
    indicator = methodology.indicators.first()
    indicator.title_en = "Changed"
    with pytest.raises(ValidationError, match="is frozen and cannot be changed"):
        services.methodology_part_save(actor=manager, part=indicator)
    with pytest.raises(ValidationError, match="is frozen"):
        services.methodology_part_delete(actor=manager, part=indicator)
    level = methodology.scales.first().levels.first()
    with pytest.raises(ValidationError, match="is frozen"):
        services.methodology_part_save(actor=manager, part=level)
    with pytest.raises(ValidationError, match="is frozen"):
        services.methodology_freeze(actor=manager, methodology=methodology)
    assert Indicator.objects.get(pk=indicator.pk).title_en == "Indicator 1"


def test_incomplete_methodology_cannot_be_frozen(manager):
    empty = services.methodology_create(actor=manager, name="Empty", edition=2025)
    with pytest.raises(ValidationError, match="no indicator.*no category threshold"):
        services.methodology_freeze(actor=manager, methodology=empty)


@pytest.mark.parametrize(
    "role", ["visitor", "citizen", "assessor", "reviewer", "coordinator", "city_official"]
)
def test_only_methodology_managers_and_admins_edit(methodology, make_person, role):
    person = make_person(role)
    area = Area(methodology=methodology, code="2", title_en="Budget")
    with pytest.raises(PermissionDenied):
        services.methodology_part_save(actor=person, part=area)
    with pytest.raises(PermissionDenied):
        services.methodology_create(actor=person, name="Mine", edition=2030)
    with pytest.raises(PermissionDenied):
        services.methodology_freeze(actor=person, methodology=methodology)


def test_indicator_with_a_scale_of_another_methodology_is_refused(methodology, manager):
    other = services.methodology_create(actor=manager, name="Other", edition=2024)
    indicator = methodology.indicators.first()
    indicator.scale = other.scales.first()
    with pytest.raises(ValidationError, match="same methodology"):
        services.methodology_part_save(actor=manager, part=indicator)


def test_clone_keeps_everything_and_maps_old_indicators_to_new(methodology, manager):
    services.methodology_freeze(actor=manager, methodology=methodology)
    clone = services.methodology_clone(
        actor=manager,
        methodology=methodology,
        edition=2025,
        indicator_mapping={"1.2": "1.2a", "1.3": None},
    )
    assert clone.status == MethodologyStatus.DRAFT
    assert clone.predecessor == methodology
    assert clone.name_en == "Transparent Cities"
    assert clone.scales.count() == methodology.scales.count()
    assert clone.thresholds.count() == 3
    pairs = {
        indicator.code: indicator.predecessor.code
        for indicator in clone.indicators.select_related("predecessor")
    }
    assert pairs == {"1.1": "1.1", "1.2a": "1.2"}
    # The clone's indicators use the clone's own areas and scales.
    for indicator in clone.indicators.select_related("area", "scale"):
        assert indicator.area.methodology_id == clone.pk
        assert indicator.scale.methodology_id == clone.pk
    # The frozen original is untouched, and the clone can be edited.
    assert methodology.indicators.count() == 3
    services.methodology_part_save(
        actor=manager, part=Area(methodology=clone, code="2", title_en="Budget")
    )


def test_clone_mapping_errors_name_the_codes(methodology, manager):
    with pytest.raises(ValidationError, match="not in the methodology: 9.9"):
        services.methodology_clone(
            actor=manager, methodology=methodology, edition=2025, indicator_mapping={"9.9": "1"}
        )
    with pytest.raises(ValidationError, match="same code: 1.1"):
        services.methodology_clone(
            actor=manager, methodology=methodology, edition=2025, indicator_mapping={"1.2": "1.1"}
        )
    assert Methodology.objects.count() == 1
