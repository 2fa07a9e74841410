"""The public results pages in a real browser, in every UI language: axe-core finds no WCAG 2.1
A/AA issue, each page has its language and one <h1>, nothing loads from elsewhere, nothing
scrolls sideways at 320 pixels, and the sort links and the comparison form work with the
keyboard alone."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

from opencity.accounts.models import OrganisationKind, Role
from opencity.places.models import MunicipalityType, RegionType, Register
from opencity.rankings.models import (
    Answer,
    AnswerState,
    Dispute,
    DisputeState,
    EvidenceArchive,
    Publication,
    PublishedResult,
    ScaleLevel,
)
from tests import factories
from tests.browser.conftest import LANGUAGES
from tests.browser.helpers import (
    assert_focus_visible,
    assert_no_axe_violations,
    assert_page_basics,
    assert_stayed_local,
    focused,
    gettext_in,
    tab_until,
)
from tests.rankings.test_public_pages import ranked_rows, snapshot, two_area_methodology

pytestmark = pytest.mark.browser

# (slug, English, Ukrainian, Romanian, Bulgarian, population)
MUNICIPALITIES = [
    ("varna", "Varna", "Варна", "Varna", "Варна", 330_000),
    ("burgas", "Burgas", "Бургас", "Burgas", "Бургас", 200_000),
    ("ruse", "Ruse", "Русе", "Ruse", "Русе", 140_000),
    ("stara-zagora", "Stara Zagora", "Стара Загора", "Stara Zagora", "Стара Загора", 120_000),
    ("pleven", "Pleven", "Плевен", "Pleven", "Плевен", 95_000),
]


@dataclass
class ResultsData:
    cycle_pk: int
    earlier_cycle_pk: int
    municipality_pk: int  # with evidence, a dispute and an earlier cycle
    disqualified_pk: int
    compared: tuple[int, int, int]
    places_path: str

    def path(self, name: str) -> str:
        cycle, m = f"/rankings/results/{self.cycle_pk}/", self.municipality_pk
        first, second, third = self.compared
        return {
            "list": "/rankings/results/",
            "ranking": cycle,
            "ranking-sorted": f"{cycle}?sort=area-2&dir=asc&population=100k-500k",
            "ranking-empty": f"{cycle}?q=nowhere",
            "ranking-old": f"/rankings/results/{self.earlier_cycle_pk}/?version=1",
            "versions": f"/rankings/results/{self.earlier_cycle_pk}/versions/",
            "profile": f"{cycle}{m}/",
            "profile-disqualified": f"{cycle}{self.disqualified_pk}/",
            "compare-form": f"{cycle}compare/",
            "compare": f"{cycle}compare/?m={first}&m={second}&m={third}",
            "compare-error": f"{cycle}compare/?m={first}",
            "history": f"/rankings/results/history/{m}/",
            "indicator": f"{cycle}indicators/1.1/",
            "places-municipality": self.places_path,
        }[name]


PAGES = [
    "list",
    "ranking",
    "ranking-sorted",
    "ranking-empty",
    "ranking-old",
    "versions",
    "profile",
    "profile-disqualified",
    "compare-form",
    "compare",
    "compare-error",
    "history",
    "indicator",
    "places-municipality",
]


def _translated(field: str, en: str, uk: str, ro: str, bg: str) -> dict[str, str]:
    return {f"{field}_en": en, f"{field}_uk": uk, f"{field}_ro": ro, f"{field}_bg": bg}


def _profile_answers(
    result: PublishedResult, answers: dict[str, Answer], archives: list[EvidenceArchive]
) -> list[dict[str, Any]]:
    """The answers of the profile's municipality as a publication records them: evidence
    archived, failed and pending, an uploaded file, comments and recommendations."""
    archived, failed, pending = archives
    entries = []
    for code, level in result.levels.items():
        answer = answers[code]
        entry: dict[str, Any] = {
            "indicator": code, "level": level, "status": "scored",
            "earned": "1.00" if level in {"1", "2"} else "0.00", "possible": "1.00",
            "full_marks": level in {"1", "2"}, "answer": answer.pk,
            "evidence_urls": answer.evidence_urls, "file": code == "1.2",
            "comment": f"The page for {code} was checked on the city website.",
            "recommendation": "Publish the documents as open data, not as scans.",
            "archives": [],
        }  # fmt: skip
        for archive in (archived, failed, pending):
            if archive.answer_id == answer.pk:
                entry["archives"].append(
                    {"id": archive.pk, "url": archive.url, "status": archive.status,
                     "archived_at": archive.fetched_at.isoformat() if archive.fetched_at else None,
                     "sha256": archive.sha256, "http_status": archive.http_status,
                     "error": archive.error}
                )  # fmt: skip
        entries.append(entry)
    return entries


@pytest.fixture
def results_data(transactional_db) -> ResultsData:
    """Two published cycles of Bulgarian municipalities: 2023 (corrected once) and 2024, with
    evidence, a city hall's reply and a disqualification."""
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    country = factories.CountryFactory(
        code="BG", slug="bg", **_translated("name", "Bulgaria", "Болгарія", "Bulgaria", "България")
    )
    region = factories.RegionFactory(
        country=country, register=Register.EKATTE, code="VAR", unit_type=RegionType.BG_OBLAST,
        slug="varna-region",
        **_translated("name", "Varna Region", "Варненська область", "Regiunea Varna", "Варна"),
    )  # fmt: skip
    municipalities = [
        factories.MunicipalityFactory(
            region=region, register=Register.EKATTE, code=f"VAR{index:02d}",
            unit_type=MunicipalityType.OBSHTINA, slug=slug, population=population,
            search_text=f"{en.lower()} {uk.lower()}", **_translated("name", en, uk, ro, bg),
        )
        for index, (slug, en, uk, ro, bg, population) in enumerate(MUNICIPALITIES)
    ]  # fmt: skip
    methodology = two_area_methodology(admin)
    earlier = snapshot(
        coordinator=admin, methodology=methodology, rows=ranked_rows(municipalities), year=2023
    )
    # A correction of 2023, so that its versions page has a changelog to show.
    first_rows = {r.municipality_id: r for r in earlier.results.all()}
    corrected = Publication.objects.create(
        cycle=earlier.cycle, version=2, published_at=earlier.published_at, published_by=admin,
        reason="A late answer to an information request was counted.",
        municipality_count=earlier.municipality_count, average_total=earlier.average_total,
        area_averages=earlier.area_averages,
        changelog=[{
            "municipality_id": municipalities[2].pk, "municipality": municipalities[2].name_en,
            "total": ["80.0", "85.0"], "rank": ["3", "2"],
            "levels": [{"indicator": "1.1", "before": "0", "after": "1"}],
        }],
    )  # fmt: skip
    PublishedResult.objects.bulk_create(
        PublishedResult(
            publication=corrected, municipality_id=pk, total=row.total, rank=row.rank,
            category=row.category, earned=row.earned, possible=row.possible,
            area_scores=row.area_scores, levels=row.levels, answers=row.answers,
        )
        for pk, row in first_rows.items()
    )  # fmt: skip

    rows = ranked_rows(municipalities)
    rows[-1]["disqualification_reason"] = "Evidence links were changed after scoring."
    rows[-1]["rank"] = None
    current = snapshot(coordinator=admin, methodology=methodology, rows=rows, year=2024)
    cycle = current.cycle

    # The profile's municipality: answers with evidence, their archived copies and a reply.
    varna = municipalities[0]
    levels = {
        (level.scale.code, level.code): level
        for level in ScaleLevel.objects.filter(scale__methodology=methodology).select_related(
            "scale"
        )
    }
    answers = {}
    for indicator in methodology.indicators.select_related("scale"):
        code = current.results.get(municipality=varna).levels[indicator.code]
        answers[indicator.code] = Answer.objects.create(
            cycle=cycle, municipality=varna, indicator=indicator,
            level=levels[(indicator.scale.code, code)], state=AnswerState.APPROVED,
            evidence_urls=[f"https://www.varna.bg/transparency/{indicator.code}"],
            evidence_file="evidence/2024/05/budget.pdf" if indicator.code == "1.2" else "",
        )  # fmt: skip
    archives = [
        EvidenceArchive.objects.create(
            answer=answers["1.1"], url=answers["1.1"].evidence_urls[0], status="archived",
            fetched_at=datetime.datetime(2024, 5, 3, 9, 30, tzinfo=datetime.UTC),
            http_status=200, sha256="ab" * 32,
        ),
        EvidenceArchive.objects.create(
            answer=answers["1.2"], url=answers["1.2"].evidence_urls[0], status="failed",
            http_status=404, error="The server answered 404 Not Found.",
        ),
        EvidenceArchive.objects.create(answer=answers["21"], url=answers["21"].evidence_urls[0]),
    ]  # fmt: skip
    result = current.results.get(municipality=varna)
    result.answers = _profile_answers(result, answers, archives)
    result.save(update_fields=["answers"])
    city_hall = factories.OrganisationFactory(
        kind=OrganisationKind.CITY_HALL, municipality=varna, slug="varna-city-hall",
        **_translated("name", "Varna City Hall", "Мерія Варни", "Primăria Varna", "Община Варна"),
    )  # fmt: skip
    official = factories.UserFactory(display_name="Ivan Petrov")
    factories.MembershipFactory(user=official, organisation=city_hall, role=Role.OFFICIAL)
    binary = {level.code: level for level in answers["1.1"].indicator.scale.levels.all()}
    Dispute.objects.create(
        answer=answers["1.1"], organisation=city_hall, author=official,
        proposed_level=binary["0"], level_before=binary["1"],
        explanation="The register shown was last year's; this year's is on the new website.",
        evidence_urls=["https://www.varna.bg/register-2024"], state=DisputeState.REJECTED,
        resolved_by=admin, resolution_reason="Both registers were online on the day of the check.",
    )  # fmt: skip
    return ResultsData(
        cycle_pk=cycle.pk,
        earlier_cycle_pk=earlier.cycle_id,
        municipality_pk=varna.pk,
        disqualified_pk=municipalities[-1].pk,
        compared=(municipalities[0].pk, municipalities[1].pk, municipalities[3].pk),
        places_path=re.sub(r"^/en", "", varna.get_absolute_url()),
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_results_page_is_accessible(visit, results_data, name, language):
    path = f"/{language}{results_data.path(name)}"
    visit.goto(path)
    assert visit.page.url == visit.base_url + path
    assert_page_basics(visit.page, language)
    assert_no_axe_violations(visit.page)
    assert_stayed_local(visit)


@pytest.mark.parametrize("language", LANGUAGES)
def test_results_pages_reflow_at_320_pixels(visit, results_data, language):
    """WCAG 1.4.10: wide tables scroll inside their own region; the page never scrolls
    sideways, and the charts shrink with it."""
    visit.page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}
    for name in PAGES:
        visit.goto(f"/{language}{results_data.path(name)}")
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        if width > 320 + 1:
            too_wide[name] = width
        for chart in visit.page.locator("svg.chart").all():
            box = chart.bounding_box()
            assert box is not None and box["width"] <= 320, f"{name}: a chart is {box}"
    assert not too_wide, f"pages that scroll sideways at 320px, with their width: {too_wide}"
    assert_stayed_local(visit)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sort_links_work_with_the_keyboard(visit, results_data, language):
    page = visit.page
    visit.goto(f"/{language}{results_data.path('ranking')}")
    info = tab_until(page, lambda info: info["inMain"] and "sort=total" in (info["href"] or ""))
    assert_focus_visible(info)
    assert info["text"] == gettext_in(language, "Total")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=total&dir=desc"))
    total_header = page.locator("th[aria-sort]")
    expect(total_header).to_have_count(1)
    expect(total_header).to_have_attribute("aria-sort", "descending")
    # Again: the same column, now ascending, worst first.
    info = tab_until(page, lambda info: info["inMain"] and "sort=total" in (info["href"] or ""))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=total&dir=asc"))
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    first_row = page.locator("table.results-ranking tbody tr").first
    names = {m[0]: m[1:5] for m in MUNICIPALITIES}
    expected = dict(zip(LANGUAGES, names["stara-zagora"], strict=True))[language]
    expect(first_row.locator("th")).to_contain_text(expected)  # 75.0: the lowest ranked
    # An area column is reachable too.
    info = tab_until(page, lambda info: info["inMain"] and "sort=area-2" in (info["href"] or ""))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=area-2&dir=desc"))
    assert_stayed_local(visit)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compare_form_works_with_the_keyboard(visit, results_data, language):
    page = visit.page
    visit.goto(f"/{language}{results_data.path('compare-form')}")
    label = gettext_in(language, "Municipality %(number)s") % {"number": 1}
    first = page.get_by_label(label, exact=True)
    info = tab_until(page, lambda info: info["id"] == "id_m_1")
    assert_focus_visible(info)
    page.keyboard.press("ArrowDown")  # the first municipality of the list
    expect(first).not_to_have_value("")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_m_2"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_m_2")).not_to_have_value("")
    info = tab_until(page, lambda info: info["tag"] == "button" and info["inMain"])
    assert_focus_visible(info)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"m=\d+&m=\d+"))
    expect(page.locator("#comparison-caption")).to_be_visible()
    expect(page.locator("svg#compare-areas")).to_have_count(1)
    # Choosing only one explains what to do, at the form.
    page.locator("#id_m_2").select_option("")
    page.locator("main button[type=submit]").click()
    error = page.locator("#id_m_error")
    expect(error).to_be_visible()
    assert "id_m_error" in (page.locator("#id_m_1").get_attribute("aria-describedby") or "")
    assert_no_axe_violations(page)
    assert_stayed_local(visit)


def test_profile_shows_its_evidence_and_the_city_halls_reply_in_bulgarian(visit, results_data):
    visit.goto(f"/bg{results_data.path('profile')}")
    main = visit.page.locator("main")
    expect(main.locator("h1")).to_contain_text("Варна")
    expect(main).to_contain_text("Община Варна")
    expect(main).to_contain_text("Both registers were online on the day of the check.")
    expect(main).not_to_contain_text("Ivan Petrov")
    expect(main.locator("svg#area-scores")).to_have_attribute("role", "img")
    expect(main.get_by_role("img", name=re.compile("Варна"))).to_have_count(1)
    assert_stayed_local(visit)
