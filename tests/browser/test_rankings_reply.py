"""The right of reply and the methodology managers' pages in a real browser, in every UI
language: axe-core finds no WCAG 2.1 A/AA issue, one <h1>, ARIA references that resolve, nothing
loaded from elsewhere, no sideways scrolling at 320 pixels; the dispute form works with the
keyboard alone, and form errors are announced and tied to their fields."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from opencity.rankings import services
from opencity.rankings.models import Answer, Dispute, DisputeState
from tests.browser.conftest import LANGUAGES
from tests.browser.helpers import (
    assert_accessible,
    assert_focus_visible,
    assert_pages_accessible,
    assert_pages_reflow,
    focused,
    gettext_in,
    tab_until,
)

# The rankings tests' fixtures, used here as they are: a methodology and a cycle of three cities.
from tests.rankings.conftest import manager, methodology, move_to, ranking  # noqa: F401

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def reply_site(ranking, make_person, settings, tmp_path):  # type: ignore[no-untyped-def]  # noqa: F811
    """The `ranking` cycle in its reply phase: one reply waiting, one rejected."""
    settings.MEDIA_ROOT = tmp_path
    move_to(ranking.cycle, "city_reply")
    alba = ranking.municipalities[0]

    def answer(code: str) -> Answer:
        return Answer.objects.get(cycle=ranking.cycle, municipality=alba, indicator__code=code)

    waiting = services.dispute_create(
        actor=ranking.official, answer=answer("1.3"), proposed_level_code="1",
        explanation="The register of decisions is online since March.",
        evidence_urls=["https://alba-iulia.example.org/decisions"],
        evidence_file=SimpleUploadedFile("register.pdf", PDF, "application/pdf"),
    )  # fmt: skip
    decided = services.dispute_create(
        actor=ranking.official, answer=answer("1.1"), proposed_level_code="0",
        explanation="We asked for a lower score by mistake.",
    )  # fmt: skip
    services.dispute_reject(actor=ranking.reviewer, dispute=decided, reason="Nothing to change.")
    methodology_manager = make_person("methodology_manager")
    draft = services.methodology_clone(
        actor=methodology_manager, methodology=ranking.cycle.methodology, edition=2025
    )
    return SimpleNamespace(
        draft=draft,
        ranking=ranking,
        cycle=ranking.cycle,
        alba=alba,
        waiting=waiting,
        open_answer=answer("1.2"),
        manager=methodology_manager,
        methodology=ranking.cycle.methodology,
    )


def pages(site) -> dict[str, tuple[object, str]]:  # type: ignore[no-untyped-def]
    """Every page of this part, with the person who sees it, without the language prefix."""
    cycle, alba, team = site.cycle, site.alba, site.ranking
    return {
        "reply-home-official": (team.official, "/rankings/reply/"),
        "reply-home-reviewer": (team.reviewer, "/rankings/reply/"),
        "reply-cycle": (team.coordinator, f"/rankings/reply/{cycle.pk}/"),
        "draft-official": (team.official, f"/rankings/reply/{cycle.pk}/{alba.pk}/"),
        "draft-coordinator": (team.coordinator, f"/rankings/reply/{cycle.pk}/{alba.pk}/"),
        "dispute-form": (
            team.official,
            f"/rankings/reply/{cycle.pk}/answers/{site.open_answer.pk}/dispute/",
        ),
        "queue": (team.reviewer, "/rankings/reply/disputes/"),
        "decide": (team.reviewer, f"/rankings/reply/disputes/{site.waiting.pk}/"),
        "methodologies": (site.manager, "/rankings/methodologies/"),
        "methodology": (site.manager, f"/rankings/methodologies/{site.methodology.pk}/"),
        "import": (site.manager, "/rankings/methodologies/import/"),
        "clone": (site.manager, f"/rankings/methodologies/{site.methodology.pk}/clone/"),
        "freeze-frozen": (site.manager, f"/rankings/methodologies/{site.methodology.pk}/freeze/"),
        "freeze-draft": (site.manager, f"/rankings/methodologies/{site.draft.pk}/freeze/"),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_accessible(visit, reply_site, language):
    assert_pages_accessible(visit, language, pages(reply_site))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_reflows_at_320_pixels(visit, reply_site, language):
    assert_pages_reflow(visit, language, pages(reply_site))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dispute_form_works_with_the_keyboard_alone(visit, reply_site, language):
    page = visit.page
    site = reply_site
    visit.log_in(site.ranking.official)
    visit.goto(f"/{language}/rankings/reply/{site.cycle.pk}/answers/{site.open_answer.pk}/dispute/")
    # Alba Iulia has "yes" on 1.2; the radio group starts with it, the reply proposes "no".
    info = tab_until(
        page, lambda info: info["tag"] == "input" and info["id"].startswith("id_proposed_level")
    )
    assert_focus_visible(info)
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_proposed_level_1")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#id_explanation")).to_be_focused()
    page.keyboard.type("The decisions of 2023 are not on the website.")
    page.keyboard.press("Tab")
    expect(page.locator("#id_evidence_urls")).to_be_focused()
    page.keyboard.type("https://alba-iulia.example.org/2023")
    page.keyboard.press("Tab")
    expect(page.locator("#id_evidence_file")).to_be_focused()
    page.keyboard.press("Tab")
    info = focused(page)
    assert info is not None and info["tag"] == "button"
    assert_focus_visible(info)
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        f"{visit.base_url}/{language}/rankings/reply/{site.cycle.pk}/{site.alba.pk}/"
    )
    dispute = Dispute.objects.get(answer=site.open_answer)
    assert dispute.state == DisputeState.OPEN and dispute.proposed_level.code == "0"
    assert dispute.evidence_urls == ["https://alba-iulia.example.org/2023"]
    expect(page.locator(".messages")).to_contain_text("1.2")
    assert_accessible(visit, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_announced_and_tied_to_their_fields(visit, reply_site, language):
    page = visit.page
    site = reply_site
    visit.log_in(site.ranking.official)
    visit.goto(f"/{language}/rankings/reply/{site.cycle.pk}/answers/{site.open_answer.pk}/dispute/")
    page.locator("#id_evidence_urls").fill("https://alba-iulia.example.org/kept")
    page.locator("form.reply-form button[type=submit]").click()
    # No level chosen: the form comes back with the error in the radio group.
    expect(page.locator("[role=alert]")).to_be_visible()
    expect(page.locator("#id_proposed_level_error")).to_have_text(
        gettext_in(language, "Choose the level you propose.")
    )
    expect(page.locator("#id_evidence_urls")).to_have_value("https://alba-iulia.example.org/kept")
    assert_accessible(visit, language)
    page.locator("#id_proposed_level_1").check()
    page.locator("form.reply-form button[type=submit]").click()
    expect(page.locator("#id_explanation")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_explanation_error")).to_be_visible()
    assert_accessible(visit, language)

    # Rejecting without a reason, from the queue.
    visit.log_in(site.ranking.reviewer)
    visit.goto(f"/{language}/rankings/reply/disputes/")
    page.locator(f"form[action$='/disputes/{site.waiting.pk}/reject/'] button").click()
    field = f"#id_reject-{site.waiting.pk}-reason"
    expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"{field}_error")).to_be_visible()
    assert_accessible(visit, language)

    # A methodology file that is not one, and a clone mapping that cannot be read.
    visit.log_in(site.manager)
    visit.goto(f"/{language}/rankings/methodologies/import/")
    page.locator("#id_file").set_input_files(
        {"name": "notes.zip", "mimeType": "application/zip", "buffer": b"not a zip"}
    )
    page.locator("form.methodology-form button[type=submit]").click()
    expect(page.locator("#id_file")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_file_error")).to_be_visible()
    assert_accessible(visit, language)
    visit.goto(f"/{language}/rankings/methodologies/{site.methodology.pk}/clone/")
    page.locator("#id_mapping").fill("1.1 1.9")
    page.locator("form.methodology-form button[type=submit]").click()
    expect(page.locator("#id_mapping_error")).to_be_visible()
    expect(page.locator("#id_mapping")).to_have_value("1.1 1.9")
    assert_accessible(visit, language)


def test_accepting_a_reply_in_the_browser_shows_the_decision_to_the_city(visit, reply_site):
    page = visit.page
    site = reply_site
    visit.log_in(site.ranking.reviewer)
    visit.goto("/en/rankings/reply/disputes/")
    form = page.locator(f"form[action$='/disputes/{site.waiting.pk}/accept/']")
    form.locator("textarea").fill("The register is there.")
    form.locator("button").click()
    expect(page.locator(".messages")).to_contain_text("Reply accepted")
    visit.log_in(site.ranking.official)
    visit.goto(f"/en/rankings/reply/{site.cycle.pk}/{site.alba.pk}/")
    expect(page.locator("main")).to_contain_text("The register is there.")
    expect(page.locator("main")).to_contain_text("100.0 of 100")
    assert_accessible(visit, "en")
