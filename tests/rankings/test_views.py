"""Public methodology pages: only frozen methodologies, a fixed number of queries, downloads."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from opencity.rankings import exchange, services
from opencity.rankings.models import Area, CheckMethod, Indicator, RequirementType, ScaleKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(methodology, manager):
    return services.methodology_freeze(actor=manager, methodology=methodology)


def test_drafts_are_hidden_from_the_public_and_shown_to_managers(client, methodology, manager):
    for language in ("en", "uk", "ro", "bg"):
        assert client.get(f"/{language}/rankings/methodologies/").status_code == 200
    assert "Transparent Cities" not in client.get("/en/rankings/methodologies/").content.decode()
    assert client.get(f"/en/rankings/methodologies/{methodology.pk}/").status_code == 404
    assert (
        client.get(f"/en/rankings/methodologies/{methodology.pk}/methodology.xlsx").status_code
        == 404
    )
    client.force_login(manager)
    assert "Transparent Cities" in client.get("/en/rankings/methodologies/").content.decode()
    assert client.get(f"/en/rankings/methodologies/{methodology.pk}/").status_code == 200


def test_frozen_methodology_page_shows_areas_indicators_scales_and_categories(client, frozen):
    for language in ("en", "uk", "ro", "bg"):
        assert client.get(f"/{language}/rankings/methodologies/{frozen.pk}/").status_code == 200
    page = client.get(f"/en/rankings/methodologies/{frozen.pk}/").content.decode()
    assert "1. Openness" in page
    assert "Indicator 3" in page
    assert "W: website analysis" in page
    assert "transparent: a total of 75 or more" in page
    assert "not applicable, left out of the total" in page
    uk_page = client.get(f"/uk/rankings/methodologies/{frozen.pk}/").content.decode()
    assert "так" in uk_page  # the standard scale levels come in every language


def test_page_makes_the_same_number_of_queries_however_big_the_methodology(
    client, frozen, manager, django_assert_num_queries
):
    url = f"/en/rankings/methodologies/{frozen.pk}/"
    # One of them looks for a published cycle, whose results the indicators link to.
    with django_assert_num_queries(7):
        client.get(url)
    clone = services.methodology_clone(actor=manager, methodology=frozen, edition=2025)
    scale = clone.scales.get(kind=ScaleKind.LETTERED)
    for number in range(2, 6):
        area = Area.objects.create(methodology=clone, code=str(number), title_en=f"Area {number}")
        Indicator.objects.bulk_create(
            Indicator(
                methodology=clone,
                area=area,
                code=f"{number}.{index}",
                title_en=f"Indicator {number}.{index}",
                check_method=CheckMethod.INFORMATION_REQUEST,
                requirement_type=RequirementType.MIXED,
                scale=scale,
            )
            for index in range(10)
        )
    services.methodology_freeze(actor=manager, methodology=clone)
    with django_assert_num_queries(7):
        client.get(f"/en/rankings/methodologies/{clone.pk}/")
    with django_assert_num_queries(1):
        client.get("/en/rankings/methodologies/")


def test_downloads_are_the_import_format(client, frozen):
    response = client.get(f"/en/rankings/methodologies/{frozen.pk}/methodology.xlsx")
    assert response.status_code == 200
    assert "transparent-cities-2024-v1.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == list(exchange.COLUMNS)
    response = client.get(f"/en/rankings/methodologies/{frozen.pk}/methodology.zip")
    assert response["Content-Type"] == "application/zip"
    assert exchange.read_csv_zip(io.BytesIO(response.content))["areas"][0]["code"] == "1"
