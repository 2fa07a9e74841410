"""Answers: the assigned assessor saves, conflicts lose nothing, history, submit, review."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencity.rankings import services
from opencity.rankings.models import Answer, AnswerState
from tests.rankings.test_cycles import dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(make_person):
    return {
        "coordinator": make_person("coordinator"),
        "assessor": make_person("assessor"),
        "other_assessor": make_person("assessor"),
        "reviewer": make_person("reviewer"),
    }


@pytest.fixture
def work(team, methodology, db):
    from tests.factories import MunicipalityFactory

    municipality = MunicipalityFactory(name_en="Alba Iulia")
    cycle = services.cycle_open(
        actor=team["coordinator"], methodology=methodology, year=2024, name="TC",
        municipalities=[municipality], **dates(offset_days=40),
    )  # fmt: skip
    services.assignment_bulk(
        actor=team["coordinator"], cycle=cycle, municipalities=[municipality],
        assessor=team["assessor"], reviewer=team["reviewer"],
    )  # fmt: skip
    return cycle, municipality, methodology.indicators.get(code="1.1")


def save(actor, work, level="1", revision=0, **extra):  # type: ignore[no-untyped-def]
    cycle, municipality, indicator = work
    return services.answer_save(
        actor=actor, cycle=cycle, municipality=municipality, indicator=indicator,
        level_code=level, expected_revision=revision, **extra,
    )  # fmt: skip


def test_assessor_saves_an_answer_with_evidence_and_history(team, work):
    answer = save(
        team["assessor"], work, evidence_urls=["https://city.example.org/decisions"],
        comment="Published", recommendation="Keep it up",
    )  # fmt: skip
    assert answer.state == AnswerState.IN_PROGRESS and answer.revision == 1
    answer = save(team["assessor"], work, level="0", revision=1, comment="Link broken")
    history = list(answer.history.order_by("history_date"))
    assert [(h.level.code, h.comment) for h in history] == [
        ("1", "Published"),
        ("0", "Link broken"),
    ]
    assert [h.updated_by for h in history] == [team["assessor"], team["assessor"]]
    assert history[0].evidence_urls == ["https://city.example.org/decisions"]


def test_second_save_of_the_same_revision_gets_a_conflict_showing_the_other_value(team, work):
    save(team["assessor"], work, level="1", comment="First wins")
    with pytest.raises(services.AnswerConflictError) as conflict:
        save(team["assessor"], work, level="0", comment="Second", revision=0)
    assert "level “yes”" in str(conflict.value) and "First wins" in str(conflict.value)
    assert conflict.value.current.comment == "First wins"
    answer = Answer.objects.get()
    assert answer.level.code == "1" and answer.comment == "First wins" and answer.revision == 1


def test_only_the_assigned_assessor_answers(team, work, make_person):
    for person in (team["other_assessor"], team["reviewer"], make_person("city_official")):
        with pytest.raises(PermissionDenied):
            save(person, work)
    assert not Answer.objects.exists()


def test_bad_level_and_bad_links_are_refused(team, work):
    with pytest.raises(ValidationError, match="“7” is not a level of this scale"):
        save(team["assessor"], work, level="7")
    with pytest.raises(ValidationError, match="“ftp://x” is not a web address"):
        save(team["assessor"], work, evidence_urls=["ftp://x"])
    with pytest.raises(ValidationError, match="At most 10 links"):
        save(team["assessor"], work, evidence_urls=[f"https://e.org/{n}" for n in range(11)])
    assert not Answer.objects.exists()


def test_submit_return_with_reason_resubmit_and_approve(team, work):
    answer = save(team["assessor"], work)
    services.answer_submit(actor=team["assessor"], answer=answer)
    with pytest.raises(ValidationError, match="submitted; it can no longer be changed"):
        save(team["assessor"], work, revision=answer.revision)
    with pytest.raises(ValidationError, match="Say why"):
        services.answer_return(actor=team["reviewer"], answer=answer, reason=" ")
    services.answer_return(actor=team["reviewer"], answer=answer, reason="The link is dead")
    answer.refresh_from_db()
    assert answer.state == AnswerState.RETURNED and answer.return_reason == "The link is dead"
    answer = save(team["assessor"], work, level="0", revision=answer.revision)
    services.answer_submit(actor=team["assessor"], answer=answer)
    services.answer_approve(actor=team["reviewer"], answer=answer)
    answer.refresh_from_db()
    assert answer.state == AnswerState.APPROVED
    states = [h.state for h in answer.history.order_by("history_date")]
    assert states == [
        "in_progress",
        "submitted",
        "returned",
        "in_progress",
        "submitted",
        "approved",
    ]


def test_nobody_but_the_assigned_reviewer_reviews(team, work):
    answer = save(team["assessor"], work)
    services.answer_submit(actor=team["assessor"], answer=answer)
    for person in (team["assessor"], team["other_assessor"], team["coordinator"]):
        with pytest.raises(PermissionDenied):
            services.answer_approve(actor=person, answer=answer)


def test_answers_wait_for_their_phase(team, methodology, make_person):
    from tests.factories import MunicipalityFactory

    municipality = MunicipalityFactory()
    early = services.cycle_open(
        actor=team["coordinator"], methodology=methodology, year=2025, name="Early",
        municipalities=[municipality], **dates(offset_days=-5),
    )  # fmt: skip
    services.assignment_bulk(
        actor=team["coordinator"], cycle=early, municipalities=[municipality],
        assessor=team["assessor"],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="cannot be done in the preparation phase"):
        save(team["assessor"], (early, municipality, methodology.indicators.first()))
