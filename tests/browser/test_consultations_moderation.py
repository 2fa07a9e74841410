"""The moderators' pages in a real browser: axe-core finds no WCAG 2.1 A/AA issue on the queue
of reported comments, on a refused decision and on the moderation log; neither page scrolls
sideways at 320 pixels; and a moderator hides a reported comment with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from opencity.consultations.models import AbuseReport, ModerationLogEntry
from tests.browser.helpers import (
    assert_accessible,
    assert_focus_visible,
    assert_pages_reflow,
    assert_stayed_local,
    focused,
    tab_until,
)
from tests.consultations.factories import CommentFactory, ConsultationFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, make_person, city_hall):  # type: ignore[no-untyped-def]
    consultation = ConsultationFactory(
        organiser=city_hall, slug="budget-2027", title_en="Local budget 2027"
    )
    reported = CommentFactory(consultation=consultation, text="You are all thieves.")
    for reason in ("Insults the officials.", "Abusive language."):
        AbuseReport.objects.create(comment=reported, reason=reason)
    other = CommentFactory(
        consultation=consultation, text="A very long word: " + "transparency" * 12
    )
    AbuseReport.objects.create(comment=other, reason="Spam, " * 40)
    moderator = make_person("moderator")
    ModerationLogEntry.objects.create(
        comment=other, moderator=moderator, action="dismiss", reason="Within the rules."
    )
    return {"moderator": moderator, "reported": reported}


def test_the_queue_and_the_log_are_accessible_and_reflow(visit, site):  # type: ignore[no-untyped-def]
    visit.log_in(site["moderator"])
    visit.goto("/en/consultations/moderation/")
    expect(visit.page.locator("main")).to_contain_text("2 open reports")
    assert_accessible(visit, "en")
    # A decision without a reason comes back with the error beside the field.
    # (Spaces pass the browser's own check of the required field; the server refuses them.)
    visit.page.locator(f"#id_hide-{site['reported'].pk}-reason").fill("   ")
    visit.page.locator(f"#comment-{site['reported'].pk} form button").first.click()
    expect(visit.page.locator("main")).to_contain_text("A moderator's decision needs a reason.")
    assert_accessible(visit, "en")
    visit.goto("/en/consultations/moderation/log/")
    expect(visit.page.locator("main")).to_contain_text("Within the rules.")
    assert_accessible(visit, "en")
    visit.goto("/uk/consultations/moderation/")
    assert_accessible(visit, "uk")
    person = site["moderator"]
    assert_pages_reflow(
        visit,
        "en",
        {
            "queue": (person, "/consultations/moderation/"),
            "log": (person, "/consultations/moderation/log/"),
            "comment": (person, f"/consultations/moderation/comments/{site['reported'].pk}/"),
        },
    )


def test_a_moderator_hides_a_comment_with_the_keyboard(visit, site):  # type: ignore[no-untyped-def]
    reported = site["reported"]
    visit.log_in(site["moderator"])
    page = visit.page
    visit.goto("/en/consultations/moderation/")
    info = tab_until(page, lambda info: info["id"] == f"id_hide-{reported.pk}-reason", limit=80)
    assert_focus_visible(info)
    page.keyboard.type("Insults against officials break the rules.")
    page.keyboard.press("Tab")
    button = focused(page)
    assert button["tag"] == "button" and "Hide" in button["text"]
    assert_focus_visible(button)
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("The comment is hidden")
    expect(page.locator("main")).not_to_contain_text("You are all thieves.")
    reported.refresh_from_db()
    assert reported.is_hidden
    assert reported.hidden_reason == "Insults against officials break the rules."
    assert ModerationLogEntry.objects.filter(comment=reported, action="hide").exists()
    assert_stayed_local(visit)
