"""Every page, in every UI language: axe-core finds no WCAG 2.1 A/AA issue, the page declares its
language, has one <h1>, fits a narrow screen and loads nothing from outside the server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LANGUAGES
from tests.browser.helpers import assert_no_axe_violations, assert_page_basics, assert_stayed_local

pytestmark = pytest.mark.browser

PAGES = [
    "home",
    "places",
    "country",
    "region",
    "municipality",
    "search",
    "search-invalid",
    "organisations",
    "organisations-invalid",
    "organisation",
    "accessibility",
    "privacy",
    "login",
    "signup",
    "methodologies",
    "methodology",
    "account",  # last: the reflow test logs in for it
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(visit, site_data, name, language):
    if name == "account":
        visit.log_in(site_data.user)
    path = f"/{language}{site_data.path(name)}"
    visit.goto(path)
    # A logged-out visitor to the account page would land on the login page instead.
    assert visit.page.url == visit.base_url + path
    assert_page_basics(visit.page, language)
    assert_no_axe_violations(visit.page)
    assert_stayed_local(visit)


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_fits_a_narrow_screen(visit, site_data, language):
    visit.page.set_viewport_size({"width": 375, "height": 812})
    visit.goto(f"/{language}/")
    scroll_width = visit.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375 + 1, f"the home page scrolls sideways: {scroll_width}px wide"
    assert_page_basics(visit.page, language)
    assert_no_axe_violations(visit.page)
    assert_stayed_local(visit)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_reflows_at_320_pixels(visit, site_data, language):
    """WCAG 1.4.10: at 320 CSS pixels (a 1280px screen at 400% zoom) nothing scrolls sideways."""
    visit.page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}
    for name in PAGES:
        if name == "account":
            visit.log_in(site_data.user)
        visit.goto(f"/{language}{site_data.path(name)}")
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        if width > 320 + 1:
            too_wide[name] = width
    assert not too_wide, f"pages that scroll sideways at 320px, with their width: {too_wide}"
    assert_stayed_local(visit)


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_accessible(visit, site_data, language):
    """A rejected sign-up and a failed login: the errors are tied to their fields, axe is happy."""
    page = visit.page
    visit.goto(f"/{language}/accounts/signup/")
    page.locator("#id_email").fill("maria@example.org")
    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("short")
    page.locator("#id_password2").press("Enter")
    password = page.locator("#id_password1")
    expect(password).to_have_attribute("aria-invalid", "true")
    error_id = f"{password.get_attribute('id')}_error"
    expect(page.locator(f"#{error_id}")).to_be_visible()
    assert error_id in password.get_attribute("aria-describedby").split()
    assert_page_basics(page, language)
    assert_no_axe_violations(page)

    visit.goto(f"/{language}/accounts/login/")
    page.locator("#id_login").fill(site_data.user.email)
    page.locator("#id_password").fill("not the password")
    page.locator("#id_password").press("Enter")
    expect(page.locator("main .errorlist")).to_be_visible()
    assert_page_basics(page, language)
    assert_no_axe_violations(page)
    assert_stayed_local(visit)
