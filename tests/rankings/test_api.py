"""The open-data API on rankings: /api/rankings/... — frozen methodologies and published results
only, no person named anywhere, a fixed number of queries."""

from __future__ import annotations

import datetime
import re

import pytest

from opencity.places.models import Municipality
from opencity.rankings import services
from opencity.rankings.models import Cycle
from tests.factories import MunicipalityFactory
from tests.rankings import opendata_helpers as helpers
from tests.rankings.conftest import move_to
from tests.rankings.test_cycles import dates

pytestmark = pytest.mark.django_db

RESULT_KEYS = {
    "rank",
    "municipality",
    "total",
    "category",
    "category_label",
    "earned",
    "possible",
    "disqualification_reason",
    "areas",
    "levels",
}
MUNICIPALITY_KEYS = {
    "id",
    "register",
    "code",
    "name",
    "name_en",
    "country",
    "region_code",
    "region",
}


@pytest.fixture
def published(ranking):
    return helpers.publish(ranking)


@pytest.fixture
def corrected(ranking, published):
    """Version 2: Cluj's indicator 1.1 corrected from no to yes."""
    services.answer_correct(
        actor=ranking.coordinator,
        answer=helpers.answer_of(ranking, "Cluj", "1.1"),
        level_code="1",
        reason="The minutes were published on time",
    )
    return helpers.publish(ranking, reason="Cluj published its minutes on time")


def get_json(client, url: str, status: int = 200, **extra: str):  # type: ignore[no-untyped-def]
    response = client.get(url, **extra)
    assert response.status_code == status, (url, response.content)
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def listed_at(moment: datetime.datetime) -> str:
    """A moment as the API writes it: UTC, to the millisecond."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def municipality(name: str) -> Municipality:
    return Municipality.objects.select_related("region").get(name_en=name)


# --- Methodologies ------------------------------------------------------------------------------


def test_methodologies_are_the_frozen_ones_only(client, ranking, manager):
    draft = services.methodology_create(actor=manager, name="Draft Index", edition=2025)
    frozen = ranking.cycle.methodology
    listed = get_json(client, "/api/rankings/methodologies")
    assert [item["id"] for item in listed] == [frozen.pk]
    assert listed[0] == {
        "id": frozen.pk,
        "name": "Transparent Cities",
        "edition": 2024,
        "version": 1,
        "frozen_at": listed[0]["frozen_at"],
        "predecessor_id": None,
        "area_count": 1,
        "indicator_count": 3,
        "url": f"http://testserver/en/rankings/methodologies/{frozen.pk}/",
    }
    assert listed[0]["frozen_at"].startswith(str(frozen.frozen_at.year))
    get_json(client, f"/api/rankings/methodologies/{draft.pk}", status=404)
    # Not even for the people who may edit the draft: the API shows what the public sees.
    client.force_login(manager)
    assert [item["id"] for item in get_json(client, "/api/rankings/methodologies")] == [frozen.pk]
    get_json(client, f"/api/rankings/methodologies/{draft.pk}", status=404)


def test_a_methodology_with_its_areas_indicators_scales_and_categories(client, ranking):
    frozen = ranking.cycle.methodology
    body = get_json(client, f"/api/rankings/methodologies/{frozen.pk}")
    assert [area["code"] for area in body["areas"]] == ["1"]
    area = body["areas"][0]
    assert (area["title"], area["weight"]) == ("Openness", 1.0)
    assert [indicator["code"] for indicator in area["indicators"]] == ["1.1", "1.2", "1.3"]
    assert area["indicators"][0] == {
        "code": "1.1",
        "title": "Indicator 1",
        "guidance": "",
        "check_method": "W",
        "requirement_type": "legal",
        "scale": "binary",
        "weight": 1.0,
        "order": 1,
        "previous_code": None,
    }
    binary = next(scale for scale in body["scales"] if scale["code"] == "binary")
    assert [(level["code"], level["label"], level["points"]) for level in binary["levels"]] == [
        ("1", "yes", 1.0),
        ("0", "no", 0.0),
    ]
    assert body["thresholds"] == [
        {"code": "transparent", "label": "transparent", "minimum": 75.0},
        {"code": "partial", "label": "partial", "minimum": 50.0},
        {"code": "opaque", "label": "opaque", "minimum": 0.0},
    ]
    uk = get_json(client, f"/api/rankings/methodologies/{frozen.pk}", HTTP_ACCEPT_LANGUAGE="uk")
    binary = next(scale for scale in uk["scales"] if scale["code"] == "binary")
    assert binary["levels"][0]["label"] == "так"  # the standard levels come in every language


def test_an_unknown_methodology_is_not_found(client, db):
    get_json(client, "/api/rankings/methodologies/999", status=404)


# --- Cycles ---------------------------------------------------------------------------------


def test_only_published_cycles_are_listed(client, ranking):
    move_to(ranking.cycle, "publication")
    assert get_json(client, "/api/rankings/cycles") == []
    get_json(client, f"/api/rankings/cycles/{ranking.cycle.pk}", status=404)
    publication = helpers.publish(ranking)
    cycle_pk = ranking.cycle.pk
    assert get_json(client, "/api/rankings/cycles") == [
        {
            "id": cycle_pk,
            "year": 2024,
            "name": "Transparent Cities",
            "methodology_id": ranking.cycle.methodology_id,
            "current_version": 1,
            "published_at": listed_at(publication.published_at),
            "municipality_count": 3,
            "average_total": 55.6,
            "downloads": {
                "ranking_csv": f"http://testserver/en/rankings/results/{cycle_pk}/ranking.csv",
                "ranking_xlsx": f"http://testserver/en/rankings/results/{cycle_pk}/ranking.xlsx",
                "ranking_json": f"http://testserver/en/rankings/results/{cycle_pk}/ranking.json",
                "answers_csv": f"http://testserver/en/rankings/results/{cycle_pk}/answers.csv",
            },
        }
    ]


def test_a_cycle_lists_every_version_with_its_reason_and_changes(client, ranking, corrected):
    cluj = municipality("Cluj")
    body = get_json(client, f"/api/rankings/cycles/{ranking.cycle.pk}")
    assert (body["current_version"], body["methodology"]) == (2, "Transparent Cities 2024 v1")
    assert [version["version"] for version in body["versions"]] == [2, 1]
    latest, first = body["versions"]
    assert latest["reason"] == "Cluj published its minutes on time"
    assert latest["changelog"] == [
        {
            "municipality_id": cluj.pk,
            "municipality": "Cluj",
            "added": False,
            "total": ["0.0", "33.3"],
            "rank": None,
            "category": None,
            "disqualification_reason": None,
            "levels": [{"indicator": "1.1", "before": "0", "after": "1"}],
        }
    ]
    assert (latest["average_total"], latest["area_averages"]) == (66.7, {"1": 66.7})
    assert (first["reason"], first["changelog"], first["average_total"]) == ("", [], 55.6)
    assert get_json(client, "/api/rankings/cycles")[0]["current_version"] == 2


# --- Results ------------------------------------------------------------------------------------


def test_results_in_rank_order_with_areas_and_levels(client, ranking, published):
    body = get_json(client, f"/api/rankings/cycles/{ranking.cycle.pk}/results")
    assert body["count"] == 3
    assert [item["municipality"]["name"] for item in body["items"]] == [
        "Brasov",
        "Alba Iulia",
        "Cluj",
    ]
    alba = municipality("Alba Iulia")
    item = body["items"][1]
    assert set(item) == RESULT_KEYS
    assert item["municipality"] == {
        "id": alba.pk,
        "register": "siruta",
        "code": alba.code,
        "name": "Alba Iulia",
        "name_en": "Alba Iulia",
        "country": "RO",
        "region_code": alba.region.code,
        "region": alba.region.name_en,
    }
    assert {key: item[key] for key in RESULT_KEYS - {"municipality"}} == {
        "rank": 2,
        "total": 66.7,
        "category": "partial",
        "category_label": "partial",
        "earned": 2.0,
        "possible": 3.0,
        "disqualification_reason": "",
        "areas": {"1": 66.7},
        "levels": {"1.1": "1", "1.2": "1", "1.3": "0"},
    }


def test_results_come_a_page_at_a_time(client, ranking, published):
    url = f"/api/rankings/cycles/{ranking.cycle.pk}/results"
    body = get_json(client, f"{url}?limit=2")
    assert (body["count"], [item["rank"] for item in body["items"]]) == (3, [1, 2])
    body = get_json(client, f"{url}?limit=2&offset=2")
    assert [item["municipality"]["name"] for item in body["items"]] == ["Cluj"]
    for bad in ("limit=0", "limit=501", "offset=-1", "version=0", "version=two"):
        get_json(client, f"{url}?{bad}", status=422)


def test_disqualified_municipalities_come_last_without_a_rank(client, ranking):
    move_to(ranking.cycle, "publication")
    services.assignment_disqualify(
        actor=ranking.coordinator,
        cycle=ranking.cycle,
        municipality=municipality("Brasov"),
        reason="Falsified evidence",
    )
    helpers.publish(ranking)
    items = get_json(client, f"/api/rankings/cycles/{ranking.cycle.pk}/results")["items"]
    assert [(i["municipality"]["name"], i["rank"]) for i in items] == [
        ("Alba Iulia", 1),
        ("Cluj", 2),
        ("Brasov", None),
    ]
    assert items[2]["disqualification_reason"] == "Falsified evidence"


def test_earlier_versions_on_request(client, ranking, corrected):
    url = f"/api/rankings/cycles/{ranking.cycle.pk}/results"
    cluj = municipality("Cluj")

    def cluj_of(body: dict) -> dict:
        return next(i for i in body["items"] if i["municipality"]["id"] == cluj.pk)

    assert cluj_of(get_json(client, url))["levels"]["1.1"] == "1"
    assert cluj_of(get_json(client, f"{url}?version=1"))["levels"]["1.1"] == "0"
    assert cluj_of(get_json(client, f"{url}?version=2"))["total"] == 33.3
    get_json(client, f"{url}?version=3", status=404)
    detail = f"/api/rankings/cycles/{ranking.cycle.pk}/results/{cluj.pk}"
    assert get_json(client, detail)["version"] == 2
    assert get_json(client, f"{detail}?version=1")["answers"][0]["level"] == "0"
    get_json(client, f"{detail}?version=3", status=404)


def test_one_result_with_every_answer_its_evidence_and_archived_copies(client, ranking):
    alba = municipality("Alba Iulia")
    answer = helpers.answer_of(ranking, "Alba Iulia", "1.1")
    archive = helpers.mark_archived(answer, f"https://{alba.slug}.example.org/1.1")
    helpers.mark_failed(
        helpers.answer_of(ranking, "Alba Iulia", "1.2"), f"https://{alba.slug}.example.org/1.2"
    )
    helpers.publish(ranking)
    body = get_json(client, f"/api/rankings/cycles/{ranking.cycle.pk}/results/{alba.pk}")
    assert (body["rank"], body["total"], body["category_label"]) == (2, 66.7, "partial")
    assert body["municipality"]["code"] == alba.code
    assert body["cycle"] == {"id": ranking.cycle.pk, "year": 2024, "name": "Transparent Cities"}
    assert body["areas"] == [{"code": "1", "title": "Openness", "score": 66.7, "average": 55.6}]
    assert [answer["indicator"] for answer in body["answers"]] == ["1.1", "1.2", "1.3"]
    first, second, third = body["answers"]
    assert first == {
        "indicator": "1.1",
        "area": "1",
        "title": "Indicator 1",
        "level": "1",
        "level_label": "yes",
        "status": "scored",
        "earned": 1.0,
        "possible": 1.0,
        "full_marks": True,
        "evidence_urls": [f"https://{alba.slug}.example.org/1.1"],
        "evidence_file": None,
        "archives": [
            {
                "url": f"https://{alba.slug}.example.org/1.1",
                "status": "archived",
                "archived_at": "2024-03-01T09:30:00Z",
                "sha256": helpers.SHA,
                "http_status": 200,
                "error": "",
                "copy_url": f"http://testserver/en/rankings/evidence/archive/{archive.pk}/",
            }
        ],
        "comment": "Checked 1.1",
        "recommendation": "Publish on time",
    }
    assert [(a["status"], a["error"], a["copy_url"]) for a in second["archives"]] == [
        ("failed", "The server answered 404.", None)
    ]
    assert (third["level"], third["level_label"], third["full_marks"]) == ("0", "no", False)
    assert third["archives"][0]["status"] == "pending"
    assert body["disputes"] == []


def test_a_result_shows_the_city_halls_replies_naming_the_city_hall_only(
    client, ranking, city_hall
):
    move_to(ranking.cycle, "city_reply")
    answer = helpers.answer_of(ranking, "Alba Iulia", "1.3")
    dispute = services.dispute_create(
        actor=ranking.official,
        answer=answer,
        proposed_level_code="1",
        explanation="The register is on the website",
        evidence_urls=["https://alba.example.org/register"],
    )
    services.dispute_reject(actor=ranking.reviewer, dispute=dispute, reason="Not by the deadline")
    helpers.publish(ranking)
    alba = municipality("Alba Iulia")
    response = client.get(f"/api/rankings/cycles/{ranking.cycle.pk}/results/{alba.pk}")
    body = response.json()
    dispute.refresh_from_db()
    assert body["disputes"] == [
        {
            "indicator": "1.3",
            "city_hall": "Alba Iulia City Hall",
            "state": "rejected",
            "level_before": "0",
            "proposed_level": "1",
            "explanation": "The register is on the website",
            "evidence_urls": ["https://alba.example.org/register"],
            "resolution_reason": "Not by the deadline",
            "sent_at": body["disputes"][0]["sent_at"],
            "decided_at": body["disputes"][0]["decided_at"],
        }
    ]
    assert body["disputes"][0]["decided_at"] is not None
    text = response.content.decode()
    for secret in helpers.personal_data(ranking):
        assert secret not in text, secret


def test_a_result_of_a_municipality_outside_the_cycle_is_not_found(client, ranking, published):
    other = MunicipalityFactory(name_en="Sibiu")
    get_json(client, f"/api/rankings/cycles/{ranking.cycle.pk}/results/{other.pk}", status=404)
    get_json(client, f"/api/rankings/cycles/{ranking.cycle.pk}/results/999999", status=404)


def test_results_of_an_unpublished_cycle_are_not_found(client, ranking, make_person):
    move_to(ranking.cycle, "publication")
    alba = municipality("Alba Iulia")
    client.force_login(make_person("admin"))
    for url in (
        f"/api/rankings/cycles/{ranking.cycle.pk}",
        f"/api/rankings/cycles/{ranking.cycle.pk}/results",
        f"/api/rankings/cycles/{ranking.cycle.pk}/results/{alba.pk}",
    ):
        get_json(client, url, status=404)
    assert get_json(client, f"/api/rankings/municipalities/{alba.pk}/results")["results"] == []


# --- A municipality across cycles ---------------------------------------------------------------


def test_a_municipality_across_published_cycles_newest_first(client, ranking, corrected):
    alba = municipality("Alba Iulia")
    # A second cycle on the same methodology, published without answers: every total is 0.
    later = services.cycle_open(
        actor=ranking.coordinator,
        methodology=ranking.cycle.methodology,
        year=2025,
        name="Transparent Cities",
        municipalities=[alba],
        **dates(offset_days=105),
    )
    services.cycle_publish(actor=ranking.coordinator, cycle=later)
    # A third, unpublished: not shown.
    services.cycle_open(
        actor=ranking.coordinator,
        methodology=ranking.cycle.methodology,
        year=2026,
        name="Transparent Cities",
        municipalities=[alba],
        **dates(offset_days=105),
    )
    body = get_json(client, f"/api/rankings/municipalities/{alba.pk}/results")
    assert body["municipality"]["name"] == "Alba Iulia"
    assert [(r["cycle"]["year"], r["version"]) for r in body["results"]] == [(2025, 1), (2024, 2)]
    latest, earlier = body["results"]
    assert (latest["total"], latest["rank"], latest["category_label"]) == (0.0, 1, "opaque")
    assert (earlier["total"], earlier["rank"], earlier["category"]) == (66.7, 2, "partial")
    assert earlier["areas"] == {"1": 66.7}
    assert Cycle.objects.count() == 3
    get_json(client, "/api/rankings/municipalities/999999/results", status=404)


def test_names_follow_the_accept_language_header(client, ranking, published):
    alba = municipality("Alba Iulia")
    Municipality.objects.filter(pk=alba.pk).update(name_uk="Алба-Юлія")
    body = get_json(
        client,
        f"/api/rankings/cycles/{ranking.cycle.pk}/results/{alba.pk}",
        HTTP_ACCEPT_LANGUAGE="uk",
    )
    assert (body["municipality"]["name"], body["municipality"]["name_en"]) == (
        "Алба-Юлія",
        "Alba Iulia",
    )
    assert body["answers"][0]["level_label"] == "так"
    downloads = get_json(client, "/api/rankings/cycles", HTTP_ACCEPT_LANGUAGE="uk")[0]
    assert downloads["downloads"]["ranking_csv"].startswith("http://testserver/uk/rankings/")


# --- Personal data, queries, schema -------------------------------------------------------------


def urls_of(ranking) -> list[str]:  # type: ignore[no-untyped-def]
    cycle, alba = ranking.cycle, municipality("Alba Iulia")
    return [
        "/api/rankings/methodologies",
        f"/api/rankings/methodologies/{cycle.methodology_id}",
        "/api/rankings/cycles",
        f"/api/rankings/cycles/{cycle.pk}",
        f"/api/rankings/cycles/{cycle.pk}/results",
        f"/api/rankings/cycles/{cycle.pk}/results/{alba.pk}",
        f"/api/rankings/municipalities/{alba.pk}/results",
    ]


def test_the_api_names_no_person(client, ranking, corrected):
    secrets = helpers.personal_data(ranking)
    keys = ["email", "author", "published_by", "resolved_by", "updated_by", "assessor", "reviewer"]
    for url in urls_of(ranking):
        text = client.get(url).content.decode()
        for secret in [*secrets, "@example.org", *keys]:
            assert secret not in text, (url, secret)


@pytest.mark.parametrize(
    ("index", "queries"),
    [(0, 1), (1, 6), (2, 1), (3, 1), (4, 6), (5, 7), (6, 3)],
)
def test_every_endpoint_makes_the_same_number_of_queries_however_many_municipalities(
    client, ranking, corrected, django_assert_num_queries, index, queries
):
    url = urls_of(ranking)[index]
    with django_assert_num_queries(queries):
        client.get(url)
    helpers.grow(corrected, 40)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    if index == 4:
        assert response.json()["count"] == 43
        assert len(response.json()["items"]) == 43


def test_the_openapi_schema_lists_every_rankings_endpoint(client, db):
    schema = get_json(client, "/api/openapi.json")
    assert {
        "/api/rankings/methodologies",
        "/api/rankings/methodologies/{methodology_id}",
        "/api/rankings/cycles",
        "/api/rankings/cycles/{cycle_id}",
        "/api/rankings/cycles/{cycle_id}/results",
        "/api/rankings/cycles/{cycle_id}/results/{municipality_id}",
        "/api/rankings/municipalities/{municipality_id}/results",
    } <= set(schema["paths"])
    assert not {"/api/rankings/methodologies/", "/api/rankings/cycles/"} & set(schema["paths"])
    results = schema["paths"]["/api/rankings/cycles/{cycle_id}/results"]["get"]
    assert {parameter["name"] for parameter in results["parameters"]} >= {
        "cycle_id",
        "version",
        "limit",
        "offset",
    }
    for path, operations in schema["paths"].items():
        if path.startswith("/api/rankings/"):
            assert set(operations) == {"get"}, path  # read-only
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    # The browsable documentation loads nothing from outside the server.
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.content.decode())
    assert assets
    assert all(asset.startswith("/static/") for asset in assets), assets


def test_the_lists_also_answer_with_a_trailing_slash(client, ranking, published):
    for url in ("/api/rankings/methodologies", "/api/rankings/cycles"):
        assert get_json(client, url + "/") == get_json(client, url)
