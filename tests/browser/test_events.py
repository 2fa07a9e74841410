"""Events in a real browser: axe-core finds no WCAG 2.1 A/AA issue on the list, an event ahead
and one that took place (and an event page in Ukrainian), nothing scrolls sideways at 320 pixels,
and a citizen registers and cancels with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from opencity.events import services
from opencity.events.models import Registration, RegistrationStatus
from tests import factories
from tests.browser.helpers import (
    assert_accessible,
    assert_focus_visible,
    assert_stayed_local,
    focused,
    tab_until,
)
from tests.events.factories import EventFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def pages(transactional_db, make_person, city_hall, cso):
    """The list, an event ahead (hybrid, nearly full) and a training that took place with its
    minutes, organisations present and a certificate."""
    from tests.events.conftest import hours

    official = make_person("city_official")
    ahead = EventFactory(
        organiser=city_hall,
        municipality=city_hall.municipality,
        slug="budget-hearing",
        title_en="Budget hearing with a rather long title to wrap at small widths",
        title_uk="Громадське обговорення бюджету",
        kind="public_discussion",
        mode="hybrid",
        online_url="https://meet.example.org/a-very-long-meeting-address-that-must-wrap-somewhere",
        address="Piața Iuliu Maniu 1",
        capacity=3,
        description_en="What should the city spend on?\n\nBring your questions.",
    )
    services.registration_create(actor=factories.UserFactory(), event=ahead, rate_key="1")
    held = EventFactory(
        organiser=city_hall,
        municipality=city_hall.municipality,
        slug="open-data-training",
        title_en="Open data training",
        kind="training",
        starts_at=hours(-50),
        ends_at=hours(-46),
    )
    trainee = factories.UserFactory(display_name="Dana Trainee")
    registration = Registration.objects.create(
        event=held, user=trainee, status=RegistrationStatus.REGISTERED
    )
    services.attendance_record(
        actor=official,
        event=held,
        present=[registration.pk],
        attendance_count=18,
        organisations_present=[cso],
    )
    services.event_report_set(
        actor=official, event=held, minutes="We opened three datasets.", outcomes="A portal."
    )
    EventFactory(organiser=cso, title_en="Called off", status="cancelled")
    return {
        "official": official,
        "trainee": trainee,
        "paths": {
            "index": "/events/",
            "index-filtered": "/events/?kind=training&mode=nonsense",
            "ahead": f"/events/{ahead.slug}/",
            "held": f"/events/{held.slug}/",
        },
    }


def test_event_pages_are_accessible(visit, pages):
    paths = pages["paths"]
    for path in paths.values():
        visit.goto(f"/en{path}")
        assert_accessible(visit, "en")
    visit.log_in(pages["trainee"])
    visit.goto(f"/en{paths['held']}")
    expect(visit.page.get_by_role("link", name="Download your certificate")).to_be_visible()
    assert_accessible(visit, "en")
    visit.goto(f"/uk{paths['ahead']}")
    expect(visit.page.locator("h1")).to_have_text("Громадське обговорення бюджету")
    assert_accessible(visit, "uk")


def test_event_pages_and_the_organisers_pages_reflow_at_320_pixels(visit, pages):
    """The organisers' pages are also checked with axe-core here, at the small width."""
    visit.page.set_viewport_size({"width": 320, "height": 640})
    paths = dict(pages["paths"])
    too_wide = {}
    for name, path in paths.items():
        visit.goto(f"/en{path}")
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        if width > 321:
            too_wide[name] = width
    visit.log_in(pages["official"])
    for name, path in {
        "work-event": "/events/work/open-data-training/",
        "work-registrations": "/events/work/open-data-training/registrations/",
        "work-attendance": "/events/work/open-data-training/attendance/",
        "work-report": "/events/work/open-data-training/report/",
        "work-new": "/events/work/new/",
        "work-list": "/events/work/",
    }.items():
        visit.goto(f"/en{path}")
        assert_accessible(visit, "en")
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        if width > 321:
            too_wide[name] = width
    assert not too_wide, f"pages that scroll sideways at 320px, with their width: {too_wide}"
    assert_stayed_local(visit)


def test_a_citizen_registers_and_cancels_with_the_keyboard(visit, pages):
    page = visit.page
    visit.log_in(factories.UserFactory())
    visit.goto(f"/en{pages['paths']['ahead']}")
    info = tab_until(page, lambda info: info["id"] == "id_organisation_name")
    assert_focus_visible(info)
    page.keyboard.type("Civic Lab")
    page.keyboard.press("Tab")
    info = focused(page)
    assert info["tag"] == "button" and info["text"] == "Register"
    assert_focus_visible(info)
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("You are registered.")
    expect(page.locator("main")).to_contain_text("1 left")
    assert_accessible(visit, "en")
    info = tab_until(page, lambda info: info["text"] == "Cancel my registration")
    assert_focus_visible(info)
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Your registration is cancelled.")
    expect(page.locator("main")).to_contain_text("2 left")
    assert Registration.objects.filter(organisation_name="Civic Lab").get().status == "cancelled"
