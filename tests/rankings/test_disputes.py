"""The city's right of reply: officials of the city dispute draft answers; a reviewer who did
not score them accepts (the answer changes, with history) or rejects with a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencity.rankings import services
from opencity.rankings.models import Answer, Dispute, DisputeState
from tests.rankings.conftest import move_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def alba_answer(ranking):
    move_to(ranking.cycle, "city_reply")
    return Answer.objects.get(
        cycle=ranking.cycle, municipality=ranking.municipalities[0], indicator__code="1.3"
    )


def dispute(ranking, answer, **changes):  # type: ignore[no-untyped-def]
    values = {
        "actor": ranking.official,
        "answer": answer,
        "proposed_level_code": "1",
        "explanation": "The register of decisions is published at the link below.",
        "evidence_urls": ["https://alba-iulia.example.org/decisions"],
    }
    return services.dispute_create(**{**values, **changes})


def test_an_official_disputes_their_citys_answer_and_the_reviewer_accepts(ranking, alba_answer):
    created = dispute(ranking, alba_answer)
    assert created.state == DisputeState.OPEN and created.level_before.code == "0"
    assert created.organisation.municipality == ranking.municipalities[0]
    services.dispute_accept(actor=ranking.reviewer, dispute=created, reason="The link proves it")
    alba_answer.refresh_from_db()
    created.refresh_from_db()
    assert alba_answer.level.code == "1" and created.state == DisputeState.ACCEPTED
    assert created.resolved_by == ranking.reviewer and created.resolution_reason
    last = alba_answer.history.order_by("history_date").last()
    assert (last.level.code, last.history_change_reason) == ("1", "dispute accepted")
    assert last.history_user == ranking.reviewer


def test_a_rejection_needs_a_reason_and_leaves_the_answer(ranking, alba_answer):
    created = dispute(ranking, alba_answer)
    with pytest.raises(ValidationError, match="Say why"):
        services.dispute_reject(actor=ranking.reviewer, dispute=created, reason=" ")
    services.dispute_reject(actor=ranking.coordinator, dispute=created, reason="Page is empty")
    alba_answer.refresh_from_db()
    assert alba_answer.level.code == "0"
    assert Dispute.objects.get().state == DisputeState.REJECTED
    with pytest.raises(ValidationError, match="already been decided"):
        services.dispute_accept(actor=ranking.reviewer, dispute=created)


def test_only_officials_of_the_city_dispute_and_only_in_the_reply_phase(
    ranking, alba_answer, make_person
):
    from tests.factories import MembershipFactory, OrganisationFactory

    other_hall = OrganisationFactory(kind="city_hall", municipality=ranking.municipalities[1])
    other_official = make_person("citizen")
    MembershipFactory(user=other_official, organisation=other_hall, role="official")
    for person in (other_official, ranking.assessor, ranking.reviewer, make_person("citizen")):
        with pytest.raises(PermissionDenied):
            dispute(ranking, alba_answer, actor=person)
    move_to(ranking.cycle, "review")
    with pytest.raises(ValidationError, match="review phase"):
        dispute(ranking, alba_answer)
    assert not Dispute.objects.exists()


def test_bad_replies_are_refused_with_the_field_named(ranking, alba_answer):
    with pytest.raises(ValidationError) as error:
        dispute(ranking, alba_answer, proposed_level_code="9", explanation="")
    assert set(error.value.message_dict) == {"proposed_level", "explanation"}
    with pytest.raises(ValidationError, match="already has this level"):
        dispute(ranking, alba_answer, proposed_level_code="0")
    with pytest.raises(ValidationError, match="is not a web address"):
        dispute(ranking, alba_answer, evidence_urls=["javascript:alert(1)"])
    dispute(ranking, alba_answer)
    with pytest.raises(ValidationError, match="already has a dispute waiting"):
        dispute(ranking, alba_answer)
    assert Dispute.objects.count() == 1


def test_nobody_decides_on_a_reply_to_their_own_scoring(ranking, alba_answer, make_person):
    created = dispute(ranking, alba_answer)
    for person in (ranking.assessor, ranking.official, make_person("reviewer")):
        with pytest.raises(PermissionDenied):
            services.dispute_accept(actor=person, dispute=created)
    assert Dispute.objects.get().state == DisputeState.OPEN


def test_open_replies_block_publication_and_decisions_stop_after_it(ranking, alba_answer):
    created = dispute(ranking, alba_answer)
    move_to(ranking.cycle, "publication")
    with pytest.raises(ValidationError, match="1 city reply waits for a decision"):
        services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    services.dispute_accept(actor=ranking.reviewer, dispute=created)
    publication = services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    alba = publication.results.get(municipality=ranking.municipalities[0])
    assert str(alba.total) == "100.0"
    # A late reply is refused once the results are published, whatever the dates say.
    move_to(ranking.cycle, "city_reply")
    other = Answer.objects.get(
        cycle=ranking.cycle, municipality=ranking.municipalities[0], indicator__code="1.1"
    )
    with pytest.raises(ValidationError, match="published"):
        dispute(ranking, other, proposed_level_code="0")


def test_the_account_page_lists_each_role_its_working_pages(ranking, client, make_person):
    expected = {
        ranking.assessor: ["/en/rankings/work/"],
        ranking.reviewer: [
            "/en/rankings/work/",
            "/en/rankings/work/review/",
            "/en/rankings/reply/",
        ],
        ranking.official: ["/en/rankings/reply/"],
        make_person("methodology_manager"): ["/en/rankings/methodologies/import/"],
        make_person("citizen"): [],
    }
    for person, links in expected.items():
        client.force_login(person)
        page = client.get("/en/account/").content.decode()
        for path in ("/en/rankings/work/", "/en/rankings/reply/", "/en/rankings/work/review/",
                     "/en/rankings/methodologies/import/"):  # fmt: skip
            assert (f'href="{path}"' in page) is (path in links), (person, path)


def test_the_personal_data_download_holds_a_persons_replies_and_assignments(
    ranking, alba_answer, client
):
    import json

    dispute(ranking, alba_answer)
    client.force_login(ranking.official)
    data = json.loads(client.get("/en/account/my-data.json").content)
    replies = data["rankings"]["city_replies"]
    assert [r["explanation"] for r in replies] == [
        "The register of decisions is published at the link below."
    ]
    client.force_login(ranking.assessor)
    data = json.loads(client.get("/en/account/my-data.json").content)
    assert len(data["rankings"]["assignments"]) == 3
    assert {a["as"] for a in data["rankings"]["assignments"]} == {"assessor"}
    assert len(data["rankings"]["answers_last_changed"]) == 9
