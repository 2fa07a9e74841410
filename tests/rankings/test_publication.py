"""Publication: one query's worth of answers scored once into an immutable snapshot; corrections
as new versions with a reason and a changelog; disqualification; who may do what."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencity.rankings import services
from opencity.rankings.models import (
    Answer,
    AnswerState,
    ArchiveStatus,
    EvidenceArchive,
    Publication,
    PublishedResult,
)
from tests.rankings.conftest import move_to

pytestmark = pytest.mark.django_db


def results(publication: Publication) -> dict[str, PublishedResult]:
    return {r.municipality.name_en: r for r in publication.results.select_related("municipality")}


def test_publishing_writes_totals_ranks_categories_and_every_answer(ranking):
    move_to(ranking.cycle, "publication")
    publication = services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    assert publication.version == 1 and publication.municipality_count == 3
    by_name = results(publication)
    assert {n: (r.total, r.rank, r.category) for n, r in by_name.items()} == {
        "Brasov": (Decimal("100.0"), 1, "transparent"),
        "Alba Iulia": (Decimal("66.7"), 2, "partial"),
        "Cluj": (Decimal("0.0"), 3, "opaque"),
    }
    alba = by_name["Alba Iulia"]
    assert alba.area_scores == {"1": 66.7}
    assert alba.levels == {"1.1": "1", "1.2": "1", "1.3": "0"}
    first = alba.answers[0]
    assert first["indicator"] == "1.1" and first["level"] == "1" and first["full_marks"]
    assert first["earned"] == "1.00" and first["possible"] == "1.00"
    assert first["comment"] == "Checked 1.1" and first["recommendation"] == "Publish on time"
    assert first["evidence_urls"] == [f"https://{alba.municipality.slug}.example.org/1.1"]
    assert alba.answers[2]["full_marks"] is False
    assert publication.average_total == Decimal("55.6")
    assert publication.area_averages == {"1": 55.6}


def test_publishing_makes_a_fixed_number_of_queries(ranking, django_assert_max_num_queries):
    move_to(ranking.cycle, "publication")
    with django_assert_max_num_queries(20):
        services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)


def test_a_cycle_with_unapproved_answers_or_open_replies_is_not_published(ranking):
    answer = Answer.objects.filter(cycle=ranking.cycle).first()
    Answer.objects.filter(pk=answer.pk).update(state=AnswerState.SUBMITTED)
    move_to(ranking.cycle, "publication")
    with pytest.raises(ValidationError, match="1 answer is not approved yet"):
        services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    assert not Publication.objects.exists()


def test_only_coordinators_and_admins_publish_and_only_in_the_publication_phase(
    ranking, make_person
):
    with pytest.raises(ValidationError, match="assessment phase"):
        services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    move_to(ranking.cycle, "publication")
    for role in ("assessor", "reviewer", "city_official", "methodology_manager", "citizen"):
        with pytest.raises(PermissionDenied):
            services.cycle_publish(actor=make_person(role), cycle=ranking.cycle)
    assert services.cycle_publish(actor=make_person("admin"), cycle=ranking.cycle).version == 1


def test_after_publication_answers_change_only_through_a_correction_version(ranking):
    move_to(ranking.cycle, "publication")
    first = services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    cluj = ranking.municipalities[2]
    answer = Answer.objects.get(cycle=ranking.cycle, municipality=cluj, indicator__code="1.1")
    with pytest.raises(ValidationError, match="cannot be done in the publication phase"):
        services.answer_save(
            actor=ranking.assessor, cycle=ranking.cycle, municipality=cluj,
            indicator=answer.indicator, level_code="1", expected_revision=answer.revision,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="Say why"):
        services.answer_correct(actor=ranking.coordinator, answer=answer, level_code="1", reason="")
    with pytest.raises(PermissionDenied):
        services.answer_correct(actor=ranking.assessor, answer=answer, level_code="1", reason="x")
    services.answer_correct(
        actor=ranking.coordinator, answer=answer, level_code="1",
        reason="The council's page was found in the archive",
    )  # fmt: skip
    # The published snapshot does not move until a new version is published.
    assert results(first)["Cluj"].total == Decimal("0.0")
    with pytest.raises(ValidationError, match="needs a reason"):
        services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    second = services.cycle_publish(
        actor=ranking.coordinator, cycle=ranking.cycle, reason="Correction of indicator 1.1"
    )
    assert second.version == 2 and second.reason == "Correction of indicator 1.1"
    assert results(second)["Cluj"].total == Decimal("33.3")
    assert results(first)["Cluj"].total == Decimal("0.0")  # the earlier version stays viewable
    assert second.changelog == [
        {
            "municipality_id": cluj.pk,
            "municipality": cluj.name,
            "total": ["0.0", "33.3"],
            "levels": [{"indicator": "1.1", "before": "0", "after": "1"}],
        }
    ]
    assert ranking.cycle.current_publication() == second
    history = answer.history.order_by("history_date").last()
    assert history.history_change_reason.startswith("correction: ")
    assert history.history_user == ranking.coordinator


def test_a_disqualified_municipality_keeps_its_result_and_reason_without_a_rank(ranking):
    brasov = ranking.municipalities[1]
    with pytest.raises(ValidationError, match="assessment phase"):
        services.assignment_disqualify(
            actor=ranking.coordinator, cycle=ranking.cycle, municipality=brasov, reason="x"
        )
    move_to(ranking.cycle, "review")
    with pytest.raises(PermissionDenied):
        services.assignment_disqualify(
            actor=ranking.reviewer, cycle=ranking.cycle, municipality=brasov, reason="x"
        )
    services.assignment_disqualify(
        actor=ranking.coordinator, cycle=ranking.cycle, municipality=brasov,
        reason="Evidence links were changed after scoring",
    )  # fmt: skip
    move_to(ranking.cycle, "publication")
    publication = services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    by_name = results(publication)
    assert by_name["Brasov"].rank is None and by_name["Brasov"].total == Decimal("100.0")
    assert by_name["Brasov"].disqualification_reason == "Evidence links were changed after scoring"
    assert (by_name["Alba Iulia"].rank, by_name["Cluj"].rank) == (1, 2)


def test_published_rows_are_kept_when_the_answers_change_later(ranking):
    move_to(ranking.cycle, "publication")
    publication = services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    Answer.objects.filter(cycle=ranking.cycle).update(comment="changed in the database")
    assert all(
        entry["comment"].startswith("Checked")
        for result in publication.results.all()
        for entry in result.answers
    )


def test_the_admin_shows_publications_and_disputes_but_never_changes_them(
    ranking, client, make_person
):
    move_to(ranking.cycle, "publication")
    publication = services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    client.force_login(make_person("admin"))
    for model in ("publication", "dispute", "evidencearchive"):
        page = client.get(f"/admin/rankings/{model}/")
        assert page.status_code == 200
        assert f"/admin/rankings/{model}/add/" not in page.content.decode()
    detail = client.get(f"/admin/rankings/publication/{publication.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.post(f"/admin/rankings/publication/{publication.pk}/delete/").status_code == 403
    assert Publication.objects.filter(pk=publication.pk).exists()


def test_the_snapshot_copies_every_answer_with_its_evidence_and_archived_copies(ranking):
    """The database writes each answer's part of the snapshot: the entries hold exactly what the
    answers and their archived copies say, in the methodology's order, whatever the text."""
    alba, brasov, cluj = ranking.municipalities
    answers = {
        (answer.municipality_id, answer.indicator.code): answer
        for answer in Answer.objects.filter(cycle=ranking.cycle).select_related("indicator")
    }
    awkward = 'He said "no" \\ twice,\nthen\tleft: «Київ» 🏛 \x01 </script>'
    Answer.objects.filter(pk=answers[(alba.pk, "1.1")].pk).update(
        comment=awkward,
        recommendation="",
        evidence_file="evidence/2024/01/report.pdf",
        evidence_urls=['https://alba.example.org/a?x=1&y="2"', "https://alba.example.org/b"],
    )
    # Answered without a level, and not answered at all.
    Answer.objects.filter(pk=answers[(brasov.pk, "1.2")].pk).update(level=None)
    Answer.objects.filter(pk=answers[(cluj.pk, "1.3")].pk).delete()
    first = answers[(alba.pk, "1.1")]
    kyiv = datetime.timezone(datetime.timedelta(hours=2))
    copies = [
        EvidenceArchive.objects.create(
            answer=first, url="https://alba.example.org/b", status=ArchiveStatus.ARCHIVED,
            fetched_at=datetime.datetime(2024, 3, 5, 10, 0, 7, 123456, tzinfo=kyiv),
            sha256="a" * 64, http_status=200,
        ),
        EvidenceArchive.objects.create(
            answer=first, url="https://alba.example.org/a?x=1&y=\"2\"",
            status=ArchiveStatus.FAILED, error='Timed out "twice"\nat 10:00',
        ),
        EvidenceArchive.objects.create(
            answer=answers[(brasov.pk, "1.1")], url="https://brasov.example.org/1.1",
            status=ArchiveStatus.ARCHIVED, sha256="b" * 64, http_status=203,
            fetched_at=datetime.datetime(2024, 3, 6, 23, 59, tzinfo=datetime.UTC),
        ),
        EvidenceArchive.objects.create(
            answer=answers[(cluj.pk, "1.1")], url="https://cluj.example.org/1.1"
        ),
    ]  # fmt: skip
    move_to(ranking.cycle, "publication")
    publication = services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)

    archived: dict[int, list[dict]] = {}
    for copy in EvidenceArchive.objects.order_by("pk"):
        archived.setdefault(copy.answer_id, []).append(
            {
                "id": copy.pk,
                "url": copy.url,
                "status": copy.status,
                "archived_at": copy.fetched_at.isoformat() if copy.fetched_at else None,
                "sha256": copy.sha256,
                "http_status": copy.http_status,
                "error": copy.error,
            }
        )
    made = {copy["id"]: copy for copies_of in archived.values() for copy in copies_of}
    assert [made[copy.pk]["archived_at"] for copy in copies] == [
        "2024-03-05T08:00:07.123456+00:00",
        None,
        "2024-03-06T23:59:00+00:00",
        None,
    ]

    def expected(municipality_id: int) -> list[dict]:
        entries = []
        for indicator in ranking.indicators:
            answer = (
                Answer.objects.filter(
                    cycle=ranking.cycle, municipality_id=municipality_id, indicator=indicator
                )
                .select_related("level")
                .first()
            )
            level = answer.level.code if answer and answer.level else None
            entry = {
                "indicator": indicator.code,
                "level": level,
                "status": "scored" if level else "unanswered",
                "earned": "1.00" if level == "1" else "0.00",
                "possible": "1.00",
                "full_marks": level == "1",
            }
            if answer is not None:
                entry |= {
                    "answer": answer.pk,
                    "evidence_urls": answer.evidence_urls,
                    "file": bool(answer.evidence_file),
                    "comment": answer.comment,
                    "recommendation": answer.recommendation,
                    "archives": archived.get(answer.pk, []),
                }
            entries.append(entry)
        return entries

    by_municipality = {result.municipality_id: result for result in publication.results.all()}
    for municipality in ranking.municipalities:
        assert by_municipality[municipality.pk].answers == expected(municipality.pk)
    entry = by_municipality[alba.pk].answers[0]
    assert entry["comment"] == awkward and entry["file"] is True
    assert [copy["id"] for copy in entry["archives"]][-2:] == [copies[0].pk, copies[1].pk]
    assert by_municipality[brasov.pk].answers[1]["status"] == "unanswered"
    assert "answer" not in by_municipality[cluj.pk].answers[2]
