"""The public action-plan pages in a real browser: axe-core finds no WCAG 2.1 A/AA issue (every
page in English, the plan page in Ukrainian too), each page has its language and one <h1>,
nothing loads from elsewhere, nothing scrolls sideways at 320 pixels, and the plan's filter form
works with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.actionplans.conftest import member, plan  # noqa: F401  (fixtures)
from tests.actionplans.test_views_public import organisations, published  # noqa: F401
from tests.browser.helpers import (
    assert_accessible,
    assert_focus_visible,
    assert_stayed_local,
    focused,
    tab_until,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def pages(transactional_db, published, member):  # noqa: F811
    """Every public page, by name: its path without the language prefix."""
    plan_path = "/action-plans/plans/AP_ABI01/"
    return {
        "index": "/action-plans/",
        "overview": "/action-plans/overview/",
        "member": f"/action-plans/members/{member.slug}/",
        "plan": plan_path,
        "plan-filtered": f"{plan_path}?status=delayed&value=access_to_information",
        "plan-nothing-matches": f"{plan_path}?status=not_started",
        "plan-invalid-filter": f"{plan_path}?lead=nobody",
        "commitment": "/action-plans/commitments/ABI0001/",
        "commitment-parent": "/action-plans/commitments/ABI0002/",
        "municipality": re.sub(r"^/en", "", member.municipality.get_absolute_url()),
    }


def test_public_pages_are_accessible(visit, pages):
    for path in pages.values():
        visit.goto(f"/en{path}")
        assert_accessible(visit, "en")
    # Signed in, the commitment page has the follow button instead of the sign-in link.
    visit.log_in(factories.UserFactory())
    visit.goto(f"/en{pages['commitment']}")
    expect(visit.page.get_by_role("button", name="Follow this commitment")).to_be_visible()
    assert_accessible(visit, "en")
    visit.page.get_by_role("button", name="Follow this commitment").click()
    expect(visit.page.get_by_role("button", name="Stop following this commitment")).to_be_visible()
    assert_accessible(visit, "en")


def test_plan_page_is_accessible_in_ukrainian(visit, pages):
    visit.goto(f"/uk{pages['plan']}")
    expect(visit.page.locator("main")).to_contain_text("Оприлюднити бюджет як відкриті дані")
    assert_accessible(visit, "uk")


def test_public_pages_reflow_at_320_pixels(visit, pages):
    """WCAG 1.4.10: wide tables scroll inside their own region, charts shrink with the page."""
    visit.page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}
    for name, path in pages.items():
        visit.goto(f"/en{path}")
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        if width > 320 + 1:
            too_wide[name] = width
        for chart in visit.page.locator("svg.chart").all():
            box = chart.bounding_box()
            assert box is not None and box["width"] <= 320, f"{name}: a chart is {box}"
    assert not too_wide, f"pages that scroll sideways at 320px, with their width: {too_wide}"
    assert_stayed_local(visit)


def test_plan_filter_form_works_with_the_keyboard(visit, pages):
    page = visit.page
    visit.goto(f"/en{pages['plan']}")
    info = tab_until(page, lambda info: info["id"] == "id_status")
    assert_focus_visible(info)
    # Status: "any", not started, in progress, complete, delayed.
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    expect(page.locator("#id_status")).to_have_value("delayed")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_lead"
    info = tab_until(page, lambda info: info["tag"] == "button" and info["inMain"])
    assert_focus_visible(info)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"status=delayed"))
    rows = page.locator("#commitments-caption").locator("xpath=..").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("ABI0001")
    expect(rows.first).to_contain_text("overdue since")
    expect(page.locator("#commitments-count")).to_contain_text("1 of 3 commitments match")
    # A filter that matches nothing says so, and the way back works by keyboard too.
    page.locator("#id_status").focus()
    for _ in range(3):
        page.keyboard.press("ArrowUp")
    expect(page.locator("#id_status")).to_have_value("not_started")
    tab_until(page, lambda info: info["tag"] == "button" and info["inMain"])
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("No commitments match these filters.")
    info = tab_until(page, lambda info: info["text"] == "Show all commitments")
    page.keyboard.press("Enter")
    expect(page.locator("#commitments-count")).to_contain_text("3 commitments.")
    assert_stayed_local(visit)
