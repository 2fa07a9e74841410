"""The demo methodology shipped as CSV files: it imports, is complete in every language, can be
frozen, and exports back to the same rows."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.conf import settings

from opencity.rankings import exchange, services
from opencity.rankings.demo_data import (
    DEMO_METHODOLOGY_DIR,
    INDICATOR_NOTES,
    demo_methodology_tables,
)
from opencity.rankings.models import MethodologyStatus, ScaleKind

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def demo(manager):  # type: ignore[no-untyped-def]
    return exchange.methodology_import(actor=manager, tables=demo_methodology_tables())


def test_the_files_have_the_columns_of_the_import_format():
    assert sorted(path.name for path in DEMO_METHODOLOGY_DIR.iterdir()) == sorted(
        f"{table}.csv" for table in exchange.COLUMNS
    )
    for table, columns in exchange.COLUMNS.items():
        header = (DEMO_METHODOLOGY_DIR / f"{table}.csv").read_bytes().decode("utf-8")
        assert header.split("\n", 1)[0] == ",".join(columns)


def test_it_imports_with_14_areas_and_86_indicators(demo):
    assert (demo.name_en, demo.edition, demo.version) == ("Transparent Cities", 2020, 1)
    assert (demo.name_uk, demo.name_ro, demo.name_bg) == (
        "Прозорі міста",
        "Orașe transparente",
        "Прозрачни градове",
    )
    assert demo.status == MethodologyStatus.DRAFT
    areas = list(demo.areas.all())
    assert [area.code for area in areas] == [str(number) for number in range(1, 15)]
    assert [area.order for area in areas] == list(range(1, 15))
    assert {area.weight for area in areas} == {Decimal(1)}
    assert demo.indicators.count() == 86
    for area in areas:
        indicators = list(area.indicators.order_by("order"))
        assert 5 <= len(indicators) <= 8, area.code
        assert [indicator.code for indicator in indicators] == [
            f"{area.code}.{number}" for number in range(1, len(indicators) + 1)
        ]
        assert [indicator.order for indicator in indicators] == list(range(1, len(indicators) + 1))


def test_every_text_is_there_in_every_language(demo):
    for language in LANGUAGES:
        for area in demo.areas.all():
            assert getattr(area, f"title_{language}"), (area.code, language)
        for indicator in demo.indicators.all():
            assert getattr(indicator, f"title_{language}"), (indicator.code, language)
        for scale in demo.scales.prefetch_related("levels"):
            assert getattr(scale, f"name_{language}"), (scale.code, language)
            for level in scale.levels.all():
                assert getattr(level, f"label_{language}"), (scale.code, level.code, language)
        for threshold in demo.thresholds.all():
            assert getattr(threshold, f"label_{language}"), (threshold.code, language)
    for indicator in demo.indicators.all():
        assert indicator.guidance_en and indicator.guidance_uk, indicator.code


def test_scales_are_the_standard_ones_and_indicators_use_scored_scales(demo):
    for kind, levels in services.STANDARD_SCALES.items():
        scale = demo.scales.get(code=kind)
        assert scale.kind == kind
        assert [
            (level.code, level.points, level.not_applicable, level.order)
            for level in scale.levels.all()
        ] == [
            (code, Decimal(points) if points is not None else None, not_applicable, order)
            for order, (code, _label, points, not_applicable) in enumerate(levels)
        ]
    used = {indicator.scale.kind for indicator in demo.indicators.select_related("scale")}
    assert ScaleKind.IMPLEMENTATION not in used
    # "Complex" indicators on the 0-1-2 scale are worth 2 points, the others 1.
    assert {
        (indicator.scale.kind, indicator.weight)
        for indicator in demo.indicators.select_related("scale")
    } == {
        (ScaleKind.BINARY, Decimal(1)),
        (ScaleKind.FULL_HALF_NONE, Decimal(1)),
        (ScaleKind.LETTERED, Decimal(1)),
        (ScaleKind.ZERO_ONE_TWO, Decimal(2)),
    }
    assert [(threshold.code, threshold.minimum) for threshold in demo.thresholds.all()] == [
        ("transparent", 75),
        ("partially_transparent", 50),
        ("non_transparent", 0),
    ]


def test_every_indicator_has_notes_for_demo_answers(demo):
    assert set(INDICATOR_NOTES) == set(demo.indicators.values_list("code", flat=True))
    for code, notes in INDICATOR_NOTES.items():
        assert set(notes) == {"full", "partial", "none", "recommendation"}, code
        assert all(text.strip() for text in notes.values()), code


def test_it_can_be_frozen(demo, manager):
    services.methodology_freeze(actor=manager, methodology=demo)
    demo.refresh_from_db()
    assert demo.status == MethodologyStatus.FROZEN


def _by_code(rows: exchange.Table) -> exchange.Table:
    return sorted(rows, key=lambda row: row["code"])


def test_exporting_it_again_gives_the_rows_of_the_files(demo):
    files = demo_methodology_tables()
    exported = exchange.methodology_tables(demo)
    assert set(exported) == set(files)
    for table in ("methodology", "scales", "areas", "thresholds"):
        assert exported[table] == files[table], table
    # The files list indicators area by area; the export lists them by order, then code.
    assert _by_code(exported["indicators"]) == _by_code(files["indicators"])

    archive = zipfile.ZipFile(io.BytesIO(exchange.export_csv_zip(demo)))
    for table in exchange.COLUMNS:
        written = archive.read(f"{table}.csv").decode("utf-8").splitlines()
        shipped = (DEMO_METHODOLOGY_DIR / f"{table}.csv").read_bytes().decode("utf-8").splitlines()
        assert written[0] == shipped[0], table
        assert sorted(written[1:]) == sorted(shipped[1:]), table
