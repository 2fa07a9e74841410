"""The public consultation pages in a real browser: axe-core finds no WCAG 2.1 A/AA issue on the
list and on a consultation with comments, replies, responses and a hidden comment (for a
visitor, in Ukrainian too, and for a signed-in citizen with every form); nothing scrolls sideways
at 320 pixels; and a citizen writes a comment on a paragraph with the keyboard alone, including
a refusal that keeps the text."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencity.consultations.models import COMMENT_MAX_LENGTH, Comment, Outcome, Response
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
def consultation(transactional_db, city_hall):
    """Two sections of three paragraphs; comments with a reply, responses, a hidden comment, a
    comment on the whole document."""
    consultation = ConsultationFactory(
        organiser=city_hall,
        slug="budget-2027",
        title_en="Local budget 2027",
        title_uk="Місцевий бюджет 2027",
        summary_en="The draft budget of the city for 2027, chapter by chapter.",
    )
    paragraphs = []
    for order, title in enumerate(["General provisions", "Investments"], start=1):
        section = SectionFactory(consultation=consultation, order=order, title=title)
        for number in range(3):
            paragraphs.append(
                ParagraphFactory(
                    section=section,
                    consultation=consultation,
                    order=len(paragraphs) + 1,
                    text=f"Article {len(paragraphs) + 1}. The city spends on item {number}.",
                )
            )
    author = factories.UserFactory(display_name="Ioana")
    comment = CommentFactory(
        consultation=consultation,
        paragraph=paragraphs[0],
        author=author,
        text="Publish the annexes too.",
        support_count=3,
    )
    CommentFactory(
        consultation=consultation,
        paragraph=paragraphs[0],
        parent=comment,
        text="Agreed, in open formats.",
    )
    Response.objects.create(
        comment=comment, outcome=Outcome.PARTLY_ACCEPTED, reason="The main annexes will be."
    )
    CommentFactory(
        consultation=consultation,
        paragraph=paragraphs[2],
        text="Something rude.",
        hidden_at=timezone.now(),
        hidden_reason="insults a person",
    )
    CommentFactory(consultation=consultation, text="The whole budget comes too late.")
    consultation.paragraph_list = paragraphs
    return consultation


def test_the_list_and_a_consultation_are_accessible(visit, consultation):
    visit.goto("/en/consultations/")
    expect(visit.page.locator("main")).to_contain_text("Local budget 2027")
    assert_accessible(visit, "en")
    visit.goto("/en/consultations/?phase=nonsense")
    assert_accessible(visit, "en")
    visit.goto("/en/consultations/budget-2027/")
    expect(visit.page.locator("main")).to_contain_text("Hidden by a moderator: insults a person")
    assert_accessible(visit, "en")
    visit.goto("/uk/consultations/budget-2027/")
    expect(visit.page.locator("h1")).to_have_text("Місцевий бюджет 2027")
    assert_accessible(visit, "uk")
    # Signed in: a form under every paragraph, support buttons, and an open reply form.
    visit.log_in(factories.UserFactory())
    comment = Comment.objects.get(text="Publish the annexes too.")
    visit.goto(f"/en/consultations/budget-2027/?reply={comment.pk}")
    expect(visit.page.locator(f"#text-r{comment.pk}")).to_be_visible()
    visit.page.locator("details.cons-write").first.locator("summary").click()
    assert_accessible(visit, "en")


def test_the_pages_reflow_at_320_pixels(visit, consultation):
    visit.log_in(factories.UserFactory())
    visit.page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}
    for path in ("/en/consultations/", "/en/consultations/budget-2027/"):
        visit.goto(path)
        for summary in visit.page.locator("details.cons-write summary").all()[:2]:
            summary.click()
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        if width > 320 + 1:
            too_wide[path] = width
    assert not too_wide, f"pages that scroll sideways at 320px, with their width: {too_wide}"
    assert_stayed_local(visit)


def test_a_citizen_comments_on_a_paragraph_with_the_keyboard(visit, consultation):
    visit.log_in(factories.UserFactory(display_name="Petru"))
    page = visit.page
    visit.goto("/en/consultations/budget-2027/#paragraph-2")
    summary = tab_until(
        page, lambda info: info["tag"] == "summary" and "paragraph 2" in info["text"], limit=80
    )
    assert_focus_visible(summary)
    page.keyboard.press("Enter")
    expect(page.locator("#paragraph-2 details")).to_have_attribute("open", "")
    paragraph = consultation.paragraph_list[1]
    info = tab_until(page, lambda info: info["id"] == f"text-p{paragraph.pk}")
    assert_focus_visible(info)
    # Too long first: the page comes back with the error, the text kept and the focus on it.
    page.keyboard.insert_text("x" * (COMMENT_MAX_LENGTH + 5))
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "button"
    page.keyboard.press("Enter")
    error = page.locator(f"#text-p{paragraph.pk}-error")
    expect(error).to_contain_text(f"at most {COMMENT_MAX_LENGTH} characters")
    field = page.locator(f"#text-p{paragraph.pk}")
    expect(field).to_be_focused()
    assert len(field.input_value()) == COMMENT_MAX_LENGTH + 5
    assert_accessible(visit, "en")
    page.keyboard.press("Control+A")
    page.keyboard.type("Spend more on bicycle lanes.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/consultations/budget-2027/#comment-\d+$"))
    expect(page.locator(".messages")).to_contain_text("Your comment is published.")
    comment = Comment.objects.get(text="Spend more on bicycle lanes.")
    assert comment.paragraph == paragraph
    mine = page.locator(f"#comment-{comment.pk}")
    expect(mine).to_contain_text("Petru")
    expect(mine).to_contain_text("Spend more on bicycle lanes.")
    expect(page.locator("#paragraph-2 .cons-count")).to_have_text("1 comment")
    assert_stayed_local(visit)
