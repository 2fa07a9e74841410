"""The coalition's working pages in a real browser, in every UI language: axe-core finds no
WCAG 2.1 A/AA issue, one <h1>, ARIA references that resolve, nothing loaded from elsewhere, no
sideways scrolling at 320 pixels; the answer form works with the keyboard alone, and a
concurrent save is announced while everything typed stays in the form."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencity.rankings import services
from opencity.rankings.models import Answer, ArchiveStatus, EvidenceArchive
from tests.browser.conftest import LANGUAGES
from tests.browser.helpers import (
    assert_accessible,
    assert_focus_visible,
    assert_pages_accessible,
    assert_pages_reflow,
    assert_stayed_local,
    gettext_in,
    tab_until,
)

# The rankings tests' fixtures, used as they are: a methodology, a published-to-be cycle of three
# cities, and the working cycle of the work pages' tests.
from tests.rankings.conftest import manager, methodology, move_to, ranking  # noqa: F401
from tests.rankings.test_work_pages import save, team, work  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _evidence_stays_pending(settings):  # type: ignore[no-untyped-def]
    """Evidence links are not fetched from the network here: their archive rows stay pending,
    and the tests set the other states themselves."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def work_site(work, ranking):  # type: ignore[no-untyped-def]  # noqa: F811
    """`work` (assessment phase, answers in every state) and `ranking`, published."""
    answer = Answer.objects.get(
        cycle=work.cycle, municipality=work.alba, indicator=work.indicators[0]
    )
    EvidenceArchive.objects.filter(answer=answer).update(
        status=ArchiveStatus.ARCHIVED,
        fetched_at=timezone.make_aware(datetime.datetime(2024, 3, 5, 10, 0)),
        sha256="ab" * 32,
        http_status=200,
    )
    failed = save(
        work.assessor, work.cycle, work.brasov, work.indicators[1], "0",
        evidence_urls=["https://brasov.example.org/missing"], comment="Checked twice",
    )  # fmt: skip
    EvidenceArchive.objects.filter(answer=failed).update(
        status=ArchiveStatus.FAILED, error="HTTP 404"
    )
    move_to(ranking.cycle, "publication")
    services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    return SimpleNamespace(**vars(work), published=ranking.cycle, ranking=ranking)


def pages(site) -> dict[str, tuple[object, str]]:  # type: ignore[no-untyped-def]
    """Every page of this part, with the person who sees it, without the language prefix."""
    published = site.published
    cycle, alba = site.cycle, site.alba
    one, two, three = site.indicators
    base = f"/rankings/work/cycles/{cycle.pk}/"
    alba_published = site.ranking.municipalities[0]
    return {
        "my-work-assessor": (site.assessor, "/rankings/work/"),
        "my-work-reviewer": (site.reviewer, "/rankings/work/"),
        "my-work-coordinator": (site.coordinator, "/rankings/work/"),
        "sheet": (site.assessor, f"/rankings/work/{cycle.pk}/{alba.pk}/"),
        "answer-returned": (site.assessor, f"/rankings/work/{cycle.pk}/{alba.pk}/{two.pk}/"),
        "answer-new": (site.assessor, f"/rankings/work/{cycle.pk}/{alba.pk}/{three.pk}/"),
        "answer-review": (site.reviewer, f"/rankings/work/{cycle.pk}/{alba.pk}/{one.pk}/"),
        "answer-failed-archive": (
            site.coordinator,
            f"/rankings/work/{cycle.pk}/{site.brasov.pk}/{two.pk}/",
        ),
        "review-queue": (site.reviewer, "/rankings/work/review/"),
        "dashboard": (site.coordinator, base),
        "assign": (site.coordinator, base + "assign/"),
        "disqualify": (site.coordinator, base + f"disqualify/{alba.pk}/"),
        "correct": (
            site.coordinator,
            f"/rankings/work/cycles/{published.pk}/correct/"
            f"?municipality={alba_published.pk}&indicator={site.ranking.indicators[2].pk}",
        ),
        "dashboard-published": (site.coordinator, f"/rankings/work/cycles/{published.pk}/"),
        "new-cycle": (site.coordinator, "/rankings/work/cycles/new/"),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_accessible(visit, work_site, language):
    assert_pages_accessible(visit, language, pages(work_site))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_reflows_at_320_pixels(visit, work_site, language):
    assert_pages_reflow(visit, language, pages(work_site))


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_tied_to_their_fields(visit, work_site, language):
    """A refused answer, a refused new cycle and a refused assignment: errors announced, tied
    to their fields, and axe is happy with the pages that show them."""
    site = work_site
    page = visit.page
    visit.log_in(site.assessor)
    three = site.indicators[2]
    visit.goto(f"/{language}/rankings/work/{site.cycle.pk}/{site.alba.pk}/{three.pk}/")
    page.locator("#id_evidence_urls").fill("not a link")
    page.locator("#id_comment").fill("Kept after the error")
    page.locator("form.work-form button[type=submit]").click()
    links = page.locator("#id_evidence_urls")
    expect(links).to_have_attribute("aria-invalid", "true")
    assert "id_evidence_urls_error" in links.get_attribute("aria-describedby").split()
    expect(page.locator("#id_evidence_urls_error")).to_be_visible()
    expect(page.locator("#id_comment")).to_have_value("Kept after the error")
    expect(page.locator("[role=alert]")).to_be_visible()
    assert_accessible(visit, language)

    visit.log_in(site.coordinator)
    visit.goto(f"/{language}/rankings/work/cycles/new/")
    page.locator("#id_name").fill("Cycle with errors")
    page.locator("#id_codes").fill("NOPE-1")
    page.locator("button[name=action][value=open]").click()
    codes = page.locator("#id_codes")
    expect(codes).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_codes_error")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Cycle with errors")
    assert_accessible(visit, language)

    visit.goto(f"/{language}/rankings/work/cycles/{site.cycle.pk}/assign/")
    page.locator("form.work-form button[type=submit]").click()
    expect(page.locator("#municipalities-error")).to_be_visible()
    assert_accessible(visit, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_concurrent_save_is_announced_and_what_was_typed_stays(visit, work_site, language):
    site = work_site
    page = visit.page
    three = site.indicators[2]
    visit.log_in(site.assessor)
    visit.goto(f"/{language}/rankings/work/{site.cycle.pk}/{site.alba.pk}/{three.pk}/")
    expect(page.locator("input[name=revision]")).to_have_value("0")
    # Meanwhile the answer is saved elsewhere (another tab, another device).
    save(site.assessor, site.cycle, site.alba, three, "1", comment="Saved elsewhere")
    page.locator("#id_level_1").check()
    page.locator("#id_evidence_urls").fill("https://alba.example.org/typed")
    page.locator("#id_comment").fill("Typed in the browser")
    page.locator("#id_recommendation").fill("Publish the annex")
    page.locator("form.work-form button[type=submit]").click()

    alert = page.locator("[role=alert]#conflict")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Saved elsewhere")
    expect(page.locator("#id_comment")).to_have_value("Typed in the browser")
    expect(page.locator("#id_recommendation")).to_have_value("Publish the annex")
    expect(page.locator("#id_evidence_urls")).to_have_value("https://alba.example.org/typed")
    expect(page.locator("#id_level_1")).to_be_checked()
    expect(page.locator("input[name=revision]")).to_have_value("1")
    assert_accessible(visit, language)

    save_mine = page.locator("form.work-form button[type=submit]")
    expect(save_mine).to_have_text(gettext_in(language, "Save my version"))
    save_mine.click()
    expect(page.locator("[role=status]")).to_contain_text(
        gettext_in(language, "The answer was saved.")
    )
    answer = Answer.objects.get(cycle=site.cycle, municipality=site.alba, indicator=three)
    assert (answer.comment, answer.level.code, answer.revision) == ("Typed in the browser", "0", 2)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_answer_form_works_with_the_keyboard_alone(visit, work_site, language):
    site = work_site
    page = visit.page
    three = site.indicators[2]
    visit.log_in(site.assessor)
    visit.goto(f"/{language}/rankings/work/{site.cycle.pk}/{site.alba.pk}/{three.pk}/")
    # Into the radio group; the arrow keys choose a level.
    info = tab_until(page, lambda info: info["id"] == "id_level_0")
    assert_focus_visible(info)
    page.keyboard.press("Space")
    expect(page.locator("#id_level_0")).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_level_1")).to_be_checked()
    # On to the links, typed one per line.
    info = tab_until(page, lambda info: info["id"] == "id_evidence_urls", limit=3)
    assert_focus_visible(info)
    page.keyboard.type("https://alba.example.org/register")
    info = tab_until(page, lambda info: info["id"] == "id_comment", limit=4)
    assert_focus_visible(info)
    page.keyboard.type("Checked with the keyboard")
    info = tab_until(page, lambda info: info["id"] == "id_recommendation", limit=2)
    page.keyboard.type("Keep the register online")
    info = tab_until(page, lambda info: info["tag"] == "button", limit=2)
    assert_focus_visible(info)
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]")).to_contain_text(
        gettext_in(language, "The answer was saved.")
    )
    answer = Answer.objects.get(cycle=site.cycle, municipality=site.alba, indicator=three)
    assert answer.level.code == "0"
    assert answer.evidence_urls == ["https://alba.example.org/register"]
    assert (answer.comment, answer.recommendation) == (
        "Checked with the keyboard",
        "Keep the register online",
    )
    # Then "Submit for review" is the next button, reached and pressed with the keyboard.
    submit = gettext_in(language, "Submit for review")
    info = tab_until(page, lambda info: info["tag"] == "button" and info["text"] == submit)
    assert_focus_visible(info)
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]")).to_contain_text(
        gettext_in(language, "The answer was submitted for review.")
    )
    answer.refresh_from_db()
    assert answer.state == "submitted"
    assert_stayed_local(visit)
