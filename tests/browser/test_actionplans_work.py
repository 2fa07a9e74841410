"""The action-plan work pages in a real browser: axe-core finds no WCAG 2.1 A/AA issue (every
page in English, the forms in Ukrainian too), one <h1>, nothing loaded from elsewhere, no sideways
scrolling at 320 pixels; the progress form and the independent assessment form work with the
keyboard alone, and a form that comes back with an error passes axe too."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from opencity.actionplans import services
from opencity.actionplans.models import Assessment, ProgressUpdate
from tests.actionplans.conftest import (  # noqa: F401  (fixtures)
    commitment,
    independent_assessor,
    mechanism,
    member,
    milestone,
    plan,
)
from tests.actionplans.factories import AssessmentFactory, MilestoneFactory
from tests.browser.helpers import (
    assert_accessible,
    assert_focus_visible,
    assert_pages_accessible,
    assert_pages_reflow,
    assert_stayed_local,
    gettext_in,
    tab_until,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, make_person, plan, commitment, milestone, independent_assessor):  # noqa: F811
    """A plan with a delayed milestone and a revised one (so that the history has rows), an
    independent assessment, and one person per role."""
    official = make_person("city_official")
    MilestoneFactory(
        commitment=commitment,
        number=2,
        deliverable_en="Late register of contracts with a rather long name to wrap at 320 pixels",
        end_date=datetime.date(2020, 1, 1),
        responsible="Department of public procurement and municipal contracts",
    )
    services.milestone_update(actor=official, milestone=milestone, status="in_progress")
    AssessmentFactory(
        commitment=commitment,
        organisation=independent_assessor.memberships.get().organisation,
        completion="substantial",
    )
    return SimpleNamespace(
        official=official,
        assessor=independent_assessor,
        cso_member=make_person("member"),
        commitment=commitment,
        plan=plan,
    )


def pages(site) -> dict[str, tuple[object, str]]:  # type: ignore[no-untyped-def]
    on = f"/action-plans/work/commitments/{site.commitment.identifier}/"
    of_plan = f"/action-plans/work/plans/{site.plan.identifier}/"
    return {
        "dashboard-official": (site.official, "/action-plans/work/"),
        "dashboard-assessor": (site.assessor, "/action-plans/work/"),
        "plan": (site.official, of_plan),
        "event": (site.official, f"{of_plan}events/new/"),
        "commitment-new": (site.official, f"{of_plan}commitments/new/"),
        "import": (site.official, f"{of_plan}milestones/import/"),
        "commitment": (site.official, on),
        "commitment-edit": (site.official, f"{on}edit/"),
        "milestone-new": (site.official, f"{on}milestones/new/"),
        "milestone": (site.official, f"{on}milestones/1/"),
        "progress": (site.official, f"{on}progress/"),
        "self": (site.official, f"{on}assess/self/"),
        "independent": (site.assessor, f"{on}assess/independent/"),
        "monitoring": (site.cso_member, f"{on}assess/civil_society/"),
    }


def test_every_work_page_is_accessible(visit, site):
    assert_pages_accessible(visit, "en", pages(site))


def test_the_forms_are_accessible_in_ukrainian(visit, site):
    forms = {name: pages(site)[name] for name in ("progress", "independent", "commitment-edit")}
    assert_pages_accessible(visit, "uk", forms)


def test_every_work_page_reflows_at_320_pixels(visit, site):
    assert_pages_reflow(visit, "en", pages(site))


def test_the_progress_form_works_with_the_keyboard_alone(visit, site):
    page = visit.page
    visit.log_in(site.official)
    visit.goto(f"/en/action-plans/work/commitments/{site.commitment.identifier}/progress/")
    # The date is filled in with today; the title is typed, the milestone chosen with arrows.
    info = tab_until(page, lambda info: info["id"] == "id_title")
    assert_focus_visible(info)
    page.keyboard.type("Register published")
    tab_until(page, lambda info: info["id"] == "id_text", limit=2)
    page.keyboard.type("The first contracts are online.")
    tab_until(page, lambda info: info["id"] == "id_progress", limit=2)
    page.keyboard.type("250")  # out of range: the form comes back with the error
    info = tab_until(page, lambda info: info["id"] == "id_milestone", limit=2)
    assert_focus_visible(info)
    page.keyboard.press("ArrowDown")
    tab_until(page, lambda info: info["id"] == "id_milestone_status", limit=2)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_until(page, lambda info: info["id"] == "id_links", limit=2)
    page.keyboard.type("https://alba.example.org/contracts")
    page.keyboard.press("Enter")
    page.keyboard.type("https://alba.example.org/contracts/2025")
    info = tab_until(page, lambda info: info["tag"] == "button", limit=4)
    assert_focus_visible(info)
    page.keyboard.press("Enter")
    # Back with the error, everything typed kept, and the page still passes axe.
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#id_progress_error")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Register published")
    expect(page.locator("#id_links")).to_have_value(
        "https://alba.example.org/contracts\nhttps://alba.example.org/contracts/2025"
    )
    assert_accessible(visit, "en")
    page.locator("#id_progress").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    tab_until(page, lambda info: info["tag"] == "button", limit=8)
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]")).to_contain_text("The progress was reported.")
    update = ProgressUpdate.objects.get()
    assert (update.title, update.progress, update.milestone.number) == (
        "Register published",
        40,
        1,
    )
    assert update.milestone.status == "complete"
    assert update.evidence.count() == 2
    assert_stayed_local(visit)


def test_the_assessment_form_works_with_the_keyboard_alone_in_romanian(visit, site):
    page = visit.page
    visit.log_in(site.assessor)
    visit.goto(
        f"/ro/action-plans/work/commitments/{site.commitment.identifier}/assess/independent/"
    )
    info = tab_until(page, lambda info: info["id"] == "id_report_type")
    assert_focus_visible(info)
    # The first report, the action plan review, stays chosen.
    tab_until(page, lambda info: info["id"] == "id_verifiability", limit=6)
    page.keyboard.press("ArrowDown")  # verifiable
    tab_until(page, lambda info: info["id"] == "id_specificity", limit=2)
    for _ in range(4):
        page.keyboard.press("ArrowDown")  # high
    tab_until(page, lambda info: info["id"] == "id_completion", limit=8)
    for _ in range(8):
        page.keyboard.press("ArrowDown")  # no data
    info = tab_until(page, lambda info: info["id"] == "id_promising", limit=8)
    assert_focus_visible(info)
    page.keyboard.press("Space")
    tab_until(page, lambda info: info["id"] == "id_summary", limit=2)
    page.keyboard.type("Evaluat cu tastatura")
    saved = gettext_in("ro", "Save the assessment")
    info = tab_until(page, lambda info: info["tag"] == "button" and info["text"] == saved)
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]")).to_contain_text(
        gettext_in("ro", "The assessment was saved.")
    )
    assessment = Assessment.objects.get(report_type="action_plan_review")
    assert (assessment.verifiability, assessment.specificity, assessment.completion) == (
        "verifiable",
        "high",
        "no_data",
    )
    assert assessment.promising and assessment.summary == "Evaluat cu tastatura"
    assert assessment.potential_impact == ""
    assert_stayed_local(visit)
