"""Organisers' consultation pages and the consultation report in a real browser: axe-core finds
no WCAG 2.1 A/AA issue (the queue also in Ukrainian, and a form back with an error), nothing
scrolls sideways at 320 pixels, and an official answers a comment with the keyboard alone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencity.consultations import services
from opencity.consultations.models import Outcome, Response
from tests import factories
from tests.browser.helpers import (
    assert_accessible,
    assert_focus_visible,
    assert_stayed_local,
    focused,
    tab_until,
)
from tests.consultations.factories import (
    CommentFactory,
    ConsultationFactory,
    ParagraphFactory,
    SectionFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def pages(transactional_db, make_person, city_hall):
    """An open consultation with a comment to answer, and a closed one with its report."""
    official = make_person("city_official")
    now = timezone.now()
    open_one = ConsultationFactory(
        organiser=city_hall,
        slug="parking",
        title_en="Parking rules for the centre, with a rather long title to wrap",
        title_uk="Правила паркування в центрі",
    )
    section = SectionFactory(consultation=open_one, order=1, title="Zones")
    paragraph = ParagraphFactory(
        consultation=open_one, section=section, order=1, text="Zone A is the whole centre."
    )
    comment = CommentFactory(
        consultation=open_one,
        paragraph=paragraph,
        text="Zone A should leave out the market street, averyveryverylongwordthatmustwrap.",
        author=factories.UserFactory(display_name="Ana"),
    )
    closed = ConsultationFactory(
        organiser=city_hall,
        slug="budget",
        title_en="City budget 2027",
        language="uk",
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now - datetime.timedelta(days=1),
    )
    first = SectionFactory(consultation=closed, order=1, title="Загальні положення")
    paragraphs = [
        ParagraphFactory(
            consultation=closed, section=first, order=n, text=f"Бюджет міста, пункт {n}."
        )
        for n in (1, 2)
    ]
    for index, outcome in enumerate(Outcome.values):
        proposal = CommentFactory(
            consultation=closed, paragraph=paragraphs[index % 2], text=f"Пропозиція {index}"
        )
        services.response_set(actor=official, comment=proposal, outcome=outcome, reason="Так.")
    services.paragraph_final_set(
        actor=official, paragraph=paragraphs[0], final_text="Бюджет міста, новий пункт 1."
    )
    services.paragraph_final_set(
        actor=official, paragraph=paragraphs[1], final_text="", removed=True
    )
    services.report_publish(actor=official, consultation=closed, summary="Підсумок.", reason="")
    return {"official": official, "comment": comment}


WORK_PAGES = {
    "list": "/consultations/work/",
    "new": "/consultations/work/new/",
    "consultation": "/consultations/work/parking/",
    "edit": "/consultations/work/parking/edit/",
    "document": "/consultations/work/parking/document/",
    "responses": "/consultations/work/parking/responses/",
    "final": "/consultations/work/budget/final-text/",
    "report-work": "/consultations/work/budget/report/",
    "report": "/consultations/budget/report/1/",
}


def test_work_pages_and_the_report_are_accessible_and_reflow(visit, pages):
    visit.log_in(pages["official"])
    too_wide = {}
    for size in (1280, 320):
        visit.page.set_viewport_size({"width": size, "height": 800})
        for name, path in WORK_PAGES.items():
            visit.goto(f"/en{path}")
            if size == 1280:
                assert_accessible(visit, "en")
            else:
                width = visit.page.evaluate("document.documentElement.scrollWidth")
                if width > 321:
                    too_wide[name] = width
    assert not too_wide, f"pages that scroll sideways at 320px, with their width: {too_wide}"
    visit.page.set_viewport_size({"width": 1280, "height": 800})
    for path in (WORK_PAGES["responses"], WORK_PAGES["report"]):
        visit.goto(f"/uk{path}")
        assert_accessible(visit, "uk")
    # A form back with its error: a new version of the report without its reason.
    visit.goto(f"/en{WORK_PAGES['report-work']}")
    visit.page.get_by_role("button", name="Publish the new version").click()
    expect(visit.page.locator(".work-errors")).to_contain_text(
        "Say why this new version is published"
    )
    assert_accessible(visit, "en")
    assert_stayed_local(visit)


def test_an_official_answers_a_comment_with_the_keyboard(visit, pages):
    page = visit.page
    comment = pages["comment"]
    visit.log_in(pages["official"])
    visit.goto(f"/en{WORK_PAGES['responses']}")
    info = tab_until(page, lambda info: info["id"] == f"id_c{comment.pk}-outcome_0")
    assert_focus_visible(info)
    page.keyboard.press("ArrowDown")  # the radio group: from "accepted" to "partly accepted"
    page.keyboard.press("Tab")
    info = focused(page)
    assert info["id"] == f"id_c{comment.pk}-reason"
    assert_focus_visible(info)
    page.keyboard.type("The market street stays outside zone A.")
    page.keyboard.press("Tab")
    info = focused(page)
    assert info["tag"] == "button" and info["text"] == "Save the response"
    assert_focus_visible(info)
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("The response is saved")
    expect(page.locator("main")).to_contain_text("Every comment has a response.")
    response = Response.objects.get(comment=comment)
    assert (response.outcome, response.reason) == (
        "partly_accepted",
        "The market street stays outside zone A.",
    )
    assert_accessible(visit, "en")
