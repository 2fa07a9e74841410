"""Everything in the page header works with the keyboard alone, in every UI language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LANGUAGES
from tests.browser.helpers import (
    assert_focus_visible,
    assert_stayed_local,
    focused,
    gettext_in,
    tab_until,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
def test_skip_link_is_first_and_moves_focus_to_main(visit, site_data, language):
    page = visit.page
    visit.goto(f"/{language}/places/")
    page.keyboard.press("Tab")
    info = focused(page)
    assert info is not None and info["href"] == "#main", f"the first Tab reached {info}"
    assert info["text"] == gettext_in(language, "Skip to main content")
    assert_focus_visible(info)
    box = page.locator("a.skip-link").bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is off screen"

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    info = focused(page)
    assert info is not None and info["inMain"], f"Tab after the skip link reached {info}"
    assert_stayed_local(visit)


@pytest.mark.parametrize("language", LANGUAGES)
def test_tab_reaches_main_navigation_in_order(visit, site_data, language):
    page = visit.page
    visit.goto(f"/{language}/")
    nav = page.get_by_role("navigation", name=gettext_in(language, "Main"), exact=True)
    expected = nav.get_by_role("link").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert f"/{language}/places/" in expected

    reached = []
    for _ in range(len(expected) + 10):
        page.keyboard.press("Tab")
        info = focused(page)
        assert_focus_visible(info)
        if info["inMainNav"]:
            reached.append(info["href"])
        elif reached:
            break
    assert reached == expected, "Tab does not reach every main navigation link in order"

    # From the top again: Tab to "Places" and press Enter.
    visit.goto(f"/{language}/")
    info = tab_until(page, lambda info: info["inMainNav"] and info["href"].endswith("/places/"))
    assert info["text"] == gettext_in(language, "Places")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{visit.base_url}/{language}/places/")
    expect(page.locator("h1")).to_have_text(gettext_in(language, "Places"))
    assert_stayed_local(visit)


@pytest.mark.parametrize("page_name", ["search", "municipality"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_opens_the_same_page(visit, site_data, language, page_name):
    page = visit.page
    # The query string has two parameters, so that a badly escaped "&" would show.
    suffix = site_data.path(page_name) + ("&unit_type=obshtina" if page_name == "search" else "")
    visit.goto(f"/{language}{suffix}")

    switcher = page.get_by_role(
        "navigation", name=gettext_in(language, "Choose a language"), exact=True
    )
    expect(switcher).to_have_count(1)
    links = switcher.get_by_role("link")
    expect(links).to_have_count(len(LANGUAGES))
    for code in LANGUAGES:
        link = switcher.locator(f'a[hreflang="{code}"]')
        expect(link).to_have_count(1)
        expect(link).to_have_attribute("lang", code)
        expect(link).to_have_attribute("href", f"/{code}{suffix}")
        if code == language:
            expect(link).to_have_attribute("aria-current", re.compile(r"^(true|page)$"))
        else:
            expect(link).not_to_have_attribute("aria-current", re.compile(".*"))

    for target in LANGUAGES:
        if target == language:
            continue
        visit.goto(f"/{language}{suffix}")
        info = tab_until(page, lambda info, target=target: info["hreflang"] == target)
        assert_focus_visible(info)
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{visit.base_url}/{target}{suffix}")
        expect(page.locator("html")).to_have_attribute("lang", target)
    assert_stayed_local(visit)
