"""Public results pages: only published snapshots, sorting and filtering in the database,
versions, profiles with evidence and the city's replies, comparisons, history across editions,
indicators, the municipality page's section, and a fixed number of queries on every page."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from opencity.core.text import search_key
from opencity.places.models import Municipality
from opencity.rankings import services
from opencity.rankings.models import (
    Answer,
    ArchiveStatus,
    Area,
    CategoryThreshold,
    CheckMethod,
    Cycle,
    EvidenceArchive,
    Indicator,
    Methodology,
    Publication,
    PublishedResult,
    RequirementType,
    ScaleKind,
)
from tests.factories import MunicipalityFactory, RegionFactory
from tests.rankings.conftest import PHASE_OFFSETS, move_to
from tests.rankings.test_cycles import dates

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "uk", "ro", "bg")


# --- Building published data ------------------------------------------------------------------


def results_url(cycle: Cycle | int, *rest: object, language: str = "en") -> str:
    pk = cycle if isinstance(cycle, int) else cycle.pk
    suffix = "".join(f"{part}/" for part in rest)
    return f"/{language}/rankings/results/{pk}/{suffix}"


def publish(ranking: Any) -> Publication:
    """Publish the `ranking` fixture's cycle as the coordinator would."""
    move_to(ranking.cycle, "publication")
    return services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)


def two_area_methodology(manager: Any) -> Methodology:
    """Area 1 with 1.1 and 1.2 (yes/no); area 2 with "21" (0/1/2): codes made of digits, as real
    methodologies have, which JSON paths would otherwise read as array indexes."""
    methodology = services.methodology_create(actor=manager, name="Open Budgets", edition=2024)
    binary = methodology.scales.get(kind=ScaleKind.BINARY)
    three = methodology.scales.get(kind=ScaleKind.ZERO_ONE_TWO)
    openness = Area(methodology=methodology, code="1", title_en="Openness", order=1)
    budget = Area(methodology=methodology, code="2", title_en="Budget", order=2)
    for area in (openness, budget):
        services.methodology_part_save(actor=manager, part=area)
    for order, (area, code, scale) in enumerate(
        [(openness, "1.1", binary), (openness, "1.2", binary), (budget, "21", three)]
    ):
        services.methodology_part_save(
            actor=manager,
            part=Indicator(
                methodology=methodology, area=area, code=code, title_en=f"Indicator {code}",
                check_method=CheckMethod.WEBSITE, requirement_type=RequirementType.LEGAL,
                scale=scale, order=order,
            ),
        )  # fmt: skip
    for code, label, minimum in (("good", "Good", 60), ("poor", "Poor", 0)):
        services.methodology_part_save(
            actor=manager,
            part=CategoryThreshold(
                methodology=methodology, code=code, label_en=label, minimum=minimum
            ),
        )
    return methodology


def snapshot(
    *,
    coordinator: Any,
    methodology: Methodology,
    rows: list[dict[str, Any]],
    year: int = 2024,
    name: str = "Open Budgets",
) -> Publication:
    """A published cycle written as `cycle_publish` writes it: one Publication and one
    PublishedResult per row (municipality, total, rank, category, area_scores, levels,
    disqualification_reason)."""
    cycle = services.cycle_open(
        actor=coordinator, methodology=methodology, year=year, name=name,
        municipalities=[row["municipality"] for row in rows],
        **dates(offset_days=PHASE_OFFSETS["publication"]),
    )  # fmt: skip
    totals = [row["total"] for row in rows if row.get("total") is not None]
    areas = list(methodology.areas.values_list("code", flat=True))
    averages = {}
    for code in areas:
        scores = [row["area_scores"][code] for row in rows if row["area_scores"].get(code)]
        averages[code] = round(sum(scores) / len(scores), 1) if scores else None
    publication = Publication.objects.create(
        cycle=cycle,
        version=1,
        published_at=timezone.now(),
        published_by=coordinator,
        municipality_count=len(rows),
        average_total=round(Decimal(sum(totals)) / len(totals), 1) if totals else None,
        area_averages=averages,
    )
    PublishedResult.objects.bulk_create(
        PublishedResult(
            publication=publication,
            municipality=row["municipality"],
            total=row.get("total"),
            rank=row.get("rank"),
            category=row.get("category", ""),
            earned=0,
            possible=0,
            disqualification_reason=row.get("disqualification_reason", ""),
            area_scores=row["area_scores"],
            levels=row.get("levels", {}),
            answers=[
                {
                    "indicator": code,
                    "level": level,
                    "status": "scored",
                    "earned": "1",
                    "possible": "1",
                    "full_marks": level == "1",
                    "evidence_urls": [],
                    "file": False,
                    "comment": "",
                    "recommendation": "",
                    "archives": [],
                }
                for code, level in row.get("levels", {}).items()
            ],  # fmt: skip
        )
        for row in rows
    )
    return publication


def ranked_rows(municipalities: list[Municipality]) -> list[dict[str, Any]]:
    """Rows for `municipalities`, best first: totals 90, 85, 80, ... and area 2 reversed."""
    return [
        {
            "municipality": municipality,
            "total": Decimal(90 - 5 * index),
            "rank": index + 1,
            "category": "good" if 90 - 5 * index >= 60 else "poor",
            "area_scores": {"1": float(90 - 5 * index), "2": float(10 + 5 * index)},
            "levels": {"1.1": "1" if index % 2 == 0 else "0", "1.2": "1", "21": "2"},
        }
        for index, municipality in enumerate(municipalities)
    ]


@pytest.fixture
def coordinator(make_person: Any) -> Any:
    return make_person("coordinator")


@pytest.fixture
def budgets(manager: Any) -> Methodology:
    return two_area_methodology(manager)


def page(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    return response.content.decode()


def row_names(html: str) -> list[str]:
    """The municipalities of the ranking table, in the order shown."""
    body = html.split('<table class="results-ranking', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', body)


# --- Only published results are public ------------------------------------------------------------


def test_an_unpublished_cycle_has_no_public_page(client, ranking):
    """In any phase before publication, every page of the cycle is not found, even though its
    answers are all approved."""
    cycle, municipality = ranking.cycle, ranking.municipalities[0]
    for phase in ("assessment", "city_reply", "publication"):
        move_to(cycle, phase)
        for url in (
            results_url(cycle),
            results_url(cycle, "versions"),
            results_url(cycle, municipality.pk),
            results_url(cycle, "compare"),
            results_url(cycle, "compare")
            + f"?m={municipality.pk}&m={ranking.municipalities[1].pk}",
            results_url(cycle, "indicators", "1.1"),
            f"/en/rankings/results/history/{municipality.pk}/",
        ):
            page(client, url, status=404)
    listing = page(client, "/en/rankings/results/")
    assert "No ranking has been published yet." in listing
    assert "Transparent Cities" not in listing.split("<main", 1)[1]


def test_unknown_cycles_versions_municipalities_and_indicators_are_not_found(client, ranking):
    publish(ranking)
    cycle = ranking.cycle
    outsider = MunicipalityFactory()
    for url in (
        results_url(999_999),
        results_url(cycle) + "?version=2",
        results_url(cycle) + "?version=0",
        results_url(cycle) + "?version=first",
        results_url(cycle, outsider.pk),
        results_url(cycle, "indicators", "9.9"),
        f"/en/rankings/results/history/{outsider.pk}/",
        "/en/rankings/results/history/999999/",
    ):
        page(client, url, status=404)


def test_pages_show_the_snapshot_never_the_live_answers(client, ranking):
    publish(ranking)
    Answer.objects.filter(cycle=ranking.cycle).update(comment="Changed after publication")
    alba = ranking.municipalities[0]
    profile = page(client, results_url(ranking.cycle, alba.pk))
    assert "Checked 1.1" in profile
    assert "Changed after publication" not in profile


def test_cycle_list_shows_each_published_cycle_with_its_current_version(client, ranking):
    publication = publish(ranking)
    for language in LANGUAGES:
        page(client, f"/{language}/rankings/results/")
    html = page(client, "/en/rankings/results/")
    assert f'href="{results_url(ranking.cycle)}">Transparent Cities</a>' in html
    assert f'href="/en/rankings/methodologies/{ranking.cycle.methodology_id}/"' in html
    assert '<td class="number">3</td>' in html  # municipalities
    assert f'href="{results_url(ranking.cycle, "versions")}">1</a>' in html
    assert f"{publication.published_at:%Y}" in html


# --- The ranking ---------------------------------------------------------------------------------


def test_ranking_shows_rank_total_category_and_areas_in_every_language(client, ranking):
    publish(ranking)
    for language in LANGUAGES:
        page(client, results_url(ranking.cycle, language=language))
    html = page(client, results_url(ranking.cycle))
    assert row_names(html) == ["Brasov", "Alba Iulia", "Cluj"]
    assert "<h1>Transparent Cities 2024: ranking</h1>" in html
    assert "1. Openness" in html
    assert '<td class="number">66.7</td>' in html
    assert "<td>partial</td>" in html  # the threshold's label
    # The default order is by rank, and the column says so.
    assert re.search(r'<th scope="col" class="number" aria-sort="ascending"><a [^>]*>Rank', html)
    assert f'href="/en/rankings/results/{ranking.cycle.pk}/versions/"' in html
    # The open-data downloads of the same ranking.
    assert f'href="{results_url(ranking.cycle)}ranking.csv" download' in html
    assert f'href="{results_url(ranking.cycle)}ranking.xlsx" download' in html


@pytest.fixture
def budget_ranking(coordinator, budgets):
    municipalities = [MunicipalityFactory(name_en=name) for name in ("Arad", "Bacau", "Cahul")]
    rows = ranked_rows(municipalities)
    # Area 2 without a score for Bacau: nothing was applicable there.
    rows[1]["area_scores"]["2"] = None
    return snapshot(coordinator=coordinator, methodology=budgets, rows=rows)


def test_ranking_sorts_by_total_and_by_each_area_in_both_directions(client, budget_ranking):
    url = results_url(budget_ranking.cycle)
    assert row_names(page(client, url + "?sort=total")) == ["Arad", "Bacau", "Cahul"]
    assert row_names(page(client, url + "?sort=total&dir=asc")) == ["Cahul", "Bacau", "Arad"]
    # Area "2" is a key made of a digit: sorted as a number, in the database.
    html = page(client, url + "?sort=area-2&dir=desc")
    assert row_names(html) == ["Cahul", "Arad", "Bacau"]  # no score comes last
    assert row_names(page(client, url + "?sort=area-2&dir=asc")) == ["Arad", "Cahul", "Bacau"]
    assert row_names(page(client, url + "?sort=area-1")) == ["Arad", "Bacau", "Cahul"]
    # The sorted column says so; its link reverses the order, the others start afresh.
    assert re.search(r'aria-sort="descending"><a href="\?sort=area-2&amp;dir=asc"', html)
    assert 'href="?sort=total&amp;dir=desc"' in html
    assert 'href="?sort=rank&amp;dir=asc"' in html
    assert html.count("aria-sort=") == 1
    # An unknown sort key falls back to the rank instead of failing.
    assert row_names(page(client, url + "?sort=area-99&dir=up")) == ["Arad", "Bacau", "Cahul"]


def test_sorting_keeps_the_filters_and_starts_again_at_the_first_page(client, budget_ranking):
    html = page(client, results_url(budget_ranking.cycle) + "?q=a&page=1&sort=total")
    assert 'href="?q=a&amp;sort=area-1&amp;dir=desc"' in html
    assert '<input type="hidden" name="sort" value="total"' in html


def test_disqualified_municipalities_come_last_with_their_reason_whatever_the_order(
    client, ranking
):
    move_to(ranking.cycle, "review")
    services.assignment_disqualify(
        actor=ranking.coordinator, cycle=ranking.cycle, municipality=ranking.municipalities[1],
        reason="Evidence links were changed after scoring",
    )  # fmt: skip
    publish(ranking)
    url = results_url(ranking.cycle)
    for query in ("", "?sort=total&dir=desc", "?sort=total&dir=asc", "?sort=area-1&dir=asc"):
        names = row_names(page(client, url + query))
        assert names[-1] == "Brasov", query
    html = page(client, url)
    assert "Disqualified: Evidence links were changed after scoring" in html
    brasov_row = html.split("Brasov</a>")[0].rsplit("<tr", 1)[1]
    assert "not ranked" in brasov_row

    profile = page(client, results_url(ranking.cycle, ranking.municipalities[1].pk))
    assert "Disqualified: not ranked" in profile
    assert "Evidence links were changed after scoring" in profile
    assert "<dt>Rank</dt>" not in profile
    assert "100.0 out of 100" in profile  # the total stays published


@pytest.fixture
def varied_ranking(coordinator, budgets):
    """Municipalities in two regions, of every size, one without a known population."""
    north, south = RegionFactory(name_en="North"), RegionFactory(name_en="South")
    specs = [
        ("Brașov", north, 9_999),
        ("Cluj-Napoca", north, 10_000),
        ("Iași", south, 75_000),
        ("Timișoara", south, 250_000),
        ("București", south, 1_700_000),
        ("Unknown Town", north, None),
    ]
    municipalities = [
        # The search text as the places services store it: folded, without diacritics.
        MunicipalityFactory(
            name_en=name, region=region, population=population, search_text=search_key(name)
        )
        for name, region, population in specs
    ]
    rows = ranked_rows(municipalities)
    rows[-1].update(total=Decimal("40.0"), category="poor")
    return snapshot(coordinator=coordinator, methodology=budgets, rows=rows)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("population=under-10k", ["Brașov"]),
        ("population=10k-50k", ["Cluj-Napoca"]),
        ("population=50k-100k", ["Iași"]),
        ("population=100k-500k", ["Timișoara"]),
        ("population=over-500k", ["București"]),
        ("category=poor", ["Unknown Town"]),
        ("q=brasov", ["Brașov"]),  # typed without diacritics
        ("q=CLUJ napoca", ["Cluj-Napoca"]),
        ("q=zzz", []),
    ],
)
def test_ranking_filters_by_population_group_category_and_name(
    client, varied_ranking, query, expected
):
    html = page(client, results_url(varied_ranking.cycle) + "?" + query)
    if expected:
        assert row_names(html) == expected
    else:
        assert "No municipality of this ranking matches these filters." in html


def test_a_municipality_of_unknown_population_is_in_no_population_group(client, varied_ranking):
    for group in ("under-10k", "10k-50k", "50k-100k", "100k-500k", "over-500k"):
        html = page(client, results_url(varied_ranking.cycle) + f"?population={group}")
        assert "Unknown Town" not in row_names(html)
    assert "Unknown Town" in row_names(page(client, results_url(varied_ranking.cycle)))


def test_ranking_filters_by_region_and_combines_filters(client, varied_ranking):
    south = Municipality.objects.get(name_en="Iași").region
    url = results_url(varied_ranking.cycle)
    html = page(client, f"{url}?region={south.pk}")
    assert row_names(html) == ["Iași", "Timișoara", "București"]
    assert f'<option value="{south.pk}" selected>South</option>' in html
    html = page(client, f"{url}?region={south.pk}&population=over-500k&sort=total&dir=asc")
    assert row_names(html) == ["București"]
    assert "Clear the filters" in html


def test_a_filter_that_is_not_valid_is_shown_at_its_field_and_the_others_still_apply(
    client, varied_ranking
):
    html = page(client, results_url(varied_ranking.cycle) + "?region=9999&population=50k-100k")
    assert row_names(html) == ["Iași"]
    field = re.search(r'<select name="region"[^>]*>', html).group(0)
    assert 'aria-describedby="id_region_error"' in field
    assert 'aria-invalid="true"' in field
    assert 'id="id_region_error"' in html


def test_ranking_pages_by_one_hundred(client, coordinator, budgets, django_assert_num_queries):
    municipalities = MunicipalityFactory.create_batch(101)
    publication = snapshot(
        coordinator=coordinator, methodology=budgets, rows=ranked_rows(municipalities)
    )
    url = results_url(publication.cycle)
    first = page(client, url)
    assert len(row_names(first)) == 100
    assert "Page 1 of 2" in first and "101 municipalities" in first
    with django_assert_num_queries(6):
        second = page(client, url + "?page=2&sort=total&dir=asc")
    assert len(row_names(second)) == 1
    assert row_names(second) == [municipalities[0].name_en]  # the best, last when ascending


# --- Versions ------------------------------------------------------------------------------------


@pytest.fixture
def corrected(ranking):
    """Version 1, then a correction raising Alba Iulia's 1.3 from no to yes."""
    first = publish(ranking)
    alba = ranking.municipalities[0]
    answer = Answer.objects.get(cycle=ranking.cycle, municipality=alba, indicator__code="1.3")
    services.answer_correct(
        actor=ranking.coordinator, answer=answer, level_code="1",
        reason="The register was published on time",
    )  # fmt: skip
    second = services.cycle_publish(
        actor=ranking.coordinator, cycle=ranking.cycle, reason="Alba Iulia's register corrected"
    )
    return first, second


def test_versions_page_lists_every_version_with_its_reason_and_changes(client, ranking, corrected):
    for language in LANGUAGES:
        page(client, results_url(ranking.cycle, "versions", language=language))
    html = page(client, results_url(ranking.cycle, "versions"))
    assert "Version 2, published on" in html and "Version 1, published on" in html
    assert html.index("Version 2") < html.index("Version 1")
    assert "Alba Iulia&#x27;s register corrected" in html
    assert "from 66.7 to 100.0" in html  # total
    assert "from 2 to 1" in html  # rank: shared first place with Brasov
    assert "Category: partial → transparent" in html
    assert "1.3: no → yes" in html
    assert "The first publication of the results." in html
    alba = ranking.municipalities[0]
    assert f'href="{results_url(ranking.cycle, alba.pk)}">Alba Iulia</a>' in html


def test_an_earlier_version_is_shown_with_a_notice_and_a_link_to_the_current_one(
    client, ranking, corrected
):
    alba = ranking.municipalities[0]
    current = page(client, results_url(ranking.cycle))
    assert "Earlier version" not in current
    old = page(client, results_url(ranking.cycle) + "?version=1")
    assert "Earlier version 1" in old
    assert f'<a href="{results_url(ranking.cycle)}">See the current version (2)</a>' in old
    assert row_names(old) == ["Brasov", "Alba Iulia", "Cluj"]
    assert f'href="{results_url(ranking.cycle)}ranking.csv?version=1"' in old
    # Links from the old version keep it.
    assert f'href="{results_url(ranking.cycle, alba.pk)}?version=1"' in old
    old_profile = page(client, results_url(ranking.cycle, alba.pk) + "?version=1")
    assert "66.7 out of 100" in old_profile and "Earlier version 1" in old_profile
    assert "100.0 out of 100" in page(client, results_url(ranking.cycle, alba.pk))


# --- A municipality's profile --------------------------------------------------------------------


@pytest.fixture
def evidenced(ranking):
    """Alba Iulia's evidence archived, failed and pending; an uploaded file on 1.2."""
    alba = ranking.municipalities[0]
    answers = {
        a.indicator.code: a
        for a in Answer.objects.filter(cycle=ranking.cycle, municipality=alba).select_related(
            "indicator"
        )
    }
    EvidenceArchive.objects.filter(answer=answers["1.1"]).update(
        status=ArchiveStatus.ARCHIVED,
        fetched_at=datetime.datetime(2024, 5, 3, 10, 0, tzinfo=datetime.UTC),
        sha256="ab" * 32,
        http_status=200,
    )
    EvidenceArchive.objects.filter(answer=answers["1.2"]).update(
        status=ArchiveStatus.FAILED, error="The server answered 404", http_status=404
    )
    Answer.objects.filter(pk=answers["1.2"].pk).update(evidence_file="evidence/2024/05/x.pdf")
    return answers


def test_profile_shows_total_rank_category_and_every_indicator_with_its_evidence(
    client, ranking, evidenced
):
    publication = publish(ranking)
    alba = ranking.municipalities[0]
    for language in LANGUAGES:
        page(client, results_url(ranking.cycle, alba.pk, language=language))
    html = page(client, results_url(ranking.cycle, alba.pk))
    assert "<h1>Alba Iulia in Transparent Cities 2024</h1>" in html
    assert "66.7 out of 100" in html
    assert "<dd>2 of 3</dd>" in html
    assert "<dd>partial</dd>" in html
    assert "First cycle: no earlier published result" in html
    # Area scores: a chart with the cycle's average, and a table with the same numbers.
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="area-scores"' in html
    assert "66.7 (average 55.6)" in html
    assert '<td class="number">55.6</td>' in html
    assert publication.area_averages == {"1": 55.6}
    # Indicators by area: level, points, evidence and its archived copy, comment, advice.
    assert f'href="/en/rankings/results/{ranking.cycle.pk}/indicators/1.1/"' in html
    assert "<dd>yes</dd>" in html and "<dd>no</dd>" in html
    assert "1 of 1 points" in html and "0 of 1 points" in html
    archive = EvidenceArchive.objects.get(answer=evidenced["1.1"])
    assert f'href="/en/rankings/evidence/archive/{archive.pk}/">archived on May 3, 2024</a>' in html
    assert "could not be archived: The server answered 404" in html
    assert "waiting to be archived" in html  # 1.3
    assert (
        f'href="/en/rankings/evidence/file/{evidenced["1.2"].pk}/">Uploaded evidence file' in html
    )
    assert html.count("Uploaded evidence file") == 1
    assert f'href="https://{alba.slug}.example.org/1.1"' in html
    assert "Checked 1.3" in html and "Publish on time" in html
    assert f'href="/en/rankings/results/history/{alba.pk}/"' in html
    assert f'href="{results_url(ranking.cycle, "compare")}?m={alba.pk}"' in html


def test_profile_names_the_city_hall_of_a_dispute_never_a_person(client, ranking, city_hall):
    alba = ranking.municipalities[0]
    answer = Answer.objects.get(cycle=ranking.cycle, municipality=alba, indicator__code="1.3")
    move_to(ranking.cycle, "city_reply")
    dispute = services.dispute_create(
        actor=ranking.official, answer=answer, proposed_level_code="1",
        explanation="The register is on the city website",
        evidence_urls=["https://alba.example.org/register"],
    )  # fmt: skip
    services.dispute_reject(
        actor=ranking.reviewer, dispute=dispute, reason="The page was put online after the deadline"
    )
    publish(ranking)
    html = page(client, results_url(ranking.cycle, alba.pk))
    section = html.split('id="disputes-heading"', 1)[1]
    assert "1.3 Indicator 3" in section
    assert "Alba Iulia City Hall" in section
    assert "The register is on the city website" in section
    assert 'href="https://alba.example.org/register"' in section
    assert "<td>rejected</td>" in section
    assert "The page was put online after the deadline" in section
    assert "<td>no</td>" in section and "<td>yes</td>" in section  # before and proposed
    for person in (ranking.official, ranking.reviewer, ranking.assessor):
        assert person.display_name not in html
        assert person.email not in html


def test_a_profile_without_disputes_has_no_dispute_section(client, ranking):
    publish(ranking)
    html = page(client, results_url(ranking.cycle, ranking.municipalities[0].pk))
    assert "disputes-heading" not in html


@pytest.fixture
def second_edition(ranking, manager, coordinator):
    """2024 published from the answers; 2025 on a new edition where 1.3 became 1.4."""
    publish(ranking)
    clone = services.methodology_clone(
        actor=manager, methodology=ranking.cycle.methodology, edition=2025,
        indicator_mapping={"1.3": "1.4"},
    )  # fmt: skip
    alba, brasov, cluj = ranking.municipalities
    rows = [
        {"municipality": brasov, "total": Decimal("100.0"), "rank": 1, "category": "transparent",
         "area_scores": {"1": 100.0}, "levels": {"1.1": "1", "1.2": "1", "1.4": "1"}},
        {"municipality": alba, "total": Decimal("33.3"), "rank": 2, "category": "opaque",
         "area_scores": {"1": 33.3}, "levels": {"1.1": "0", "1.2": "0", "1.4": "1"}},
    ]  # fmt: skip
    return snapshot(
        coordinator=coordinator, methodology=clone, rows=rows, year=2025,
        name="Transparent Cities",
    )  # fmt: skip


def test_profile_shows_the_change_on_the_previous_published_cycle(client, ranking, second_edition):
    alba = ranking.municipalities[0]
    html = page(client, results_url(second_edition.cycle, alba.pk))
    assert "down 33.4 points, from 66.7" in html
    assert "rank then: 2 of 3" in html
    assert f'<a href="{results_url(ranking.cycle, alba.pk)}">Transparent Cities 2024</a>' in html
    brasov = page(client, results_url(second_edition.cycle, ranking.municipalities[1].pk))
    assert "unchanged at 100.0" in brasov
    # Cluj is not in 2025; its 2024 page is its first cycle.
    cluj = page(client, results_url(ranking.cycle, ranking.municipalities[2].pk))
    assert "First cycle" in cluj


# --- Comparison ----------------------------------------------------------------------------------


def test_compare_shows_two_to_four_municipalities_side_by_side(client, budget_ranking):
    cycle = budget_ranking.cycle
    arad, bacau, cahul = (
        Municipality.objects.get(name_en=name) for name in ("Arad", "Bacau", "Cahul")
    )
    for language in LANGUAGES:
        page(client, results_url(cycle, "compare", language=language))
        page(
            client, results_url(cycle, "compare", language=language) + f"?m={arad.pk}&m={cahul.pk}"
        )
    html = page(client, results_url(cycle, "compare") + f"?m={cahul.pk}&m={arad.pk}&m={bacau.pk}")
    table = html.split('id="comparison-caption"', 1)[1].split("</table>", 1)[0]
    # In the order chosen, with totals, ranks, categories and each area.
    assert table.index("Cahul") < table.index("Arad") < table.index("Bacau")
    assert '<td class="number">80.0</td>' in table and '<td class="number">90.0</td>' in table
    assert "<td>Good</td>" in table
    assert "2. Budget" in table
    # Every indicator's level.
    indicators = html.split('id="compare-indicators-caption"', 1)[1]
    assert "Indicator 21" in indicators and "<td>fully</td>" in indicators
    # A grouped chart of the area scores, beside the table.
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="compare-areas"' in html
    assert "Cahul: 20.0" in html and "Bacau: —" in html
    # The lists keep what was chosen.
    assert f'<option value="{cahul.pk}" selected>Cahul</option>' in html


@pytest.mark.parametrize(
    ("picked", "message"),
    [
        (1, "Choose at least 2 municipalities to compare; you chose 1."),
        (0, "Choose at least 2 municipalities to compare; you chose 0."),
        (5, "Choose at most 4 municipalities to compare; you chose 5."),
    ],
)
def test_compare_explains_too_few_or_too_many(client, coordinator, budgets, picked, message):
    municipalities = MunicipalityFactory.create_batch(5)
    publication = snapshot(
        coordinator=coordinator, methodology=budgets, rows=ranked_rows(municipalities)
    )
    query = "&".join(f"m={m.pk}" for m in municipalities[:picked]) or "m="
    html = page(client, results_url(publication.cycle, "compare") + "?" + query)
    assert message in html
    assert 'id="id_m_error"' in html and 'aria-describedby="id_m_error"' in html
    assert "comparison-caption" not in html


def test_compare_refuses_unknown_municipalities_and_counts_a_repeat_once(
    client, budget_ranking, ranking
):
    cycle = budget_ranking.cycle
    arad = Municipality.objects.get(name_en="Arad")
    outsider = ranking.municipalities[0]  # in another cycle only
    for value in (outsider.pk, 999_999, "abc"):
        html = page(client, results_url(cycle, "compare") + f"?m={arad.pk}&m={value}")
        assert f"“{value}” is not a municipality of this ranking" in html
        assert "comparison-caption" not in html
    html = page(client, results_url(cycle, "compare") + f"?m={arad.pk}&m={arad.pk}")
    assert "you chose 1." in html


# --- History across cycles -----------------------------------------------------------------------


def test_history_follows_indicators_across_editions(client, ranking, second_edition):
    alba = ranking.municipalities[0]
    for language in LANGUAGES:
        page(client, f"/{language}/rankings/results/history/{alba.pk}/")
    html = page(client, f"/en/rankings/results/history/{alba.pk}/")
    assert "<h1>Alba Iulia: results across cycles</h1>" in html
    totals = html.split('id="totals-caption"', 1)[1].split("</table>", 1)[0]
    assert totals.index("2024") < totals.index("2025")
    assert "66.7" in totals and "33.3" in totals
    assert "2 of 3" in totals and "2 of 2" in totals
    assert "partial" in totals and "opaque" in totals
    # A line chart of the totals over the years.
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="history-totals"' in html
    # 1.4 of the 2025 edition was 1.3 in 2024: "no" then, "yes" now.
    indicators = html.split('id="indicator-history-caption"', 1)[1].split("</table>", 1)[0]
    row = indicators.split("1.4 Indicator 3", 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r"<td>(.*?)</td>", row, flags=re.S)
    assert [re.sub(r"<[^>]+>", "", cell).split() for cell in cells] == [
        ["no", "(as", "1.3)"],
        ["yes"],
    ]


def test_history_of_an_indicator_new_in_an_edition_says_it_was_not_assessed_before(
    client, ranking, manager, coordinator
):
    publish(ranking)
    clone = services.methodology_clone(
        actor=manager, methodology=ranking.cycle.methodology, edition=2025
    )
    area = clone.areas.get()
    services.methodology_part_save(
        actor=manager,
        part=Indicator(
            methodology=clone, area=area, code="1.9", title_en="New indicator",
            check_method=CheckMethod.WEBSITE, requirement_type=RequirementType.LEGAL,
            scale=clone.scales.get(kind=ScaleKind.BINARY), order=9,
        ),
    )  # fmt: skip
    alba = ranking.municipalities[0]
    snapshot(
        coordinator=coordinator, methodology=clone, year=2025, name="Transparent Cities",
        rows=[{"municipality": alba, "total": Decimal("75.0"), "rank": 1, "category": "partial",
               "area_scores": {"1": 75.0},
               "levels": {"1.1": "1", "1.2": "1", "1.3": "0", "1.9": "1"}}],
    )  # fmt: skip
    html = page(client, f"/en/rankings/results/history/{alba.pk}/")
    row = html.split("1.9 New indicator", 1)[1].split("</tr>", 1)[0]
    assert "not in this edition" in row and "<td>yes" in row


# --- One indicator --------------------------------------------------------------------------------


def test_indicator_page_lists_full_marks_and_counts_per_level(client, ranking):
    publish(ranking)
    for language in LANGUAGES:
        page(client, results_url(ranking.cycle, "indicators", "1.1", language=language))
    html = page(client, results_url(ranking.cycle, "indicators", "1.1"))
    assert "<h1>1.1 Indicator 1</h1>" in html
    assert "W: website analysis" in html and "legal requirement" in html
    assert "2 municipalities with full marks" in html
    full = html.split('id="full-marks-caption"', 1)[1].split("</table>", 1)[0]
    assert "Brasov" in full and "Alba Iulia" in full and "Cluj" not in full
    levels = html.split('id="levels-caption"', 1)[1].split("</table>", 1)[0]
    assert re.search(
        r"yes <span[^>]*>full marks</span></th>\s*<td>1</td>\s*<td[^>]*>2</td>", levels
    )
    assert re.search(r"no</th>\s*<td>0</td>\s*<td[^>]*>1</td>", levels)
    only_brasov = page(client, results_url(ranking.cycle, "indicators", "1.3"))
    assert "1 municipality with full marks" in only_brasov


def test_indicator_with_a_code_of_digits_finds_its_full_marks(client, budget_ranking):
    html = page(client, results_url(budget_ranking.cycle, "indicators", "21"))
    # "fully" (2 points) is the maximum of the 0/1/2 scale; every row has it.
    assert "3 municipalities with full marks" in html
    assert "fully <span" in html


def test_methodology_page_links_indicators_to_the_results_once_published(
    client, ranking, django_assert_num_queries
):
    url = f"/en/rankings/methodologies/{ranking.cycle.methodology_id}/"
    link = results_url(ranking.cycle, "indicators", "1.2")
    assert link not in page(client, url)
    publish(ranking)
    with django_assert_num_queries(7):
        html = page(client, url)
    assert f'href="{link}">Results in Transparent Cities 2024</a>' in html


# --- The municipality page of the places app ---------------------------------------------------


def test_municipality_page_has_a_rankings_section_with_each_published_cycle(
    client, ranking, second_edition, django_assert_num_queries
):
    alba = Municipality.objects.for_listing().get(pk=ranking.municipalities[0].pk)
    # 4 of the places app and rankings, 4 of the other apps' sections (action plans,
    # consultations, events)
    with django_assert_num_queries(8):
        html = page(client, alba.get_absolute_url())
    section = html.split('id="section-rankings"', 1)[1].split("</section>", 1)[0]
    assert section.index("Transparent Cities 2025") < section.index("Transparent Cities 2024")
    assert "33.3" in section and "66.7" in section
    assert "2 of 2" in section and "2 of 3" in section
    assert "opaque" in section and "partial" in section
    assert f'href="{results_url(second_edition.cycle, alba.pk)}"' in section
    assert f'href="/en/rankings/results/history/{alba.pk}/"' in section


def test_municipality_page_without_results_has_no_rankings_section(
    client, ranking, django_assert_num_queries
):
    # The cycle is not published: nothing of it shows.
    alba = Municipality.objects.for_listing().get(pk=ranking.municipalities[0].pk)
    with django_assert_num_queries(7):  # 4 of them the other apps' sections
        html = page(client, alba.get_absolute_url())
    assert "section-rankings" not in html


# --- Escaping -------------------------------------------------------------------------------------


def test_names_are_escaped_everywhere_including_the_charts(client, coordinator, budgets):
    evil = MunicipalityFactory(name_en="<script>alert(1)</script>")
    other = MunicipalityFactory(name_en="Fine & Dandy")
    publication = snapshot(
        coordinator=coordinator, methodology=budgets, rows=ranked_rows([evil, other])
    )
    cycle = publication.cycle
    for url in (
        results_url(cycle),
        results_url(cycle, evil.pk),
        results_url(cycle, "compare") + f"?m={evil.pk}&m={other.pk}",
        results_url(cycle, "indicators", "1.2"),
        f"/en/rankings/results/history/{evil.pk}/",
    ):
        html = page(client, url)
        assert "<script>alert(1)</script>" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
    chart = page(client, results_url(cycle, evil.pk)).split('id="area-scores"', 1)[1]
    assert "&lt;script&gt;" in chart.split("</svg>", 1)[0]


# --- Query counts ---------------------------------------------------------------------------------


def pages_of(publication: Publication, municipalities: list[Municipality]) -> dict[str, str]:
    cycle = publication.cycle
    first, second = municipalities[0], municipalities[1]
    return {
        "list": "/en/rankings/results/",
        "ranking": results_url(cycle),
        "ranking sorted and filtered": results_url(cycle)
        + "?sort=area-2&dir=asc&q=town&category=good&page=1",
        "versions": results_url(cycle, "versions"),
        "profile": results_url(cycle, first.pk),
        "compare form": results_url(cycle, "compare"),
        "compare": results_url(cycle, "compare") + f"?m={first.pk}&m={second.pk}",
        "history": f"/en/rankings/results/history/{first.pk}/",
        "indicator": results_url(cycle, "indicators", "1.1"),
        "places section": Municipality.objects.for_listing().get(pk=first.pk).get_absolute_url(),
    }


QUERIES = {
    "list": 1,  # current publications with their cycles and methodologies
    "ranking": 6,  # publication, areas, categories, regions, count, page of results
    "ranking sorted and filtered": 6,
    "versions": 5,  # publications, areas, categories, indicators' scales, levels
    "profile": 8,  # publication, result, previous cycle, areas, categories, indicators,
    # levels, disputes
    "compare form": 2,  # publication, municipalities
    "compare": 7,  # ... results, areas, categories, indicators, levels
    "history": 6,  # municipality, results, editions, indicators, levels, categories
    "indicator": 6,  # publication, indicator, levels, counts, full marks count and page
    # municipality, organisations, results, categories; and 4 of the other apps' sections
    "places section": 8,
}


@pytest.mark.parametrize("size", [3, 12])
def test_every_page_makes_the_same_number_of_queries_whatever_the_size(
    client, coordinator, budgets, size, django_assert_num_queries
):
    municipalities = MunicipalityFactory.create_batch(size)
    publication = snapshot(
        coordinator=coordinator, methodology=budgets, rows=ranked_rows(municipalities)
    )
    # Two earlier cycles, so that the history and the section have several rows.
    for year in (2022, 2023):
        snapshot(
            coordinator=coordinator, methodology=budgets, rows=ranked_rows(municipalities),
            year=year,
        )  # fmt: skip
    for name, url in pages_of(publication, municipalities).items():
        with django_assert_num_queries(QUERIES[name]):
            response = client.get(url)
        assert response.status_code == 200, name


def test_queries_do_not_grow_with_the_number_of_versions(
    client, ranking, corrected, django_assert_num_queries
):
    assert Publication.objects.filter(cycle=ranking.cycle).count() == 2
    urls = pages_of(corrected[1], ranking.municipalities)
    for name in ("ranking", "versions", "profile", "history", "places section"):
        with django_assert_num_queries(QUERIES[name]):
            assert client.get(urls[name]).status_code == 200
        with django_assert_num_queries(QUERIES[name]):
            assert client.get(urls[name] + "?version=1").status_code == 200
