"""The open-data page of action plans in a real browser: it passes axe-core (WCAG 2.1 A/AA) in
every language, reflows at 320 pixels, and its download links give the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from opencity.actionplans.ogp_exchange import ogp_import
from tests.actionplans import test_ogp_import
from tests.browser.conftest import LANGUAGES
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser

places = test_ogp_import.places


@pytest.fixture
def published(transactional_db, places):
    ogp_import(test_ogp_import.sample_bytes())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_page_is_accessible(visit, published, language):
    visit.goto(f"/{language}/action-plans/data/")
    assert_accessible(visit, language)


def test_the_data_page_reflows_and_its_links_download(visit, published):
    visit.page.set_viewport_size({"width": 320, "height": 640})
    visit.goto("/en/action-plans/data/")
    width = visit.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 321, width
    with visit.page.expect_download() as download:
        visit.page.locator('a[href$="/plans/AP_IAS01/commitments.csv"]').click()
    assert download.value.suggested_filename == "ogp-commitments-AP_IAS01.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("Commitment Unique Identifier,")
    assert text.count("\nIAS000") == 3
