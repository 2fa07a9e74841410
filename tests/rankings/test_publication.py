"""Publication: one query's worth of answers scored once into an immutable snapshot; corrections
as new versions with a reason and a changelog; disqualification; who may do what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencity.rankings import services
from opencity.rankings.models import Answer, AnswerState, Publication, PublishedResult
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
