"""Consultations as open data and in the API: comments without any author (neither e-mail nor
display name appears anywhere), hidden comments counted but their text never given, drafts not
found, the organiser's responses with their reasons, the document and the report versions; every
endpoint reads the same number of queries for 5 comments as for 50. The personal-data download
and account deletion."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opencity.accounts import services as account_services
from opencity.consultations import services
from opencity.consultations.models import Comment, ConsultationStatus, Outcome, Report, Support
from opencity.consultations.personal_data import consultations_personal_data
from tests import factories
from tests.consultations.factories import (
    CommentFactory,
    ConsultationFactory,
    ParagraphFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

HIDDEN_TEXT = "Secret insult that a moderator hid."


@pytest.fixture
def authors(db):  # type: ignore[no-untyped-def]
    return [
        factories.UserFactory(email=f"author{n}@example.org", display_name=f"Oksana Writer{n}")
        for n in range(3)
    ]


def _fill(consultation, paragraph, authors, count: int) -> list[Comment]:  # type: ignore[no-untyped-def]
    """`count` visible comments, every other one answered, one reply, one supporter each, and
    one hidden comment."""
    comments = [
        CommentFactory(
            consultation=consultation,
            paragraph=paragraph if n % 2 else None,
            author=authors[n % len(authors)],
            text=f"Proposal number {n}.",
        )
        for n in range(count - 1)
    ]
    comments.append(
        CommentFactory(
            consultation=consultation,
            parent=comments[0],
            paragraph=comments[0].paragraph,
            author=authors[1],
            text="A reply to the first.",
        )
    )
    for n, comment in enumerate(comments[:-1]):
        if n % 2 == 0:
            services.response_set(
                actor=_official(consultation),
                comment=comment,
                outcome=Outcome.ACCEPTED if n % 4 == 0 else Outcome.NOT_ACCEPTED,
                reason=f"Reason for {n}.",
            )
        Support.objects.create(comment=comment, user=authors[(n + 1) % len(authors)])
        Comment.objects.filter(pk=comment.pk).update(support_count=1)
    hidden = CommentFactory(consultation=consultation, author=authors[0], text=HIDDEN_TEXT)
    Comment.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now(), hidden_reason="Insults.")
    return comments


_officials: dict[int, object] = {}


def _official(consultation):  # type: ignore[no-untyped-def]
    if consultation.pk not in _officials or not _exists(_officials[consultation.pk]):
        user = factories.UserFactory()
        factories.MembershipFactory(user=user, organisation=consultation.organiser, role="official")
        _officials[consultation.pk] = user
    return _officials[consultation.pk]


def _exists(user) -> bool:  # type: ignore[no-untyped-def]
    return type(user).objects.filter(pk=user.pk).exists()


def _assert_no_person(body: str, authors) -> None:  # type: ignore[no-untyped-def]
    for author in authors:
        assert author.email not in body
        assert author.display_name not in body
    assert "@example" not in body
    assert HIDDEN_TEXT not in body


URLS = [
    ("consultations:data_consultations", {"fmt": "csv"}),
    ("consultations:data_consultations", {"fmt": "json"}),
    ("consultations:data_comments", {"slug": "budget-2027", "fmt": "csv"}),
    ("consultations:data_comments", {"slug": "budget-2027", "fmt": "json"}),
]
API = [
    "/api/consultations/",
    "/api/consultations/budget-2027",
    "/api/consultations/budget-2027/document",
    "/api/consultations/budget-2027/comments",
    "/api/consultations/budget-2027/responses",
    "/api/consultations/budget-2027/reports",
]


# The queries each address reads, whatever the number of comments, in the order of URLS + API.
QUERIES = [2, 2, 2, 3, 2, 2, 3, 3, 3, 2]


def _all_addresses() -> list[str]:
    return [reverse(name, kwargs=kwargs) for name, kwargs in URLS] + API


def test_nothing_personal_and_no_hidden_text_in_any_download_or_endpoint(
    client, consultation, paragraph, authors
):  # type: ignore[no-untyped-def]
    _fill(consultation, paragraph, authors, 8)
    for address in _all_addresses():
        response = client.get(address)
        assert response.status_code == 200, address
        _assert_no_person(response.content.decode("utf-8-sig"), authors)


def test_the_comments_csv_has_the_references_supports_outcomes_and_reasons(
    client, consultation, paragraph, authors
):  # type: ignore[no-untyped-def]
    comments = _fill(consultation, paragraph, authors, 6)
    body = client.get(
        reverse("consultations:data_comments", kwargs={"slug": consultation.slug, "fmt": "csv"})
    ).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 6
    assert "author" not in rows[0]
    by_id = {int(row["id"]): row for row in rows}
    first = by_id[comments[0].pk]
    assert (first["section"], first["paragraph"], first["outcome"], first["reason"]) == (
        "",
        "",
        "accepted",
        "Reason for 0.",
    )
    second = by_id[comments[1].pk]
    assert (second["section"], second["section_title"], second["paragraph"]) == (
        "1",
        "General provisions",
        "1",
    )
    assert second["supports"] == "1" and second["outcome"] == ""
    assert by_id[comments[-1].pk]["reply_to"] == str(comments[0].pk)


def test_the_json_counts_hidden_comments_and_the_outcomes(client, consultation, paragraph, authors):  # type: ignore[no-untyped-def]
    _fill(consultation, paragraph, authors, 6)
    data = json.loads(
        client.get(
            reverse(
                "consultations:data_comments", kwargs={"slug": consultation.slug, "fmt": "json"}
            )
        ).content
    )
    record = data["consultation"]
    assert (record["comments"], record["proposals"], record["replies"]) == (6, 5, 1)
    assert record["hidden_comments"] == 1
    assert (record["accepted"], record["not_accepted"], record["unanswered"]) == (2, 1, 2)
    assert record["phase"] == "open"
    assert len(data["comments"]) == 6


def test_drafts_and_unknown_consultations_are_not_found(client, city_hall):  # type: ignore[no-untyped-def]
    draft = ConsultationFactory(
        organiser=city_hall, slug="draft-one", status=ConsultationStatus.DRAFT
    )
    CommentFactory(consultation=draft, text="A comment on a draft.")
    for address in [
        reverse("consultations:data_comments", kwargs={"slug": "draft-one", "fmt": "csv"}),
        reverse("consultations:data_comments", kwargs={"slug": "draft-one", "fmt": "json"}),
        reverse("consultations:data_comments", kwargs={"slug": "no-such", "fmt": "json"}),
        "/api/consultations/draft-one",
        "/api/consultations/draft-one/document",
        "/api/consultations/draft-one/comments",
        "/api/consultations/draft-one/responses",
        "/api/consultations/draft-one/reports",
    ]:
        assert client.get(address).status_code == 404, address
    for address in (
        reverse("consultations:data_consultations", kwargs={"fmt": "json"}),
        "/api/consultations/",
    ):
        assert "draft-one" not in client.get(address).content.decode()
    assert (
        client.get(reverse("consultations:data_consultations", kwargs={"fmt": "xml"})).status_code
        == 404
    )


@pytest.mark.parametrize("address", range(len(URLS) + len(API)))
def test_each_address_reads_the_same_queries_for_5_and_50_comments(
    client, consultation, paragraph, authors, address
):  # type: ignore[no-untyped-def]
    url = _all_addresses()[address]
    _fill(consultation, paragraph, authors, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill(consultation, paragraph, authors, 45)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) == QUERIES[address]


def test_the_api_gives_the_phase_counts_document_and_comments(
    client, consultation, paragraph, authors
):  # type: ignore[no-untyped-def]
    comments = _fill(consultation, paragraph, authors, 6)
    detail = client.get(f"/api/consultations/{consultation.slug}").json()
    assert detail["phase"] == "open"
    assert detail["outcomes"] == {
        "accepted": 2,
        "partly_accepted": 0,
        "not_accepted": 1,
        "out_of_scope": 0,
    }
    assert (detail["sections"], detail["paragraphs"], detail["hidden_comments"]) == (1, 1, 1)
    listing = client.get("/api/consultations/", {"phase": "open"}).json()
    assert [item["slug"] for item in listing["items"]] == [consultation.slug]
    assert client.get("/api/consultations/", {"phase": "reported"}).json()["count"] == 0
    document = client.get(f"/api/consultations/{consultation.slug}/document").json()
    assert document["sections"][0]["title"] == "General provisions"
    assert document["sections"][0]["paragraphs"][0]["text"] == paragraph.text
    # The final text stays the organiser's until a report is published.
    assert document["sections"][0]["paragraphs"][0]["final_text"] is None
    page = client.get(
        f"/api/consultations/{consultation.slug}/comments", {"limit": 2, "offset": 1}
    ).json()
    assert (page["count"], page["hidden_comments"]) == (6, 1)
    assert [item["id"] for item in page["items"]] == [comments[1].pk, comments[2].pk]
    responses = client.get(f"/api/consultations/{consultation.slug}/responses").json()
    assert responses["count"] == 3
    assert {item["reason"] for item in responses["items"]} == {
        "Reason for 0.",
        "Reason for 2.",
        "Reason for 4.",
    }


def test_report_versions_in_the_api_carry_no_names(client, city_hall, authors, make_person):  # type: ignore[no-untyped-def]
    import datetime

    now = timezone.now()
    closed = ConsultationFactory(
        organiser=city_hall,
        slug="closed-budget",
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now - datetime.timedelta(days=1),
    )
    section = SectionFactory(consultation=closed, order=1, title="Budget")
    ParagraphFactory(consultation=closed, section=section, order=1, text="The budget is public.")
    comment = CommentFactory(consultation=closed, author=authors[0], text="Publish it monthly.")
    official = make_person("city_official")
    services.response_set(
        actor=official, comment=comment, outcome=Outcome.ACCEPTED, reason="We will."
    )
    services.report_publish(actor=official, consultation=closed, summary="Done.", reason="")
    versions = client.get("/api/consultations/closed-budget/reports").json()
    assert [v["version"] for v in versions] == [1]
    assert versions[0]["counts"]["outcomes"]["accepted"] == 1
    one = client.get("/api/consultations/closed-budget/reports/1")
    assert one.json()["proposals"][0]["text"] == "Publish it monthly."
    _assert_no_person(one.content.decode(), authors)
    assert client.get("/api/consultations/closed-budget/reports/2").status_code == 404
    document = client.get("/api/consultations/closed-budget/document").json()
    assert document["sections"][0]["paragraphs"][0]["final_text"] == "The budget is public."


# Personal data --------------------------------------------------------------------------------


def test_the_download_holds_the_persons_comments_supports_and_reports(
    consultation, paragraph, authors
):  # type: ignore[no-untyped-def]
    _fill(consultation, paragraph, authors, 6)
    services.abuse_report(
        reporter=authors[2],
        comment=Comment.objects.filter(author=authors[0]).first(),
        reason="Rude.",
        rate_key="r",
    )
    data = consultations_personal_data(authors[2])
    assert {c["text"] for c in data["comments"]} == {"Proposal number 2."}
    assert len(data["supports"]) == 2
    assert data["abuse_reports"][0]["reason"] == "Rude."
    mine = consultations_personal_data(authors[0])
    assert HIDDEN_TEXT in {c["text"] for c in mine["comments"]}


def test_deleting_an_account_unlinks_comments_deletes_supports_and_names_from_reports(
    city_hall, authors, make_person
):  # type: ignore[no-untyped-def]
    import datetime

    now = timezone.now()
    closed = ConsultationFactory(
        organiser=city_hall,
        slug="closed-parks",
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now - datetime.timedelta(days=1),
    )
    section = SectionFactory(consultation=closed, order=1, title="Parks")
    ParagraphFactory(consultation=closed, section=section, order=1, text="Parks close at 22.")
    mine = CommentFactory(consultation=closed, author=authors[0], text="Keep them open.")
    theirs = CommentFactory(consultation=closed, author=authors[1], text="Light them.")
    Support.objects.create(comment=theirs, user=authors[0])
    Comment.objects.filter(pk=theirs.pk).update(support_count=1)
    official = make_person("city_official")
    for comment in (mine, theirs):
        services.response_set(
            actor=official, comment=comment, outcome=Outcome.OUT_OF_SCOPE, reason="Later."
        )
    services.report_publish(actor=official, consultation=closed, summary="", reason="")
    account_services.user_delete(actor=authors[0], user=authors[0])
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.author is None and mine.text == "Keep them open."
    assert theirs.support_count == 0 and not Support.objects.exists()
    snapshot = json.dumps(Report.objects.get().snapshot, ensure_ascii=False)
    assert "Oksana Writer0" not in snapshot and "Oksana Writer1" in snapshot
    assert consultations_personal_data(authors[0]) == {
        "comments": [],
        "supports": [],
        "abuse_reports": [],
        "moderation_decisions": [],
    }
