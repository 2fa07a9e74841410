"""The unfollow link of the follow e-mails in a real browser, signed out: the confirmation page,
the page after stopping and the page for a broken link pass axe-core (WCAG 2.1 A/AA) in every
language and reflow at 320 pixels; the button works with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from opencity.actionplans import notifications, services
from opencity.actionplans.models import Follow
from tests.actionplans.conftest import commitment, member, plan  # noqa: F401  (fixtures)
from tests.browser.conftest import LANGUAGES
from tests.browser.helpers import (
    assert_accessible,
    assert_focus_visible,
    gettext_in,
    tab_until,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def follower(transactional_db, make_person, commitment):  # noqa: F811
    person = make_person("citizen")
    services.commitment_follow(actor=person, commitment=commitment)
    return person


def link(person, commitment) -> str:  # type: ignore[no-untyped-def]  # noqa: F811
    token = notifications.unfollow_token(user_id=person.pk, commitment_id=commitment.pk)
    return f"/action-plans/unfollow/{token}/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_unfollow_pages_are_accessible(visit, follower, commitment, language):  # noqa: F811
    path = f"/{language}{link(follower, commitment)}"
    visit.goto(path)
    assert_accessible(visit, language)
    button = visit.page.get_by_role(
        "button", name=gettext_in(language, "Stop following this commitment")
    )
    expect(button).to_be_visible()
    button.click()
    expect(visit.page.get_by_role("status")).to_be_visible()
    assert not Follow.objects.filter(user=follower).exists()
    assert_accessible(visit, language)
    # A broken link answers 400 with its explanation, on an accessible page.
    response = visit.page.goto(f"{visit.base_url}/{language}/action-plans/unfollow/broken/")
    assert response is not None and response.status == 400
    assert_accessible(visit, language)


def test_the_button_works_with_the_keyboard_and_the_pages_reflow(visit, follower, commitment):  # noqa: F811
    visit.page.set_viewport_size({"width": 320, "height": 640})
    visit.goto(f"/en{link(follower, commitment)}")
    width = visit.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 321, width
    info = tab_until(
        visit.page,
        lambda element: element.get("text") == "Stop following this commitment",
    )
    assert_focus_visible(info)
    visit.page.keyboard.press("Enter")
    expect(visit.page.get_by_role("status")).to_contain_text("You no longer follow ABI0001")
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= 321
    assert not Follow.objects.filter(user=follower).exists()
