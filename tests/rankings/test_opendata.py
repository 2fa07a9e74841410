"""Open-data downloads of published rankings: ranking.csv, ranking.xlsx, ranking.json and
answers.csv, for the current and earlier versions, and nothing for what is not published."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from opencity.places.models import Municipality, Region
from opencity.rankings import opendata, services
from opencity.rankings.models import Answer
from tests.rankings import opendata_helpers as helpers
from tests.rankings.conftest import move_to

pytestmark = pytest.mark.django_db

RANKING_HEADER = [
    "rank",
    "municipality_register",
    "municipality_code",
    "name",
    "name_en",
    "country",
    "region_code",
    "region",
    "total",
    "category",
    "category_label",
    "earned",
    "possible",
    "disqualification_reason",
    "area_1",
    "1.1_level",
    "1.1_points",
    "1.2_level",
    "1.2_points",
    "1.3_level",
    "1.3_points",
]
ANSWERS_HEADER = [
    "municipality_register",
    "municipality_code",
    "name",
    "name_en",
    "indicator_code",
    "level",
    "status",
    "earned",
    "possible",
    "evidence_urls",
    "archived_sha256",
    "archived_at",
    "evidence_file",
    "comment",
    "recommendation",
]


@pytest.fixture
def published(ranking):
    return helpers.publish(ranking)


def ranking_url(cycle_pk: int, fmt: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse("rankings:ranking_download", kwargs={"cycle_pk": cycle_pk, "fmt": fmt})


def answers_url(cycle_pk: int) -> str:
    return reverse("rankings:answers_download", kwargs={"cycle_pk": cycle_pk})


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    """The whole file, read inside the test (and its query count): downloads are streamed."""
    assert response.status_code == 200, response
    assert response.streaming
    return b"".join(response.streaming_content)


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))


def municipality(name: str) -> Municipality:
    return Municipality.objects.select_related("region").get(name_en=name)


# --- ranking.csv --------------------------------------------------------------------------------


def test_ranking_csv_has_a_row_per_municipality_with_every_column(client, ranking, published):
    response = client.get(f"/en/rankings/results/{ranking.cycle.pk}/ranking.csv")
    content = body(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="transparent-cities-2024-v1-ranking-en.csv"'
    )
    # UTF-8 without a byte-order mark, lines ending in CRLF.
    assert not content.startswith(b"\xef\xbb\xbf")
    assert content.split(b"\r\n")[0].decode() == ",".join(RANKING_HEADER)
    rows = csv_rows(content)
    assert [row["name"] for row in rows] == ["Brasov", "Alba Iulia", "Cluj"]
    alba = municipality("Alba Iulia")
    assert rows[1] == {
        "rank": "2",
        "municipality_register": "siruta",
        "municipality_code": alba.code,
        "name": "Alba Iulia",
        "name_en": "Alba Iulia",
        "country": "RO",
        "region_code": alba.region.code,
        "region": alba.region.name_en,
        "total": "66.7",
        "category": "partial",
        "category_label": "partial",
        "earned": "2.00",
        "possible": "3.00",
        "disqualification_reason": "",
        "area_1": "66.7",
        "1.1_level": "1",
        "1.1_points": "1.00",
        "1.2_level": "1",
        "1.2_points": "1.00",
        "1.3_level": "0",
        "1.3_points": "0.00",
    }
    assert [row["total"] for row in rows] == ["100.0", "66.7", "0.0"]
    assert [row["category"] for row in rows] == ["transparent", "partial", "opaque"]
    assert [row["1.3_level"] for row in rows] == ["1", "0", "0"]


def test_names_come_in_the_language_of_the_address_with_the_english_name_beside(
    client, ranking, published
):
    alba = municipality("Alba Iulia")
    Municipality.objects.filter(pk=alba.pk).update(name_uk="Алба-Юлія")
    Region.objects.filter(pk=alba.region_id).update(name_uk="Повіт Альба")
    response = client.get(f"/uk/rankings/results/{ranking.cycle.pk}/ranking.csv")
    rows = csv_rows(body(response))
    assert (rows[1]["name"], rows[1]["name_en"], rows[1]["region"]) == (
        "Алба-Юлія",
        "Alba Iulia",
        "Повіт Альба",
    )
    assert "ranking-uk.csv" in response["Content-Disposition"]
    # Without a Ukrainian name, the name falls back to another language rather than staying empty.
    assert rows[0]["name"] == "Brasov"


def test_disqualified_municipalities_come_last_without_a_rank_and_with_the_reason(client, ranking):
    move_to(ranking.cycle, "publication")
    services.assignment_disqualify(
        actor=ranking.coordinator,
        cycle=ranking.cycle,
        municipality=municipality("Brasov"),
        reason='=HYPERLINK("https://example.com","Falsified evidence")',
    )
    helpers.publish(ranking)
    rows = csv_rows(body(client.get(ranking_url(ranking.cycle.pk, "csv"))))
    assert [(row["name"], row["rank"]) for row in rows] == [
        ("Alba Iulia", "1"),
        ("Cluj", "2"),
        ("Brasov", ""),
    ]
    assert (
        rows[2]["disqualification_reason"]
        == '=HYPERLINK("https://example.com","Falsified evidence")'
    )
    # In the spreadsheet the reason stays text: a spreadsheet program must not run it.
    sheet = load_workbook(io.BytesIO(body(client.get(ranking_url(ranking.cycle.pk, "xlsx")))))[
        "ranking"
    ]
    cell = sheet.cell(row=4, column=RANKING_HEADER.index("disqualification_reason") + 1)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("https://example.com","Falsified evidence")'
    assert sheet.cell(row=4, column=1).value is None


# --- ranking.xlsx -------------------------------------------------------------------------------


def test_ranking_xlsx_has_the_same_columns_with_numbers_as_numbers_and_codes_as_text(
    client, ranking, published
):
    response = client.get(ranking_url(ranking.cycle.pk, "xlsx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert (
        'filename="transparent-cities-2024-v1-ranking-en.xlsx"' in response["Content-Disposition"]
    )
    workbook = load_workbook(io.BytesIO(body(response)))
    assert workbook.sheetnames == ["ranking"]
    rows = list(workbook["ranking"].iter_rows(values_only=True))
    assert list(rows[0]) == RANKING_HEADER
    alba = municipality("Alba Iulia")
    assert dict(zip(RANKING_HEADER, rows[2], strict=True)) == {
        "rank": 2,
        "municipality_register": "siruta",
        "municipality_code": alba.code,
        "name": "Alba Iulia",
        "name_en": "Alba Iulia",
        "country": "RO",
        "region_code": alba.region.code,
        "region": alba.region.name_en,
        "total": 66.7,
        "category": "partial",
        "category_label": "partial",
        "earned": 2,
        "possible": 3,
        "disqualification_reason": None,  # an empty text is an empty cell
        "area_1": 66.7,
        "1.1_level": "1",
        "1.1_points": 1,
        "1.2_level": "1",
        "1.2_points": 1,
        "1.3_level": "0",
        "1.3_points": 0,
    }
    assert len(rows) == 4


# --- ranking.json -------------------------------------------------------------------------------


def test_ranking_json_describes_the_publication_and_every_result(client, ranking, published):
    response = client.get(ranking_url(ranking.cycle.pk, "json"))
    assert response["Content-Type"] == "application/json"
    assert (
        'filename="transparent-cities-2024-v1-ranking-en.json"' in response["Content-Disposition"]
    )
    data = json.loads(body(response))
    methodology = ranking.cycle.methodology
    assert data["cycle"] == {"id": ranking.cycle.pk, "year": 2024, "name": "Transparent Cities"}
    assert data["methodology"] == {
        "id": methodology.pk,
        "name": "Transparent Cities",
        "edition": 2024,
        "version": 1,
    }
    assert data["version"] == 1
    assert data["published_at"] == published.published_at.isoformat()
    assert data["reason"] == ""
    assert data["municipality_count"] == 3
    assert data["average_total"] == 55.6
    assert data["areas"] == [{"code": "1", "title": "Openness", "weight": 1.0, "average": 55.6}]
    assert [indicator["code"] for indicator in data["indicators"]] == ["1.1", "1.2", "1.3"]
    assert data["indicators"][2] == {
        "code": "1.3",
        "area": "1",
        "title": "Indicator 3",
        "weight": 1.0,
    }
    assert [category["code"] for category in data["categories"]] == [
        "transparent",
        "partial",
        "opaque",
    ]
    assert [result["name"] for result in data["results"]] == ["Brasov", "Alba Iulia", "Cluj"]
    alba = data["results"][1]
    assert {key: alba[key] for key in ("rank", "total", "category", "earned", "possible")} == {
        "rank": 2,
        "total": 66.7,
        "category": "partial",
        "earned": 2.0,
        "possible": 3.0,
    }
    assert alba["municipality_code"] == municipality("Alba Iulia").code
    assert alba["areas"] == {"1": 66.7}
    assert list(alba["indicators"]) == ["1.1", "1.2", "1.3"]
    slug = municipality("Alba Iulia").slug
    assert alba["indicators"]["1.3"] == {
        "level": "0",
        "status": "scored",
        "earned": 0.0,
        "possible": 1.0,
        "evidence_urls": [f"https://{slug}.example.org/1.3"],
        "evidence_file": None,
        "archived": [],
        "comment": "Checked 1.3",
        "recommendation": "Publish on time",
    }


# --- answers.csv, archived copies and uploaded files ---------------------------------------------


def test_answers_csv_has_a_row_per_municipality_and_indicator(client, ranking, published):
    response = client.get(answers_url(ranking.cycle.pk))
    content = body(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="transparent-cities-2024-v1-answers-en.csv"' in response["Content-Disposition"]
    assert not content.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(content)
    assert list(rows[0]) == ANSWERS_HEADER
    assert len(rows) == 9
    assert [(row["name"], row["indicator_code"]) for row in rows[:4]] == [
        ("Brasov", "1.1"),
        ("Brasov", "1.2"),
        ("Brasov", "1.3"),
        ("Alba Iulia", "1.1"),
    ]
    alba = municipality("Alba Iulia")
    assert rows[5] == {
        "municipality_register": "siruta",
        "municipality_code": alba.code,
        "name": "Alba Iulia",
        "name_en": "Alba Iulia",
        "indicator_code": "1.3",
        "level": "0",
        "status": "scored",
        "earned": "0.00",
        "possible": "1.00",
        "evidence_urls": f"https://{alba.slug}.example.org/1.3",
        "archived_sha256": "",
        "archived_at": "",
        "evidence_file": "",
        "comment": "Checked 1.3",
        "recommendation": "Publish on time",
    }


def test_archived_copies_and_uploaded_files_are_linked_and_fingerprinted(client, ranking):
    alba = municipality("Alba Iulia")
    archived_answer = helpers.answer_of(ranking, "Alba Iulia", "1.1")
    archive = helpers.mark_archived(archived_answer, f"https://{alba.slug}.example.org/1.1")
    failed_answer = helpers.answer_of(ranking, "Alba Iulia", "1.2")
    helpers.mark_failed(failed_answer, f"https://{alba.slug}.example.org/1.2")
    # The uploaded file, as the answer form stores it.
    Answer.objects.filter(pk=archived_answer.pk).update(evidence_file="evidence/2024/03/a.pdf")
    helpers.publish(ranking)

    rows = csv_rows(body(client.get(answers_url(ranking.cycle.pk))))
    by_indicator = {row["indicator_code"]: row for row in rows if row["name"] == "Alba Iulia"}
    assert by_indicator["1.1"]["archived_sha256"] == helpers.SHA
    assert by_indicator["1.1"]["archived_at"] == "2024-03-01T09:30:00+00:00"
    assert by_indicator["1.1"]["evidence_file"] == (
        f"http://testserver/en/rankings/evidence/file/{archived_answer.pk}/"
    )
    # A failed fetch is no archived copy.
    assert (by_indicator["1.2"]["archived_sha256"], by_indicator["1.2"]["archived_at"]) == ("", "")

    data = json.loads(body(client.get(ranking_url(ranking.cycle.pk, "json"))))
    indicators = data["results"][1]["indicators"]
    assert indicators["1.1"]["archived"] == [
        {
            "url": f"https://{alba.slug}.example.org/1.1",
            "archived_at": "2024-03-01T09:30:00+00:00",
            "sha256": helpers.SHA,
            "copy": f"http://testserver/en/rankings/evidence/archive/{archive.pk}/",
        }
    ]
    assert indicators["1.1"]["evidence_file"] == (
        f"http://testserver/en/rankings/evidence/file/{archived_answer.pk}/"
    )
    assert indicators["1.2"]["archived"] == []


# --- Versions -----------------------------------------------------------------------------------


@pytest.fixture
def corrected(ranking, published):
    """Version 2: Cluj's indicator 1.1 corrected to yes, with a second evidence link of which
    only the new one has been archived."""
    cluj = municipality("Cluj")
    answer = helpers.answer_of(ranking, "Cluj", "1.1")
    old_link = f"https://{cluj.slug}.example.org/1.1"
    new_link = f"https://{cluj.slug}.example.org/minutes"
    services.answer_correct(
        actor=ranking.coordinator,
        answer=answer,
        level_code="1",
        reason="The minutes were published on time",
        evidence_urls=[old_link, new_link],
    )
    helpers.mark_archived(answer, new_link, sha256="cd" * 32)
    return helpers.publish(ranking, reason="Cluj published its minutes on time")


def test_the_current_version_by_default_and_earlier_ones_on_request(client, ranking, corrected):
    cycle_pk = ranking.cycle.pk
    response = client.get(ranking_url(cycle_pk, "csv"))
    assert 'filename="transparent-cities-2024-v2-ranking-en.csv"' in response["Content-Disposition"]
    current = {row["name"]: row for row in csv_rows(body(response))}
    assert (current["Cluj"]["total"], current["Cluj"]["1.1_level"]) == ("33.3", "1")
    response = client.get(ranking_url(cycle_pk, "csv") + "?version=1")
    assert 'filename="transparent-cities-2024-v1-ranking-en.csv"' in response["Content-Disposition"]
    first = {row["name"]: row for row in csv_rows(body(response))}
    assert (first["Cluj"]["total"], first["Cluj"]["1.1_level"]) == ("0.0", "0")

    data = json.loads(body(client.get(ranking_url(cycle_pk, "json"))))
    assert (data["version"], data["reason"]) == (2, "Cluj published its minutes on time")
    assert (
        json.loads(body(client.get(ranking_url(cycle_pk, "json") + "?version=1")))["version"] == 1
    )
    workbook = load_workbook(
        io.BytesIO(body(client.get(ranking_url(cycle_pk, "xlsx") + "?version=1")))
    )
    assert [row[0] for row in workbook["ranking"].iter_rows(min_row=2, values_only=True)] == [
        1,
        2,
        3,
    ]


def test_several_evidence_links_pair_up_with_their_archived_copies_line_by_line(
    client, ranking, corrected
):
    cluj = municipality("Cluj")
    rows = csv_rows(body(client.get(answers_url(ranking.cycle.pk))))
    row = next(r for r in rows if r["name"] == "Cluj" and r["indicator_code"] == "1.1")
    assert row["evidence_urls"].split("\n") == [
        f"https://{cluj.slug}.example.org/1.1",
        f"https://{cluj.slug}.example.org/minutes",
    ]
    # The first link has no archived copy yet: an empty line keeps the pairs in step.
    assert row["archived_sha256"].split("\n") == ["", "cd" * 32]
    assert row["archived_at"].split("\n") == ["", "2024-03-01T09:30:00+00:00"]
    assert (row["level"], row["earned"]) == ("1", "1.00")
    earlier = csv_rows(body(client.get(answers_url(ranking.cycle.pk) + "?version=1")))
    row = next(r for r in earlier if r["name"] == "Cluj" and r["indicator_code"] == "1.1")
    assert (row["evidence_urls"], row["level"]) == (f"https://{cluj.slug}.example.org/1.1", "0")


@pytest.mark.parametrize("version", ["3", "0", "-1", "two", "1.5"])
def test_a_version_never_published_is_not_found(client, ranking, corrected, version):
    for url in [
        *(ranking_url(ranking.cycle.pk, fmt) for fmt in ("csv", "xlsx", "json")),
        answers_url(ranking.cycle.pk),
    ]:
        assert client.get(f"{url}?version={version}").status_code == 404, url


# --- What is not published ----------------------------------------------------------------------


def test_nothing_is_downloadable_before_publication(client, ranking, make_person):
    move_to(ranking.cycle, "publication")  # ready, but not published yet
    urls = [
        *(ranking_url(ranking.cycle.pk, fmt) for fmt in ("csv", "xlsx", "json")),
        answers_url(ranking.cycle.pk),
    ]
    for person in (None, ranking.coordinator, make_person("admin")):
        if person is not None:
            client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404, (person, url)


def test_unknown_cycles_and_formats_are_not_found(client, ranking, published):
    assert client.get(ranking_url(ranking.cycle.pk + 1, "csv")).status_code == 404
    assert client.get(answers_url(ranking.cycle.pk + 1)).status_code == 404
    for fmt in ("pdf", "xls", "CSV"):
        assert (
            client.get(f"/en/rankings/results/{ranking.cycle.pk}/ranking.{fmt}").status_code == 404
        )


def test_downloads_are_read_only(client, ranking, published):
    for url in (ranking_url(ranking.cycle.pk, "csv"), answers_url(ranking.cycle.pk)):
        assert client.post(url).status_code == 405
        assert client.head(url).status_code == 200


# --- Personal data and queries ------------------------------------------------------------------


def test_no_file_names_a_person(client, ranking):
    move_to(ranking.cycle, "city_reply")
    answer = helpers.answer_of(ranking, "Alba Iulia", "1.3")
    dispute = services.dispute_create(
        actor=ranking.official,
        answer=answer,
        proposed_level_code="1",
        explanation="The register is on the website",
    )
    services.dispute_reject(actor=ranking.reviewer, dispute=dispute, reason="Not by the deadline")
    helpers.publish(ranking)
    urls = [
        *(
            ranking_url(ranking.cycle.pk, fmt, language)
            for fmt in ("csv", "json")
            for language in ("en", "uk")
        ),
        answers_url(ranking.cycle.pk),
    ]
    texts = [body(client.get(url)).decode() for url in urls]
    workbook = load_workbook(io.BytesIO(body(client.get(ranking_url(ranking.cycle.pk, "xlsx")))))
    texts.append(
        " ".join(
            str(cell) for row in workbook["ranking"].iter_rows(values_only=True) for cell in row
        )
    )
    secrets = helpers.personal_data(ranking)
    for text in texts:
        for secret in [*secrets, "@example.org", "published_by", "assessor", "reviewer"]:
            assert secret not in text, secret


def records(url: str, content: bytes) -> int:
    """How many municipalities (or answers) a downloaded file holds."""
    if url.endswith(".xlsx"):
        return load_workbook(io.BytesIO(content))["ranking"].max_row - 1
    if url.endswith(".json"):
        return len(json.loads(content)["results"])
    return len(csv_rows(content))


@pytest.mark.parametrize(
    ("url", "queries", "per_municipality"),
    [("ranking.csv", 5, 1), ("ranking.xlsx", 5, 1), ("ranking.json", 5, 1), ("answers.csv", 5, 3)],
)
def test_a_download_makes_the_same_number_of_queries_however_many_municipalities(
    client,
    ranking,
    published,
    django_assert_num_queries,
    monkeypatch,
    url,
    queries,
    per_municipality,
):
    # Rows are read from the database in chunks; small chunks here, so that the larger file
    # is read in several of them.
    monkeypatch.setattr(opendata, "CHUNK_SIZE", 10)
    address = f"/en/rankings/results/{ranking.cycle.pk}/{url}"
    with django_assert_num_queries(queries):
        small = body(client.get(address))
    assert records(url, small) == 3 * per_municipality
    helpers.grow(published, 40)
    with django_assert_num_queries(queries):
        large = body(client.get(address))
    assert records(url, large) == 43 * per_municipality
