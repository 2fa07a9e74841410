"""The city's right of reply in the browser's terms: who sees a city's draft results, the dispute
form, the reviewers' queue with accept and reject, phase refusals as messages, and query counts
that stay the same however many indicators, replies or cycles there are."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from opencity.accounts.models import OrganisationKind, Role
from opencity.rankings import services
from opencity.rankings.models import (
    Answer,
    Area,
    CategoryThreshold,
    CheckMethod,
    Dispute,
    DisputeState,
    Indicator,
    RequirementType,
    ScaleKind,
)
from tests import factories
from tests.rankings.conftest import move_to
from tests.rankings.test_cycles import dates

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded evidence goes to a temporary directory, not the development media folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reply(ranking):
    """The `ranking` cycle in its city reply phase."""
    move_to(ranking.cycle, "city_reply")
    return ranking


@pytest.fixture
def people(reply, make_person):
    """Every kind of person who might open a city's draft results."""
    brasov = reply.municipalities[1]
    brasov_hall = factories.OrganisationFactory(
        kind=OrganisationKind.CITY_HALL, municipality=brasov, name_en="Brasov City Hall"
    )
    other_official = factories.MembershipFactory(organisation=brasov_hall, role=Role.OFFICIAL).user
    return {
        "official": reply.official,
        "other_official": other_official,
        "citizen": make_person("citizen"),
        "assessor": reply.assessor,
        "other_assessor": make_person("assessor"),
        "reviewer": reply.reviewer,
        "other_reviewer": make_person("reviewer"),
        "coordinator": reply.coordinator,
        "methodology_manager": make_person("methodology_manager"),
        "moderator": make_person("moderator"),
        "admin": make_person("admin"),
    }


def draft_url(cycle, municipality, language: str = "en") -> str:  # type: ignore[no-untyped-def]
    return f"/{language}/rankings/reply/{cycle.pk}/{municipality.pk}/"


def answer_of(reply, code: str, municipality_index: int = 0) -> Answer:  # type: ignore[no-untyped-def]
    return Answer.objects.get(
        cycle=reply.cycle,
        municipality=reply.municipalities[municipality_index],
        indicator__code=code,
    )


def dispute_url(answer: Answer) -> str:
    return f"/en/rankings/reply/{answer.cycle_id}/answers/{answer.pk}/dispute/"


def open_dispute(reply, code: str = "1.3", level: str = "1", **changes) -> Dispute:  # type: ignore[no-untyped-def]
    values = {
        "actor": reply.official,
        "answer": answer_of(reply, code),
        "proposed_level_code": level,
        "explanation": "The register of decisions is published at the link below.",
        "evidence_urls": ["https://alba-iulia.example.org/decisions"],
    }
    return services.dispute_create(**{**values, **changes})


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# --- Who sees a city's draft results ----------------------------------------------------------

DRAFT_ACCESS = {
    "official": 200,
    "other_official": 404,
    "citizen": 404,
    "assessor": 404,
    "other_assessor": 404,
    "reviewer": 200,
    "other_reviewer": 404,
    "coordinator": 200,
    "methodology_manager": 404,
    "moderator": 404,
    "admin": 200,
}


@pytest.mark.parametrize("role", sorted(DRAFT_ACCESS))
def test_a_citys_draft_results_are_for_its_officials_and_the_reviewing_team(
    client, reply, people, role
):
    client.force_login(people[role])
    response = client.get(draft_url(reply.cycle, reply.municipalities[0]))
    assert response.status_code == DRAFT_ACCESS[role]
    if response.status_code == 404:
        assert "Checked 1.1" not in text(response)


def test_visitors_are_sent_to_log_in(client, reply):
    for url in (
        "/en/rankings/reply/",
        "/en/rankings/reply/disputes/",
        draft_url(reply.cycle, reply.municipalities[0]),
        dispute_url(answer_of(reply, "1.3")),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_official_sees_the_draft_total_area_scores_and_every_answer(client, reply):
    client.force_login(reply.official)
    for language in ("en", "uk", "ro", "bg"):
        assert (
            client.get(draft_url(reply.cycle, reply.municipalities[0], language)).status_code == 200
        )
    page = text(client.get(draft_url(reply.cycle, reply.municipalities[0])))
    # Alba Iulia answered yes, yes, no on three binary indicators: 2 of 3 points.
    assert "66.7 of 100" in page
    assert "2 of 3" in page
    assert ">partial<" in page  # the category whose minimum (50) the total reaches
    for code in ("1.1", "1.2", "1.3"):
        assert f"Checked {code}" in page
        assert f'href="https://{reply.municipalities[0].slug}.example.org/{code}"' in page
    assert "Publish on time" in page
    assert page.count("Dispute the answer on") == 3
    assert "You may reply to any answer" in page


def test_officials_never_see_another_citys_drafts(client, reply, people):
    client.force_login(reply.official)
    brasov = reply.municipalities[1]
    assert client.get(draft_url(reply.cycle, brasov)).status_code == 404
    assert client.get(dispute_url(answer_of(reply, "1.1", 1))).status_code == 404
    response = client.get(f"/en/rankings/reply/{reply.cycle.pk}/")
    assert response.status_code == 302
    assert response["Location"] == draft_url(reply.cycle, reply.municipalities[0])
    home = text(client.get("/en/rankings/reply/"))
    assert "Alba Iulia" in home and "Brasov" not in home
    # And Brasov's official sees Brasov only.
    client.force_login(people["other_official"])
    assert client.get(draft_url(reply.cycle, reply.municipalities[0])).status_code == 404
    assert client.get(draft_url(reply.cycle, brasov)).status_code == 200


def test_officials_see_nothing_before_the_reply_phase(client, reply):
    move_to(reply.cycle, "review")
    client.force_login(reply.official)
    assert client.get(draft_url(reply.cycle, reply.municipalities[0])).status_code == 404
    assert client.get(f"/en/rankings/reply/{reply.cycle.pk}/").status_code == 404
    home = text(client.get("/en/rankings/reply/"))
    assert "has reached the reply phase yet" in home and "Transparent Cities 2024" not in home
    client.force_login(reply.coordinator)
    assert client.get(draft_url(reply.cycle, reply.municipalities[0])).status_code == 200


HOME_ACCESS = {
    "official": 200,
    "other_official": 200,
    "citizen": 403,
    "assessor": 403,
    "reviewer": 200,
    "coordinator": 200,
    "methodology_manager": 403,
    "moderator": 403,
    "admin": 200,
}


@pytest.mark.parametrize("role", sorted(HOME_ACCESS))
def test_the_right_of_reply_page_is_for_officials_and_those_who_decide(client, reply, people, role):
    client.force_login(people[role])
    assert client.get("/en/rankings/reply/").status_code == HOME_ACCESS[role]


def test_the_reply_page_lists_the_citys_cycles_and_the_replies_waiting(client, reply):
    open_dispute(reply)
    client.force_login(reply.official)
    page = text(client.get("/en/rankings/reply/"))
    assert f'href="{draft_url(reply.cycle, reply.municipalities[0])}"' in page
    assert "city reply" in page
    client.force_login(reply.reviewer)
    page = text(client.get("/en/rankings/reply/"))
    assert "1 reply waits for a decision" in page
    assert 'href="/en/rankings/reply/disputes/"' in page


def test_the_coalition_chooses_the_city_whose_draft_to_see(client, reply, people):
    client.force_login(reply.coordinator)
    page = text(client.get(f"/en/rankings/reply/{reply.cycle.pk}/"))
    for municipality in reply.municipalities:
        assert f'href="{draft_url(reply.cycle, municipality)}"' in page
    client.force_login(people["citizen"])
    assert client.get(f"/en/rankings/reply/{reply.cycle.pk}/").status_code == 404


def test_the_coalition_sees_the_draft_but_is_not_offered_a_reply(client, reply):
    client.force_login(reply.coordinator)
    page = text(client.get(draft_url(reply.cycle, reply.municipalities[0])))
    assert "Dispute the answer on" not in page
    assert "Only they may reply" in page
    assert client.get(dispute_url(answer_of(reply, "1.3"))).status_code == 404


# --- The dispute form -------------------------------------------------------------------------


def test_the_dispute_form_offers_the_scales_levels_as_a_radio_group(client, reply):
    client.force_login(reply.official)
    response = client.get(dispute_url(answer_of(reply, "1.3")))
    assert response.status_code == 200
    page = text(response)
    assert "<fieldset" in page and "<legend>The level you propose</legend>" in page
    assert page.count('type="radio" name="proposed_level"') == 2
    assert "no (points: 0), the level given now" in page
    assert 'enctype="multipart/form-data"' in page


def test_an_official_sends_a_reply_and_sees_it_waiting(client, reply):
    client.force_login(reply.official)
    answer = answer_of(reply, "1.3")
    response = client.post(
        dispute_url(answer),
        {
            "proposed_level": "1",
            "explanation": "The register is online.",
            "evidence_urls": "https://alba.example.org/register\n\nhttps://alba.example.org/2024\n",
            "evidence_file": SimpleUploadedFile("register.pdf", PDF, "application/pdf"),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == draft_url(reply.cycle, reply.municipalities[0])
    dispute = Dispute.objects.get()
    assert (dispute.answer, dispute.proposed_level.code, dispute.state) == (answer, "1", "open")
    assert dispute.evidence_urls == [
        "https://alba.example.org/register",
        "https://alba.example.org/2024",
    ]
    assert dispute.author == reply.official and dispute.evidence_file
    page = text(response)
    assert "Your reply to indicator 1.3 has been sent" in page
    assert "is waiting for a decision" in page
    assert page.count("Dispute the answer on") == 2  # 1.1 and 1.2, no longer 1.3
    assert "The register is online." in page
    # A second reply to the same answer waits for the first to be decided.
    response = client.get(dispute_url(answer), follow=True)
    assert "waiting for a decision; you can reply again once it is decided" in text(response)


def test_errors_show_at_their_fields_and_what_was_typed_is_kept(client, reply):
    client.force_login(reply.official)
    answer = answer_of(reply, "1.3")
    response = client.post(
        dispute_url(answer),
        {"proposed_level": "1", "explanation": "  ", "evidence_urls": "not a link\n"},
    )
    assert response.status_code == 400
    page = text(response)
    assert 'role="alert"' in page and "Your reply was not sent" in page
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*>', page)
    assert 'aria-describedby="id_explanation_helptext id_explanation_error"' in page
    assert 'id="id_explanation_error"' in page and "Explain why the answer should change." in page
    assert ">\nnot a link\n</textarea>" in page
    assert re.search(r'value="1" id="id_proposed_level_0"[^>]* checked', page)
    # The same level the answer already has, and a link that is not one.
    response = client.post(
        dispute_url(answer),
        {"proposed_level": "0", "explanation": "Typed reasons", "evidence_urls": "ftp://x"},
    )
    page = text(response)
    assert 'id="id_proposed_level_error"' in page and "already has this level" in page
    assert 'aria-describedby="id_proposed_level_error"' in page
    assert "Typed reasons</textarea>" in page
    response = client.post(dispute_url(answer), {"explanation": "Reasons"})
    assert "Choose the level you propose." in text(response)
    response = client.post(
        dispute_url(answer),
        {
            "proposed_level": "1",
            "explanation": "Reasons",
            "evidence_urls": "https://alba.example.org/list",
            "evidence_file": SimpleUploadedFile("list.pdf", b"plain text", "application/pdf"),
        },
    )
    page = text(response)
    assert 'id="id_evidence_file_error"' in page and "is not a PDF, PNG or JPEG file" in page
    assert "https://alba.example.org/list</textarea>" in page
    assert not Dispute.objects.exists()


def test_replies_outside_the_reply_phase_are_refused_with_a_message(client, reply):
    move_to(reply.cycle, "publication")
    client.force_login(reply.official)
    answer = answer_of(reply, "1.3")
    for response in (
        client.get(dispute_url(answer), follow=True),
        client.post(dispute_url(answer), {"proposed_level": "1", "explanation": "x"}, follow=True),
    ):
        page = text(response)
        assert "Replies are sent in the city reply phase" in page
        assert "this cycle is in the publication phase" in page
        assert "Dispute the answer on" not in page
        assert "Replies are no longer sent" in page
    assert not Dispute.objects.exists()


def test_the_uploaded_file_of_a_reply_is_for_the_city_and_those_who_decide(client, reply, people):
    dispute = open_dispute(
        reply, evidence_file=SimpleUploadedFile("proof.pdf", PDF, "application/pdf")
    )
    url = f"/en/rankings/reply/disputes/{dispute.pk}/file/"
    for role, status in (("official", 200), ("reviewer", 200), ("coordinator", 200)):
        client.force_login(people[role])
        response = client.get(url)
        assert response.status_code == status
        assert b"".join(response.streaming_content) == PDF
        assert "attachment" in response["Content-Disposition"]
    for role in ("other_official", "citizen", "assessor", "other_reviewer"):
        client.force_login(people[role])
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


# --- Deciding on replies ----------------------------------------------------------------------

QUEUE_ACCESS = {
    "official": 403,
    "citizen": 403,
    "assessor": 403,
    "methodology_manager": 403,
    "reviewer": 200,
    "other_reviewer": 200,
    "coordinator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", sorted(QUEUE_ACCESS))
def test_the_queue_is_for_reviewers_and_coordinators(client, reply, people, role):
    dispute = open_dispute(reply)
    client.force_login(people[role])
    response = client.get("/en/rankings/reply/disputes/")
    assert response.status_code == QUEUE_ACCESS[role]
    response = client.post(
        f"/en/rankings/reply/disputes/{dispute.pk}/accept/", {f"accept-{dispute.pk}-reason": ""}
    )
    assert response.status_code in {403, 404, 302}
    if QUEUE_ACCESS[role] == 403:
        assert response.status_code == 403
    dispute.refresh_from_db()
    if role not in {"reviewer", "coordinator", "admin"}:
        assert dispute.state == DisputeState.OPEN


def test_a_reviewer_sees_the_replies_of_the_cities_they_review_only(client, reply, people):
    dispute = open_dispute(reply)
    client.force_login(people["other_reviewer"])
    page = text(client.get("/en/rankings/reply/disputes/"))
    assert "No reply waits for your decision." in page
    assert client.get(f"/en/rankings/reply/disputes/{dispute.pk}/").status_code == 404
    client.force_login(reply.reviewer)
    page = text(client.get("/en/rankings/reply/disputes/"))
    assert "Alba Iulia: 1.3 Indicator 3" in page
    assert "The register of decisions is published at the link below." in page
    assert "Alba Iulia City Hall" in page
    assert 'href="https://alba-iulia.example.org/decisions"' in page
    assert f'action="/en/rankings/reply/disputes/{dispute.pk}/accept/"' in page
    assert f'action="/en/rankings/reply/disputes/{dispute.pk}/reject/"' in page


def test_accepting_a_reply_changes_the_answer_with_history(client, reply):
    dispute = open_dispute(reply)
    client.force_login(reply.reviewer)
    response = client.post(
        f"/en/rankings/reply/disputes/{dispute.pk}/accept/",
        {f"accept-{dispute.pk}-reason": "The register proves it."},
        follow=True,
    )
    assert "Reply accepted: indicator 1.3 of Alba Iulia now has the level “yes”." in text(response)
    answer = answer_of(reply, "1.3")
    assert answer.level.code == "1"
    last = answer.history.order_by("history_date").last()
    assert (last.level.code, last.history_change_reason) == ("1", "dispute accepted")
    assert last.history_user == reply.reviewer
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.ACCEPTED
    assert dispute.resolution_reason == "The register proves it."
    page = text(response)
    assert "No reply waits for your decision." in page
    assert "The register proves it." in page  # in the table of decided replies
    # The official sees the decision, and the draft total follows it: 3 of 3.
    client.force_login(reply.official)
    page = text(client.get(draft_url(reply.cycle, reply.municipalities[0])))
    assert "100.0 of 100" in page
    assert ">accepted<" in page and "The register proves it." in page
    assert page.count("Dispute the answer on") == 3


def test_a_rejection_needs_a_reason(client, reply):
    dispute = open_dispute(reply)
    client.force_login(reply.coordinator)
    url = f"/en/rankings/reply/disputes/{dispute.pk}/reject/"
    response = client.post(url, {f"reject-{dispute.pk}-reason": "  "})
    assert response.status_code == 400
    page = text(response)
    field = f"id_reject-{dispute.pk}-reason"
    assert f'id="{field}_error"' in page and "Say why the reply is rejected." in page
    assert f'aria-describedby="{field}_helptext {field}_error"' in page
    assert 'role="alert"' in page
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.OPEN
    response = client.post(url, {f"reject-{dispute.pk}-reason": "The page is empty."}, follow=True)
    assert "Reply rejected: indicator 1.3 of Alba Iulia keeps its level." in text(response)
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.REJECTED and dispute.resolved_by == reply.coordinator
    assert answer_of(reply, "1.3").level.code == "0"
    client.force_login(reply.official)
    page = text(client.get(draft_url(reply.cycle, reply.municipalities[0])))
    assert ">rejected<" in page and "The page is empty." in page


def test_whoever_scored_the_answer_is_not_offered_the_decision(client, reply):
    # The coordinator's accepted decision makes them the last to have scored the answer.
    first = open_dispute(reply)
    services.dispute_accept(actor=reply.coordinator, dispute=first, reason="Right")
    second = open_dispute(reply, level="0", explanation="We were wrong after all.")
    client.force_login(reply.coordinator)
    page = text(client.get("/en/rankings/reply/disputes/"))
    assert "You scored this answer" in page
    assert f'action="/en/rankings/reply/disputes/{second.pk}/accept/"' not in page
    response = client.post(
        f"/en/rankings/reply/disputes/{second.pk}/accept/",
        {f"accept-{second.pk}-reason": ""},
        follow=True,
    )
    assert "Nobody decides on a reply to their own scoring." in text(response)
    second.refresh_from_db()
    assert second.state == DisputeState.OPEN
    # The assigned reviewer did not score it, and may decide.
    client.force_login(reply.reviewer)
    page = text(client.get("/en/rankings/reply/disputes/"))
    assert f'action="/en/rankings/reply/disputes/{second.pk}/accept/"' in page


def test_decisions_outside_their_phase_are_refused_with_a_message(client, reply):
    dispute = open_dispute(reply)
    move_to(reply.cycle, "review")
    client.force_login(reply.reviewer)
    page = text(client.get("/en/rankings/reply/disputes/"))
    assert "this cycle is in the review phase" in page
    assert f'action="/en/rankings/reply/disputes/{dispute.pk}/accept/"' not in page
    response = client.post(
        f"/en/rankings/reply/disputes/{dispute.pk}/accept/",
        {f"accept-{dispute.pk}-reason": ""},
        follow=True,
    )
    assert "This cannot be done in the review phase." in text(response)
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.OPEN


def test_decision_pages_answer_get_only_where_they_should(client, reply):
    dispute = open_dispute(reply)
    client.force_login(reply.reviewer)
    assert client.get(f"/en/rankings/reply/disputes/{dispute.pk}/accept/").status_code == 405
    page = text(client.get(f"/en/rankings/reply/disputes/{dispute.pk}/"))
    assert "Reply of Alba Iulia on 1.3" in page
    assert f'action="/en/rankings/reply/disputes/{dispute.pk}/reject/"' in page


def test_text_from_the_city_and_the_assessor_is_escaped(client, reply):
    script = "<script>alert(1)</script>"
    Answer.objects.filter(pk=answer_of(reply, "1.1").pk).update(comment=script)
    open_dispute(reply, explanation=script)
    client.force_login(reply.official)
    page = text(client.get(draft_url(reply.cycle, reply.municipalities[0])))
    assert script not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    client.force_login(reply.reviewer)
    page = text(client.get("/en/rankings/reply/disputes/"))
    assert script not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- Query counts -----------------------------------------------------------------------------


def bigger_cycle(make_person, city_hall, indicator_count: int):  # type: ignore[no-untyped-def]
    """A cycle in its reply phase on a methodology of two areas and `indicator_count` binary
    indicators, every answer approved, for the city of `city_hall`."""
    manager = make_person("methodology_manager")
    methodology = services.methodology_create(
        actor=manager, name=f"Open Cities {indicator_count}", edition=2025
    )
    binary = methodology.scales.get(kind=ScaleKind.BINARY)
    areas = []
    for number in (1, 2):
        area = Area(methodology=methodology, code=str(number), title_en=f"Area {number}")
        services.methodology_part_save(actor=manager, part=area)
        areas.append(area)
    for number in range(indicator_count):
        services.methodology_part_save(
            actor=manager,
            part=Indicator(
                methodology=methodology, area=areas[number % 2],
                code=f"{number % 2 + 1}.{number}", title_en=f"Question {number}",
                check_method=CheckMethod.WEBSITE, requirement_type=RequirementType.LEGAL,
                scale=binary, order=number,
            ),
        )  # fmt: skip
    services.methodology_part_save(
        actor=manager,
        part=CategoryThreshold(methodology=methodology, code="all", label_en="all", minimum=0),
    )
    coordinator, assessor = make_person("coordinator"), make_person("assessor")
    reviewer = make_person("reviewer")
    municipality = city_hall.municipality
    cycle = services.cycle_open(
        actor=coordinator, methodology=methodology, year=2025, name="Open Cities",
        municipalities=[municipality], **dates(offset_days=40),
    )  # fmt: skip
    services.assignment_bulk(
        actor=coordinator, cycle=cycle, municipalities=[municipality],
        assessor=assessor, reviewer=reviewer,
    )  # fmt: skip
    answers = []
    for number, indicator in enumerate(methodology.indicators.order_by("order")):
        answer = services.answer_save(
            actor=assessor, cycle=cycle, municipality=municipality, indicator=indicator,
            level_code=str(number % 2), expected_revision=0,
            evidence_urls=[f"https://example.org/{number}"], comment="Checked",
        )  # fmt: skip
        services.answer_submit(actor=assessor, answer=answer)
        answers.append(services.answer_approve(actor=reviewer, answer=answer))
    move_to(cycle, "city_reply")
    return cycle, answers, reviewer


def other_level(answer: Answer) -> str:
    return "0" if answer.level.code == "1" else "1"


def test_the_draft_page_makes_the_same_queries_however_many_indicators(
    client, reply, make_person, city_hall, django_assert_num_queries
):
    open_dispute(reply)
    client.force_login(reply.official)
    url = draft_url(reply.cycle, reply.municipalities[0])
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200
    cycle, answers, _reviewer = bigger_cycle(make_person, city_hall, 12)
    for answer in answers[:4]:
        services.dispute_create(
            actor=reply.official, answer=answer, proposed_level_code=other_level(answer),
            explanation="Look again", evidence_urls=["https://example.org/again"],
        )  # fmt: skip
    url = draft_url(cycle, city_hall.municipality)
    with django_assert_num_queries(15):
        page = text(client.get(url))
    assert page.count("<article") == 12 + 4
    client.force_login(reply.coordinator)
    with django_assert_num_queries(17):
        assert client.get(url).status_code == 200


def test_the_queue_makes_the_same_queries_however_many_replies(
    client, reply, make_person, city_hall, django_assert_num_queries
):
    first = open_dispute(reply)
    services.dispute_reject(actor=reply.reviewer, dispute=first, reason="No")
    open_dispute(reply, code="1.1", level="0")
    client.force_login(reply.coordinator)
    with django_assert_num_queries(10):
        assert client.get("/en/rankings/reply/disputes/").status_code == 200
    cycle, answers, _reviewer = bigger_cycle(make_person, city_hall, 12)
    for answer in answers:
        services.dispute_create(
            actor=reply.official, answer=answer, proposed_level_code=other_level(answer),
            explanation="Look again",
        )  # fmt: skip
    for dispute in Dispute.objects.filter(answer__cycle=cycle)[:5]:
        services.dispute_reject(actor=reply.coordinator, dispute=dispute, reason="No")
    with django_assert_num_queries(10):
        page = text(client.get("/en/rankings/reply/disputes/"))
    assert page.count("<article") == 1 + 7


def test_the_reply_page_makes_the_same_queries_however_many_cycles(
    client, reply, make_person, city_hall, django_assert_num_queries
):
    client.force_login(reply.official)
    with django_assert_num_queries(9):
        assert client.get("/en/rankings/reply/").status_code == 200
    bigger_cycle(make_person, city_hall, 3)
    bigger_cycle(make_person, city_hall, 4)
    with django_assert_num_queries(9):
        page = text(client.get("/en/rankings/reply/"))
    assert page.count("<tr>") == 1 + 3
