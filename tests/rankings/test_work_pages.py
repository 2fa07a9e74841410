"""The coalition's working pages: "my work", the municipality sheet, the answer form with its
conflict flow and history, the review queue, the coordinator's dashboard, assignment,
disqualification, publication, corrections and opening a cycle.

Every page is tested per role, with its refusals shown, typed values kept on errors, escaping, and
a pinned query count that stays the same with more municipalities, indicators and history.
"""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from opencity.accounts.models import Role
from opencity.rankings import services
from opencity.rankings.models import (
    Answer,
    AnswerState,
    ArchiveStatus,
    Area,
    Assignment,
    CheckMethod,
    Cycle,
    EvidenceArchive,
    Indicator,
    Publication,
    RequirementType,
    ScaleKind,
)
from tests.factories import MembershipFactory, MunicipalityFactory, RegionFactory
from tests.rankings.conftest import PHASE_OFFSETS, move_to
from tests.rankings.test_cycles import dates

pytestmark = pytest.mark.django_db

WORK = "/en/rankings/work/"
REVIEW = "/en/rankings/work/review/"
NEW_CYCLE = "/en/rankings/work/cycles/new/"

# Queries per page, whatever the number of rows: the session, the user and the two-factor check
# of the middleware come first, then the page's own reads.
MY_WORK_QUERIES = 9
MY_WORK_COORDINATOR_QUERIES = 9
SHEET_QUERIES = 7
ANSWER_QUERIES = 9
QUEUE_QUERIES = 6
DASHBOARD_QUERIES = 20
ASSIGN_QUERIES = 11
CORRECT_QUERIES = 14
NEW_CYCLE_QUERIES = 9


# Data -----------------------------------------------------------------------------------------


@pytest.fixture
def team(make_person):  # type: ignore[no-untyped-def]
    return SimpleNamespace(
        coordinator=make_person("coordinator"),
        assessor=make_person("assessor"),
        other_assessor=make_person("assessor"),
        reviewer=make_person("reviewer"),
        other_reviewer=make_person("reviewer"),
        official=make_person("city_official"),
        citizen=make_person("citizen"),
        manager=make_person("methodology_manager"),
        admin=make_person("admin"),
    )


def open_cycle(team, methodology, municipalities, *, name="Transparent Cities"):  # type: ignore[no-untyped-def]
    cycle = services.cycle_open(
        actor=team.coordinator, methodology=methodology, year=2024, name=name,
        municipalities=municipalities, **dates(offset_days=PHASE_OFFSETS["assessment"]),
    )  # fmt: skip
    services.assignment_bulk(
        actor=team.coordinator, cycle=cycle, municipalities=municipalities,
        assessor=team.assessor, reviewer=team.reviewer,
    )  # fmt: skip
    return cycle


def save(actor, cycle, municipality, indicator, level="1", **extra):  # type: ignore[no-untyped-def]
    current = Answer.objects.filter(
        cycle=cycle, municipality=municipality, indicator=indicator
    ).first()
    return services.answer_save(
        actor=actor, cycle=cycle, municipality=municipality, indicator=indicator,
        level_code=level, expected_revision=current.revision if current else 0, **extra,
    )  # fmt: skip


@pytest.fixture
def work(team, methodology, city_hall):  # type: ignore[no-untyped-def]
    """A cycle in the assessment phase: Alba Iulia has 1.1 submitted, 1.2 returned and 1.3 not
    started; Brasov has 1.1 in progress."""
    alba = city_hall.municipality
    brasov = MunicipalityFactory(name_en="Brasov")
    cycle = open_cycle(team, methodology, [alba, brasov])
    one, two, three = methodology.indicators.order_by("order")
    submitted = save(
        team.assessor,
        cycle,
        alba,
        one,
        "1",
        evidence_urls=["https://alba.example.org/budget"],
        comment="Budget published",
    )
    services.answer_submit(actor=team.assessor, answer=submitted)
    returned = save(team.assessor, cycle, alba, two, "0", comment="Not found")
    services.answer_submit(actor=team.assessor, answer=returned)
    services.answer_return(actor=team.reviewer, answer=returned, reason="The link is broken")
    save(team.assessor, cycle, brasov, one, "1", comment="Brasov in progress")
    return SimpleNamespace(
        cycle=cycle, alba=alba, brasov=brasov, indicators=[one, two, three], **vars(team)
    )


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def sheet_url(cycle, municipality) -> str:  # type: ignore[no-untyped-def]
    return f"{WORK}{cycle.pk}/{municipality.pk}/"


def answer_url(cycle, municipality, indicator) -> str:  # type: ignore[no-untyped-def]
    return f"{WORK}{cycle.pk}/{municipality.pk}/{indicator.pk}/"


def dashboard_url(cycle) -> str:  # type: ignore[no-untyped-def]
    return f"{WORK}cycles/{cycle.pk}/"


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text with tags dropped and white space collapsed, as a reader sees it."""
    body = response.content.decode()
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", body)


# "My work" ------------------------------------------------------------------------------------


def test_my_work_shows_the_assessors_progress_phase_and_deadline(work):
    response = client_for(work.assessor).get(WORK)
    assert response.status_code == 200
    page = text(response)
    assert "Transparent Cities 2024" in page
    assert "Alba Iulia" in page and "Brasov" in page
    assert "2 of 3 answered, 1 submitted, 1 returned, 0 approved" in page
    assert "1 of 3 answered, 0 submitted, 0 returned, 0 approved" in page
    review_start = work.cycle.review_start
    assert "Phase: assessment, until the review phase starts on" in page
    assert f"{review_start.day}" in page


def test_my_work_lists_what_waits_for_the_reviewer_and_the_coordinators_cycles(work):
    page = text(client_for(work.reviewer).get(WORK))
    assert "1 answer waits for your review" in page
    assert re.search(r"Alba Iulia\s*: 1 submitted answer", page)
    assert "Brasov" not in page  # nothing of Brasov is submitted
    coordinator_page = client_for(work.coordinator).get(WORK).content.decode()
    assert f'href="{dashboard_url(work.cycle)}"' in coordinator_page
    assert f'href="{NEW_CYCLE}"' in coordinator_page


@pytest.mark.parametrize(
    ("role", "status"),
    [("citizen", 403), ("official", 403), ("manager", 403), ("visitor", 302)],
)
def test_my_work_is_only_for_the_coalitions_team(work, role, status):
    response = client_for(getattr(work, role, None)).get(WORK)
    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]


def test_my_work_makes_the_same_number_of_queries_however_many_assignments(
    work, team, methodology, django_assert_num_queries
):
    client = client_for(work.assessor)
    with django_assert_num_queries(MY_WORK_QUERIES):
        client.get(WORK)
    more = MunicipalityFactory.create_batch(8)
    second = open_cycle(team, methodology, more, name="Second round")
    save(team.assessor, second, more[0], work.indicators[0])
    with django_assert_num_queries(MY_WORK_QUERIES):
        page = text(client.get(WORK))
    assert "Second round 2024" in page and more[7].name in page
    coordinator = client_for(work.coordinator)
    with django_assert_num_queries(MY_WORK_COORDINATOR_QUERIES):
        coordinator.get(WORK)
    Cycle.objects.filter(pk=second.pk).update(name="Renamed")
    open_cycle(team, methodology, more[:2], name="Third round")
    with django_assert_num_queries(MY_WORK_COORDINATOR_QUERIES):
        page = text(coordinator.get(WORK))
    assert "Third round 2024" in page


# The municipality sheet -----------------------------------------------------------------------


def test_sheet_groups_indicators_by_area_with_states_levels_and_the_return_reason(work):
    response = client_for(work.assessor).get(sheet_url(work.cycle, work.alba))
    assert response.status_code == 200
    body = response.content.decode()
    page = text(response)
    assert "1. Openness" in page
    assert "Indicator 1 submitted yes" in page
    assert "Indicator 2 Returned: The link is broken returned no" in page
    assert "Indicator 3 not started no level yet" in page
    assert 'class="work-row-returned"' in body
    assert "2 of 3 answered, 1 submitted, 1 returned, 0 approved" in page
    assert "Submit 1 answered indicator" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("assessor", 200),
        ("reviewer", 200),
        ("coordinator", 200),
        ("admin", 200),
        ("other_assessor", 404),
        ("other_reviewer", 404),
        ("official", 404),
        ("citizen", 404),
        ("manager", 404),
        ("visitor", 302),
    ],
)
def test_sheet_and_answer_pages_are_for_the_assigned_people_and_coordinators(work, role, status):
    client = client_for(getattr(work, role, None))
    assert client.get(sheet_url(work.cycle, work.alba)).status_code == status
    assert client.get(answer_url(work.cycle, work.alba, work.indicators[0])).status_code == status


def test_sheet_of_a_municipality_outside_the_cycle_or_an_unknown_indicator_is_404(work):
    client = client_for(work.coordinator)
    outsider = MunicipalityFactory()
    assert client.get(sheet_url(work.cycle, outsider)).status_code == 404
    edition = services.methodology_clone(
        actor=work.manager, methodology=work.cycle.methodology, edition=2025
    )
    other = edition.indicators.first()
    assert client.get(answer_url(work.cycle, work.alba, other)).status_code == 404


def test_submit_all_answered_submits_answers_in_progress_or_returned_with_a_level(work):
    three = work.indicators[2]
    save(work.assessor, work.cycle, work.alba, three, None, comment="Still looking")
    client = client_for(work.assessor)
    response = client.post(sheet_url(work.cycle, work.alba), {"action": "submit_all"}, follow=True)
    assert "1 answer was submitted for review." in text(response)
    states = dict(
        Answer.objects.filter(cycle=work.cycle, municipality=work.alba).values_list(
            "indicator__code", "state"
        )
    )
    assert states == {"1.1": "submitted", "1.2": "submitted", "1.3": "in_progress"}
    again = client.post(sheet_url(work.cycle, work.alba), {"action": "submit_all"}, follow=True)
    assert "No answer was ready to submit." in text(again)


def test_submit_all_is_refused_to_others_and_outside_its_phases(work):
    url = sheet_url(work.cycle, work.alba)
    assert client_for(work.reviewer).post(url, {"action": "submit_all"}).status_code == 403
    assert client_for(work.other_assessor).post(url, {"action": "submit_all"}).status_code == 404
    move_to(work.cycle, "city_reply")
    response = client_for(work.assessor).post(url, {"action": "submit_all"}, follow=True)
    assert "This cannot be done in the city reply phase." in text(response)
    assert Answer.objects.get(indicator=work.indicators[1], municipality=work.alba).state == (
        AnswerState.RETURNED
    )


def test_sheet_makes_the_same_number_of_queries_however_many_indicators(
    work, team, manager, django_assert_num_queries
):
    client = client_for(work.assessor)
    with django_assert_num_queries(SHEET_QUERIES):
        client.get(sheet_url(work.cycle, work.alba))
    bigger = services.methodology_clone(
        actor=manager, methodology=work.cycle.methodology, edition=2025
    )
    area = Area(methodology=bigger, code="2", title_en="Participation", order=2)
    services.methodology_part_save(actor=manager, part=area)
    binary = bigger.scales.get(kind=ScaleKind.BINARY)
    for number in range(1, 11):
        services.methodology_part_save(
            actor=manager,
            part=Indicator(
                methodology=bigger, area=area, code=f"2.{number}", title_en=f"Extra {number}",
                check_method=CheckMethod.WEBSITE, requirement_type=RequirementType.LEGAL,
                scale=binary, order=10 + number,
            ),
        )  # fmt: skip
    municipality = MunicipalityFactory()
    cycle = open_cycle(team, bigger, [municipality], name="Bigger")
    for indicator in bigger.indicators.all()[:8]:
        save(team.assessor, cycle, municipality, indicator)
    with django_assert_num_queries(SHEET_QUERIES):
        page = text(client.get(sheet_url(cycle, municipality)))
    assert "2. Participation" in page and "Extra 10" in page
    assert "8 of 13 answered" in page


# The answer form ------------------------------------------------------------------------------


def test_answer_form_shows_title_guidance_levels_as_a_radio_group_and_the_revision(work):
    Indicator.objects.filter(pk=work.indicators[2].pk).update(guidance_en="Look at the budget page")
    response = client_for(work.assessor).get(answer_url(work.cycle, work.alba, work.indicators[2]))
    body = response.content.decode()
    assert "<h1>1.3 Indicator 3</h1>" in body
    assert "Look at the budget page" in body
    assert re.search(r"<fieldset[^>]*>\s*<legend>Level", body)
    assert 'type="radio" name="level" value="1"' in body
    assert "yes (points: 1)" in body
    assert re.search(r'<input type="hidden" name="revision" value="0"', body)
    assert 'name="evidence_urls"' in body and 'name="evidence_file"' in body
    assert 'enctype="multipart/form-data"' in body
    assert "csrfmiddlewaretoken" in body


def test_saving_the_answer_form_saves_through_the_service_with_history(work):
    three = work.indicators[2]
    url = answer_url(work.cycle, work.alba, three)
    client = client_for(work.assessor)
    response = client.post(
        url,
        {
            "action": "save",
            "revision": "0",
            "level": "1",
            "evidence_urls": "https://alba.example.org/a\n\n https://alba.example.org/b ",
            "comment": "Found it",
            "recommendation": "Keep it up",
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    answer = Answer.objects.get(cycle=work.cycle, municipality=work.alba, indicator=three)
    assert answer.level.code == "1" and answer.state == AnswerState.IN_PROGRESS
    assert answer.evidence_urls == ["https://alba.example.org/a", "https://alba.example.org/b"]
    assert (answer.comment, answer.recommendation, answer.revision) == ("Found it", "Keep it up", 1)
    page = client.get(url)
    assert "The answer was saved." in text(page)
    assert 'name="revision" value="1"' in page.content.decode()


def _form_values(body: str) -> dict[str, str]:
    """The values of the text areas and of the hidden revision in a page, as a browser sends."""
    pattern = r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>'
    values = dict(re.findall(pattern, body, re.S))
    revision = re.search(r'name="revision" value="(\d+)"', body)
    if revision:
        values["revision"] = revision.group(1)
    return values


def test_a_concurrent_save_shows_the_conflict_keeps_what_was_typed_and_can_overwrite(work):
    three = work.indicators[2]
    url = answer_url(work.cycle, work.alba, three)
    first, second = client_for(work.assessor), client_for(work.assessor)
    # Both open the form on revision 0.
    assert 'name="revision" value="0"' in first.get(url).content.decode()
    assert 'name="revision" value="0"' in second.get(url).content.decode()
    saved = first.post(
        url, {"action": "save", "revision": "0", "level": "1", "comment": "First version"}
    )
    assert saved.status_code == 302
    typed = {
        "action": "save",
        "revision": "0",
        "level": "0",
        "evidence_urls": "https://alba.example.org/mine",
        "comment": "My <careful> second opinion",
        "recommendation": "Publish the annex",
    }
    response = second.post(url, typed)
    assert response.status_code == 200
    body = response.content.decode()
    alert = re.search(r'<div class="work-notice work-conflict" role="alert".*?</div>', body, re.S)
    assert alert, "the conflict is announced with role=alert"
    assert "Someone else saved this answer while you were editing it" in alert.group(0)
    assert "First version" in alert.group(0) and "yes" in alert.group(0)
    # Nothing typed is lost, and the revision moved on to the saved one.
    values = _form_values(body)
    assert values["comment"] == "My &lt;careful&gt; second opinion"
    assert values["recommendation"] == "Publish the annex"
    assert values["evidence_urls"] == "https://alba.example.org/mine"
    assert values["revision"] == "1"
    assert re.search(r'type="radio" name="level" value="0"[^>]*checked', body)
    answer = Answer.objects.get(cycle=work.cycle, municipality=work.alba, indicator=three)
    assert (answer.comment, answer.revision) == ("First version", 1)
    # Saving again, on the revision the page now carries, overwrites deliberately.
    again = second.post(url, {**typed, "revision": values["revision"]})
    assert again.status_code == 302
    answer.refresh_from_db()
    assert (answer.comment, answer.level.code, answer.revision) == (
        "My <careful> second opinion",
        "0",
        2,
    )


def test_a_refused_save_shows_errors_at_their_fields_and_keeps_the_typed_values(work):
    url = answer_url(work.cycle, work.alba, work.indicators[2])
    response = client_for(work.assessor).post(
        url,
        {
            "action": "save",
            "revision": "0",
            "level": "1",
            "evidence_urls": "https://alba.example.org/ok\nnot a link",
            "comment": "Typed comment",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    field = re.search(r'<textarea name="evidence_urls"[^>]*>', body).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_evidence_urls_helptext id_evidence_urls_error"' in field
    assert 'id="id_evidence_urls_error"' in body
    assert "“not a link” is not a web address." in body
    values = _form_values(body)
    assert values["comment"] == "Typed comment"
    assert values["evidence_urls"] == "https://alba.example.org/ok\nnot a link"
    assert not Answer.objects.filter(indicator=work.indicators[2]).exists()


def test_a_file_that_is_not_pdf_png_or_jpeg_is_refused_at_the_file_field(work):
    url = answer_url(work.cycle, work.alba, work.indicators[2])
    upload = SimpleUploadedFile("notes.pdf", b"just some text", content_type="application/pdf")
    response = client_for(work.assessor).post(
        url, {"action": "save", "revision": "0", "level": "1", "evidence_file": upload,
              "comment": "With a file"},
    )  # fmt: skip
    body = response.content.decode()
    error = re.search(r'<p class="error" id="id_evidence_file_error">(.*?)</p>', body, re.S)
    assert error and error.group(1).strip()
    assert re.search(r'<input type="file" name="evidence_file"[^>]*aria-invalid="true"', body)
    assert _form_values(body)["comment"] == "With a file"
    assert not Answer.objects.filter(indicator=work.indicators[2]).exists()


def test_a_pdf_is_saved_and_linked_from_the_answer_page(work, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = answer_url(work.cycle, work.alba, work.indicators[2])
    upload = SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    client = client_for(work.assessor)
    response = client.post(
        url, {"action": "save", "revision": "0", "level": "1", "evidence_file": upload}
    )
    assert response.status_code == 302
    answer = Answer.objects.get(indicator=work.indicators[2], municipality=work.alba)
    assert answer.evidence_file and answer.evidence_file_sha256
    assert f'href="/en/rankings/evidence/file/{answer.pk}/"' in client.get(url).content.decode()


def test_a_submitted_answer_is_read_only_and_a_forced_save_is_refused_keeping_the_text(work):
    url = answer_url(work.cycle, work.alba, work.indicators[0])
    client = client_for(work.assessor)
    body = client.get(url).content.decode()
    assert 'value="save"' not in body
    assert "The answer has been submitted; it can no longer be changed." in body
    assert "Budget published" in body
    response = client.post(
        url, {"action": "save", "revision": "2", "level": "0", "comment": "Changed my mind"}
    )
    body = response.content.decode()
    assert "The answer has been submitted; it can no longer be changed." in body
    assert _form_values(body)["comment"] == "Changed my mind"
    assert Answer.objects.get(indicator=work.indicators[0], municipality=work.alba).comment == (
        "Budget published"
    )


def test_outside_the_answering_phases_the_form_is_read_only_and_saving_is_refused(work):
    move_to(work.cycle, "city_reply")
    url = answer_url(work.cycle, work.alba, work.indicators[2])
    client = client_for(work.assessor)
    body = client.get(url).content.decode()
    assert 'value="save"' not in body
    assert "Answers cannot be changed in the city reply phase." in body
    response = client.post(
        url, {"action": "save", "revision": "0", "level": "1", "comment": "Late"}
    )
    body = response.content.decode()
    assert "This cannot be done in the city reply phase." in body
    assert _form_values(body)["comment"] == "Late"
    assert not Answer.objects.filter(indicator=work.indicators[2]).exists()


def test_the_assessor_submits_one_answer_from_its_page(work):
    one = work.indicators[0]
    url = answer_url(work.cycle, work.brasov, one)
    client = client_for(work.assessor)
    assert 'value="submit"' in client.get(url).content.decode()
    response = client.post(url, {"action": "submit"}, follow=True)
    assert "The answer was submitted for review." in text(response)
    assert Answer.objects.get(municipality=work.brasov, indicator=one).state == "submitted"
    assert 'value="submit"' not in response.content.decode()


def test_only_the_assigned_assessor_saves_and_submits(work):
    url = answer_url(work.cycle, work.alba, work.indicators[2])
    for person in (work.reviewer, work.coordinator):
        client = client_for(person)
        assert 'value="save"' not in client.get(url).content.decode()
        assert (
            client.post(url, {"action": "save", "revision": "0", "level": "1"}).status_code == 403
        )
    assert (
        client_for(work.other_assessor).post(url, {"action": "save", "revision": "0"}).status_code
        == 404
    )
    assert not Answer.objects.filter(indicator=work.indicators[2]).exists()


def test_the_reviewer_approves_or_returns_with_a_reason_and_sees_the_history(work):
    one = work.indicators[0]
    url = answer_url(work.cycle, work.alba, one)
    client = client_for(work.reviewer)
    body = client.get(url).content.decode()
    assert 'value="approve"' in body and 'value="return"' in body
    assert 'value="save"' not in body
    page = text(client.get(url))
    assert "History of the answer" in page
    assert "saved" in page and "submitted for review" in page
    response = client.post(url, {"action": "return", "reason": "  "})
    body = response.content.decode()
    assert 'id="id_reason_error"' in body
    assert "Say why the answer goes back to the assessor." in body
    assert Answer.objects.get(municipality=work.alba, indicator=one).state == "submitted"
    response = client.post(url, {"action": "return", "reason": "Add the 2024 budget"}, follow=True)
    assert "The answer was returned to the assessor." in text(response)
    answer = Answer.objects.get(municipality=work.alba, indicator=one)
    assert (answer.state, answer.return_reason) == ("returned", "Add the 2024 budget")
    services.answer_submit(actor=work.assessor, answer=answer)
    response = client.post(url, {"action": "approve"}, follow=True)
    assert "The answer was approved." in text(response)
    assert Answer.objects.get(municipality=work.alba, indicator=one).state == "approved"
    history = text(client.get(url))
    assert "returned to the assessor" in history and "Add the 2024 budget" in history
    assert "approved" in history


def test_nobody_is_offered_the_review_of_their_own_scoring(work):
    one = work.indicators[0]
    # As after the reviewer changed the answer themselves (e.g. accepting a city's reply).
    Answer.objects.filter(municipality=work.alba, indicator=one).update(updated_by=work.reviewer)
    url = answer_url(work.cycle, work.alba, one)
    client = client_for(work.reviewer)
    body = client.get(url).content.decode()
    assert 'value="approve"' not in body and 'value="return"' not in body
    assert "nobody reviews their own scoring" in body
    assert client.post(url, {"action": "approve"}).status_code == 403
    assert "1.1 Indicator 1" not in text(client.get(REVIEW))
    assert Answer.objects.get(municipality=work.alba, indicator=one).state == "submitted"
    # Nor is anyone who is not the assigned reviewer.
    assert client_for(work.coordinator).post(url, {"action": "approve"}).status_code == 403


def test_review_is_refused_with_a_message_outside_its_phases(work):
    move_to(work.cycle, "city_reply")
    url = answer_url(work.cycle, work.alba, work.indicators[0])
    client = client_for(work.reviewer)
    assert "Answers cannot be reviewed in the city reply phase." in text(client.get(url))
    response = client.post(url, {"action": "approve"}, follow=True)
    assert "This cannot be done in the city reply phase." in text(response)


def test_history_shows_who_when_level_before_and_after_and_the_reason(work):
    three = work.indicators[2]
    answer = save(work.assessor, work.cycle, work.alba, three, "1", comment="First")
    save(work.assessor, work.cycle, work.alba, three, "0", comment="Second look")
    answer.refresh_from_db()
    page = text(client_for(work.coordinator).get(answer_url(work.cycle, work.alba, three)))
    name = work.assessor.public_name
    assert re.search(rf"{name} saved in progress — → yes First", page)
    assert re.search(rf"{name} saved in progress yes → no Second look", page)


def test_evidence_links_show_their_archived_copy_failure_or_wait(work):
    three = work.indicators[2]
    answer = save(
        work.assessor, work.cycle, work.alba, three, "1",
        evidence_urls=["https://a.example.org/", "https://b.example.org/", "https://c.example.org/"],
    )  # fmt: skip
    archived = EvidenceArchive.objects.get(answer=answer, url="https://a.example.org/")
    EvidenceArchive.objects.filter(pk=archived.pk).update(
        status=ArchiveStatus.ARCHIVED,
        fetched_at=timezone.make_aware(datetime.datetime(2024, 3, 5, 10, 0)),
        sha256="ab" * 32,
        http_status=200,
    )
    EvidenceArchive.objects.filter(answer=answer, url="https://b.example.org/").update(
        status=ArchiveStatus.FAILED, error="HTTP 404"
    )
    response = client_for(work.reviewer).get(answer_url(work.cycle, work.alba, three))
    body = response.content.decode()
    page = text(response)
    assert f'href="/en/rankings/evidence/archive/{archived.pk}/"' in body
    assert "archived on March 5, 2024" in page
    assert "https://b.example.org/ : could not be archived: HTTP 404" in page
    assert "https://c.example.org/ : waiting to be archived" in page


def test_answer_page_makes_the_same_number_of_queries_however_long_its_history(
    work, django_assert_num_queries
):
    three = work.indicators[2]
    save(work.assessor, work.cycle, work.alba, three, "1", evidence_urls=["https://a.example.org/"])
    url = answer_url(work.cycle, work.alba, three)
    assessor, reviewer = client_for(work.assessor), client_for(work.reviewer)
    with django_assert_num_queries(ANSWER_QUERIES):
        assessor.get(url)
    with django_assert_num_queries(ANSWER_QUERIES):
        reviewer.get(url)
    for number in range(6):
        save(
            work.assessor, work.cycle, work.alba, three, str(number % 2),
            evidence_urls=[f"https://{n}.example.org/" for n in range(number + 2)],
        )  # fmt: skip
    with django_assert_num_queries(ANSWER_QUERIES):
        page = text(assessor.get(url))
    assert "https://6.example.org/" in page
    with django_assert_num_queries(ANSWER_QUERIES):
        reviewer.get(url)


# The review queue -----------------------------------------------------------------------------


def test_review_queue_groups_submitted_answers_oldest_group_first_and_paginates(
    work, team, settings
):
    settings.OPENCITY_PAGE_SIZE = 2
    one, two, three = work.indicators
    # Brasov's answers are submitted after Alba Iulia's: Alba Iulia's group waits longest.
    for indicator in (two, three):
        services.answer_submit(
            actor=work.assessor,
            answer=save(work.assessor, work.cycle, work.brasov, indicator, "1"),
        )
    Answer.objects.filter(municipality=work.brasov).update(
        updated_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    client = client_for(work.reviewer)
    first = text(client.get(REVIEW))
    assert "3 answers wait for your review." in first
    assert first.index("Alba Iulia: Transparent Cities 2024") < first.index(
        "Brasov: Transparent Cities 2024"
    )
    assert "1.1 Indicator 1" in first and "Page 1 of 2" in first
    second = text(client.get(REVIEW + "?page=2"))
    assert "Brasov: Transparent Cities 2024" in second and "1.3 Indicator 3" in second
    assert "Alba Iulia:" not in second
    assert "Nothing waits for your review." in text(client_for(work.other_reviewer).get(REVIEW))


@pytest.mark.parametrize(
    ("role", "status"), [("citizen", 403), ("official", 403), ("visitor", 302)]
)
def test_review_queue_is_only_for_the_coalitions_team(work, role, status):
    assert client_for(getattr(work, role, None)).get(REVIEW).status_code == status


def test_review_queue_makes_the_same_number_of_queries_however_long(
    work, team, methodology, django_assert_num_queries
):
    client = client_for(work.reviewer)
    with django_assert_num_queries(QUEUE_QUERIES):
        client.get(REVIEW)
    more = MunicipalityFactory.create_batch(6)
    cycle = open_cycle(team, methodology, more, name="Second round")
    for municipality in more:
        for indicator in work.indicators:
            answer = save(team.assessor, cycle, municipality, indicator)
            services.answer_submit(actor=team.assessor, answer=answer)
    with django_assert_num_queries(QUEUE_QUERIES):
        page = text(client.get(REVIEW))
    assert "19 answers wait for your review." in page


# The coordinator's dashboard ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("admin", 200),
        ("assessor", 403),
        ("reviewer", 403),
        ("official", 403),
        ("citizen", 403),
        ("manager", 403),
        ("visitor", 302),
    ],
)
def test_coordinator_pages_are_for_coordinators_and_admins(work, role, status):
    client = client_for(getattr(work, role, None))
    base = dashboard_url(work.cycle)
    for url in (
        base,
        base + "assign/",
        base + f"disqualify/{work.alba.pk}/",
        base + "correct/",
        NEW_CYCLE,
    ):
        assert client.get(url).status_code == status, url


def test_an_unknown_cycle_is_404_for_coordinators(work):
    client = client_for(work.coordinator)
    assert client.get(f"{WORK}cycles/999999/").status_code == 404
    assert client.get(f"{WORK}cycles/999999/assign/").status_code == 404


def test_dashboard_shows_phase_dates_progress_per_assessor_and_municipality_and_reviews(work):
    response = client_for(work.coordinator).get(dashboard_url(work.cycle))
    page = text(response)
    body = response.content.decode()
    assert "Transparent Cities 2024: the work" in page
    assert "assessment from" in page and "(current phase)" in page
    assert "Answers of the whole cycle, out of 6" in page
    assert re.search(r'<progress value="3" max="6" aria-labelledby="total-answered ta-\d+">', body)
    name = work.assessor.public_name
    assert re.search(rf"{name} \(\S+\) 2 3 of 6 1 of 6 1 of 6 0 of 6", page)
    assert re.search(r"Alba Iulia County \d+ .+ 2 of 3 1 of 3 1 of 3 0 of 3 —", page)
    assert re.search(r"Brasov County \d+ .+ 1 of 3 0 of 3 0 of 3 0 of 3 —", page)
    assert "1 submitted answer waits for review." in page
    assert f"{work.reviewer.public_name} ({work.reviewer.email}): 1 answer" in page
    assert "Nothing is overdue yet" in page


def test_dashboard_says_what_is_overdue_in_the_review_and_city_reply_phases(work):
    client = client_for(work.coordinator)
    move_to(work.cycle, "review")
    page = text(client.get(dashboard_url(work.cycle)))
    # Alba Iulia: 1.2 returned and 1.3 not started; Brasov: nothing submitted.
    assert "Not yet submitted: 5 answers in 2 municipalities." in page
    assert "Not yet approved" not in page
    assert re.search(r"Alba Iulia .+ 2 not submitted", page)
    overdue = text(client.get(dashboard_url(work.cycle) + "?overdue=on"))
    assert "2 municipalities" in overdue
    move_to(work.cycle, "city_reply")
    page = text(client.get(dashboard_url(work.cycle)))
    assert "Not yet submitted: 5 answers in 2 municipalities." in page
    assert "Not yet approved: 6 answers in 2 municipalities." in page
    assert re.search(r"Brasov .+ 3 not submitted 3 not approved", page)


def test_dashboard_filters_by_region(work):
    page = text(
        client_for(work.coordinator).get(
            dashboard_url(work.cycle) + f"?region={work.brasov.region_id}"
        )
    )
    assert "1 municipality" in page
    assert "Brasov County" in page and "Alba Iulia County" not in page


def test_dashboard_makes_the_same_number_of_queries_however_many_municipalities(
    work, team, django_assert_num_queries
):
    # In the city reply phase both kinds of overdue work are counted: the most queries.
    move_to(work.cycle, "city_reply")
    client = client_for(work.coordinator)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(dashboard_url(work.cycle))
    move_to(work.cycle, "assessment")
    region = RegionFactory()
    more = MunicipalityFactory.create_batch(10, region=region)
    Cycle.objects.get(pk=work.cycle.pk).municipalities.add(*more)
    Assignment.objects.bulk_create(Assignment(cycle=work.cycle, municipality=m) for m in more)
    services.assignment_bulk(
        actor=team.coordinator, cycle=work.cycle, municipalities=more[:5],
        assessor=team.other_assessor, reviewer=team.other_reviewer,
    )  # fmt: skip
    for municipality in more[:5]:
        for indicator in work.indicators:
            save(team.other_assessor, work.cycle, municipality, indicator)
    move_to(work.cycle, "city_reply")
    with django_assert_num_queries(DASHBOARD_QUERIES):
        page = text(client.get(dashboard_url(work.cycle)))
    assert "12 municipalities" in page
    assert "Not yet submitted: 35 answers in 12 municipalities." in page
    assert f"{team.other_assessor.public_name} ({team.other_assessor.email}) 5 15 of 15" in page
    assert "nobody assigned 5 0 of 15" in page


# Publication from the dashboard -----------------------------------------------------------------


def test_publishing_is_refused_with_its_reasons_and_then_succeeds(ranking):
    client = client_for(ranking.coordinator)
    url = dashboard_url(ranking.cycle)
    response = client.post(url, {"action": "publish"})
    assert "This cannot be done in the assessment phase." in text(response)
    move_to(ranking.cycle, "publication")
    Answer.objects.filter(pk=Answer.objects.filter(cycle=ranking.cycle).first().pk).update(
        state=AnswerState.SUBMITTED
    )
    response = client.post(url, {"action": "publish"})
    body = response.content.decode()
    assert re.search(r'class="work-errors" role="alert"', body)
    assert "The cycle cannot be published: 1 answer is not approved yet." in text(response)
    assert not Publication.objects.exists()
    Answer.objects.filter(cycle=ranking.cycle).update(state=AnswerState.APPROVED)
    response = client.post(url, {"action": "publish"}, follow=True)
    assert "Version 1 of the results is published." in text(response)
    assert Publication.objects.get(cycle=ranking.cycle).version == 1
    assert "Correct an answer and publish a new version" in text(response)


def test_only_coordinators_publish(ranking):
    move_to(ranking.cycle, "publication")
    for person in (ranking.assessor, ranking.reviewer, ranking.official):
        assert (
            client_for(person).post(dashboard_url(ranking.cycle), {"action": "publish"}).status_code
            == 403
        )
    assert not Publication.objects.exists()


# Assignment ------------------------------------------------------------------------------------


def test_assign_page_lists_the_cycles_municipalities_with_checkboxes_and_people(work):
    body = client_for(work.coordinator).get(dashboard_url(work.cycle) + "assign/").content.decode()
    assert re.search(
        rf'<input type="checkbox" name="municipalities" value="{work.alba.pk}" '
        rf'id="municipality-{work.alba.pk}">\s*<label for="municipality-{work.alba.pk}">Alba Iulia',
        body,
    )
    assert 'name="all_matching"' in body
    assessor_select = re.search(r'<select name="assessor".*?</select>', body, re.S).group(0)
    assert work.assessor.email in assessor_select and work.other_assessor.email in assessor_select
    assert work.reviewer.email not in assessor_select
    reviewer_select = re.search(r'<select name="reviewer".*?</select>', body, re.S).group(0)
    assert work.reviewer.email in reviewer_select and work.coordinator.email in reviewer_select
    assert work.assessor.email not in reviewer_select


def test_assigning_ticked_municipalities_or_every_one_matching_the_filter(work):
    url = dashboard_url(work.cycle) + "assign/"
    client = client_for(work.coordinator)
    response = client.post(
        url, {"municipalities": [work.brasov.pk], "assessor": work.other_assessor.pk}, follow=True
    )
    assert "1 municipality was assigned." in text(response)
    assert Assignment.objects.get(cycle=work.cycle, municipality=work.brasov).assessor == (
        work.other_assessor
    )
    assert (
        Assignment.objects.get(cycle=work.cycle, municipality=work.alba).assessor == work.assessor
    )
    region = work.alba.region_id
    response = client.post(
        f"{url}?region={region}",
        {"all_matching": "on", "region": region, "reviewer": work.other_reviewer.pk},
        follow=True,
    )
    assert "1 municipality was assigned." in text(response)
    reviewers = dict(
        Assignment.objects.filter(cycle=work.cycle).values_list("municipality__name", "reviewer")
    )
    assert reviewers == {"Alba Iulia": work.other_reviewer.pk, "Brasov": work.reviewer.pk}
    response = client.post(url, {"all_matching": "on", "reviewer": work.other_reviewer.pk})
    assert response.status_code == 302
    assert set(Assignment.objects.filter(cycle=work.cycle).values_list("reviewer", flat=True)) == {
        work.other_reviewer.pk
    }


def test_assignment_refusals_are_shown_and_nothing_changes(work, make_person):
    url = dashboard_url(work.cycle) + "assign/"
    client = client_for(work.coordinator)
    response = client.post(url, {"assessor": work.other_assessor.pk})
    body = response.content.decode()
    assert 'id="municipalities-error"' in body and "Choose at least one municipality." in body
    # Someone who is both assessor and reviewer may do either, never both for one municipality.
    both = make_person("assessor")
    organisation = work.assessor.memberships.first().organisation
    MembershipFactory(user=both, organisation=organisation, role=Role.REVIEWER)
    response = client.post(
        url, {"municipalities": [work.brasov.pk], "assessor": both.pk, "reviewer": both.pk}
    )
    assert "Nobody reviews their own scoring: Brasov." in text(response)
    assert re.search(r'class="work-errors" role="alert"', response.content.decode())
    assert Assignment.objects.get(cycle=work.cycle, municipality=work.brasov).assessor == (
        work.assessor
    )
    # The ticked municipality stays ticked.
    assert re.search(
        rf'value="{work.brasov.pk}" id="municipality-{work.brasov.pk}" checked',
        response.content.decode(),
    )
    move_to(work.cycle, "review")
    response = client.post(url, {"municipalities": [work.brasov.pk], "assessor": both.pk})
    assert "Work cannot be assigned in the review phase." in text(response)


def test_assign_page_makes_the_same_number_of_queries_however_many_municipalities(
    work, team, django_assert_num_queries
):
    client = client_for(work.coordinator)
    url = dashboard_url(work.cycle) + "assign/"
    with django_assert_num_queries(ASSIGN_QUERIES):
        client.get(url)
    more = MunicipalityFactory.create_batch(12)
    Cycle.objects.get(pk=work.cycle.pk).municipalities.add(*more)
    Assignment.objects.bulk_create(Assignment(cycle=work.cycle, municipality=m) for m in more)
    with django_assert_num_queries(ASSIGN_QUERIES):
        page = text(client.get(url))
    assert "14 municipalities match the filter" in page


# Disqualification ------------------------------------------------------------------------------


def test_disqualifying_needs_its_phase_and_an_empty_reason_lifts_it(work):
    url = dashboard_url(work.cycle) + f"disqualify/{work.alba.pk}/"
    client = client_for(work.coordinator)
    response = client.post(url, {"reason": "Falsified <evidence>"})
    assert "This cannot be done in the assessment phase." in text(response)
    assert "Falsified &lt;evidence&gt;" in response.content.decode()  # typed text kept, escaped
    move_to(work.cycle, "review")
    response = client.post(url, {"reason": "Falsified <evidence>"}, follow=True)
    assert "Alba Iulia is disqualified." in text(response)
    assignment = Assignment.objects.get(cycle=work.cycle, municipality=work.alba)
    assert assignment.disqualification_reason == "Falsified <evidence>"
    assert "Disqualified : Falsified &lt;evidence&gt;" in text(response)
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Alba Iulia is not disqualified." in text(response)
    assignment.refresh_from_db()
    assert assignment.disqualification_reason == ""


def test_a_municipality_outside_the_cycle_cannot_be_disqualified(work):
    url = dashboard_url(work.cycle) + f"disqualify/{MunicipalityFactory().pk}/"
    assert client_for(work.coordinator).get(url).status_code == 404


# Corrections and new versions ----------------------------------------------------------------


@pytest.fixture
def published(ranking):  # type: ignore[no-untyped-def]
    move_to(ranking.cycle, "publication")
    services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle)
    return ranking


def test_corrections_wait_for_the_first_publication(ranking):
    page = text(client_for(ranking.coordinator).get(dashboard_url(ranking.cycle) + "correct/"))
    assert "The results of this cycle are not published yet." in page
    assert "Nothing of this cycle has been published yet." in page


def test_correcting_an_answer_with_a_reason_then_publishing_a_new_version(published):
    cycle = published.cycle
    alba = published.municipalities[0]
    three = published.indicators[2]
    url = dashboard_url(cycle) + "correct/"
    client = client_for(published.coordinator)
    pick = f"{url}?municipality={alba.pk}&indicator={three.pk}"
    body = client.get(pick).content.decode()
    assert "Correct 1.3 of Alba Iulia" in body
    assert re.search(r'type="radio" name="level" value="0"[^>]*checked', body)
    fields = {
        "action": "correct",
        "municipality": alba.pk,
        "indicator": three.pk,
        "level": "1",
        "comment": "Found the register",
        "recommendation": "",
        "evidence_urls": "",
    }
    response = client.post(pick, {**fields, "reason": " "})
    body = response.content.decode()
    assert "Say why the answer is corrected." in body and 'id="id_reason_error"' in body
    assert _form_values(body)["comment"] == "Found the register"
    answer = Answer.objects.get(cycle=cycle, municipality=alba, indicator=three)
    assert answer.level.code == "0"
    response = client.post(pick, {**fields, "reason": "The register was online"}, follow=True)
    assert "The answer was corrected." in text(response)
    answer.refresh_from_db()
    assert (answer.level.code, answer.comment) == ("1", "Found the register")
    history = text(client.get(answer_url(cycle, alba, three)))
    assert "correction after publication: The register was online" in history
    response = client.post(url, {"action": "publish", "reason": ""})
    assert "A correction needs a reason, published with it." in text(response)
    assert (
        'aria-describedby="publish-reason-help publish-reason-error"' in response.content.decode()
    )
    response = client.post(url, {"action": "publish", "reason": "Register found"}, follow=True)
    page = text(response)
    assert "Version 2 of the results is published." in page
    assert re.search(r"2 .+ Register found 1 1 .+ — 0", page)


def test_an_indicator_never_answered_is_corrected_with_its_first_answer(published, team):
    cycle = published.cycle
    newcomer = MunicipalityFactory(name_en="Deva")
    cycle.municipalities.add(newcomer)
    Assignment.objects.create(cycle=cycle, municipality=newcomer)
    indicator = published.indicators[0]
    url = dashboard_url(cycle) + f"correct/?municipality={newcomer.pk}&indicator={indicator.pk}"
    client = client_for(published.coordinator)
    response = client.post(
        url,
        {
            "action": "correct",
            "municipality": newcomer.pk,
            "indicator": indicator.pk,
            "level": "1",
            "comment": "Found in the archive",
            "recommendation": "",
            "evidence_urls": "https://deva.example.org/decisions",
            "reason": "The city was left out by mistake",
        },
        follow=True,
    )
    assert response.status_code == 200
    answer = Answer.objects.get(cycle=cycle, municipality=newcomer, indicator=indicator)
    assert answer.level.code == "1" and answer.comment == "Found in the archive"
    assert answer.history.get().history_change_reason == (
        "correction: The city was left out by mistake"
    )


# Opening a cycle ------------------------------------------------------------------------------


def _cycle_fields(methodology, **changes):  # type: ignore[no-untyped-def]
    start = datetime.date(2025, 1, 10)
    fields = {
        "action": "open",
        "methodology": methodology.pk,
        "year": "2025",
        "name": "Transparent Cities",
        "information_requests_start": start.isoformat(),
        "assessment_start": (start + datetime.timedelta(days=30)).isoformat(),
        "review_start": (start + datetime.timedelta(days=60)).isoformat(),
        "reply_start": (start + datetime.timedelta(days=80)).isoformat(),
        "publication_date": (start + datetime.timedelta(days=100)).isoformat(),
    }
    fields.update(changes)
    return fields


def test_opening_a_cycle_with_ticked_municipalities_a_whole_region_and_codes(team, methodology):
    region = RegionFactory(name_en="Alba")
    in_region = MunicipalityFactory.create_batch(3, region=region)
    ticked = MunicipalityFactory()
    by_code = MunicipalityFactory(code="RO-55555")
    client = client_for(team.coordinator)
    response = client.post(
        NEW_CYCLE,
        _cycle_fields(methodology, region=region.pk, whole_region="on",
                      municipalities=[ticked.pk], codes="RO-55555"),
    )  # fmt: skip
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and response["Location"] == dashboard_url(cycle)
    assert set(cycle.municipalities.all()) == {*in_region, ticked, by_code}
    assert cycle.methodology.is_frozen
    assert "The cycle is open with 5 municipalities." in text(client.get(response["Location"]))


def test_showing_a_regions_municipalities_keeps_what_was_typed_and_ticked(team, methodology):
    region = RegionFactory(name_en="Sibiu")
    sibiu = MunicipalityFactory(region=region, name_en="Sibiu town")
    elsewhere = MunicipalityFactory(name_en="Elsewhere")
    response = client_for(team.coordinator).post(
        NEW_CYCLE,
        _cycle_fields(methodology, action="filter", name="Typed name", region=region.pk,
                      municipalities=[elsewhere.pk]),
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200 and not Cycle.objects.exists()
    assert 'value="Typed name"' in body
    assert re.search(rf'value="{sibiu.pk}" id="municipality-{sibiu.pk}">', body)
    assert re.search(rf'value="{elsewhere.pk}" id="municipality-{elsewhere.pk}" checked>', body)
    assert 'class="error"' not in body  # nothing is judged before opening


def test_opening_a_cycle_shows_errors_at_their_fields_and_keeps_the_typed_values(team, methodology):
    client = client_for(team.coordinator)
    response = client.post(
        NEW_CYCLE,
        _cycle_fields(methodology, name="Kept <name>", codes="NOPE-1, NOPE-2",
                      review_start="2024-01-01", year="nineteen"),
    )  # fmt: skip
    body = response.content.decode()
    assert not Cycle.objects.exists()
    assert 'value="Kept &lt;name&gt;"' in body
    assert (
        'id="id_codes_error"' in body and "No municipality has these codes: NOPE-1, NOPE-2." in body
    )
    assert 'id="id_year_error"' in body
    response = client.post(NEW_CYCLE, _cycle_fields(methodology, review_start="2024-01-01"))
    body = response.content.decode()
    assert "Choose at least one municipality." in body and 'id="municipalities-error"' in body
    municipality = MunicipalityFactory()
    response = client.post(
        NEW_CYCLE,
        _cycle_fields(methodology, review_start="2024-01-01", municipalities=[municipality.pk]),
    )
    assert "The phases must follow each other in time." in text(response)
    assert not Cycle.objects.exists()
    assert not methodology.__class__.objects.get(pk=methodology.pk).is_frozen


def test_new_cycle_page_lists_methodologies_and_regions(team, methodology):
    body = client_for(team.coordinator).get(NEW_CYCLE).content.decode()
    assert "Transparent Cities 2024 v1 (draft: opening the cycle freezes it)" in body
    assert 'name="codes"' in body and 'type="date"' in body


# Escaping ------------------------------------------------------------------------------------


def test_names_and_texts_are_escaped_on_every_page(work):
    hostile = "<script>alert(1)</script>"
    work.alba.__class__.objects.filter(pk=work.alba.pk).update(name=hostile, name_en=hostile)
    save(work.assessor, work.cycle, work.alba, work.indicators[2], "1", comment=hostile)
    urls = [
        (work.assessor, WORK),
        (work.assessor, sheet_url(work.cycle, work.alba)),
        (work.assessor, answer_url(work.cycle, work.alba, work.indicators[2])),
        (work.reviewer, REVIEW),
        (work.coordinator, dashboard_url(work.cycle)),
        (work.coordinator, dashboard_url(work.cycle) + "assign/"),
        (work.coordinator, dashboard_url(work.cycle) + f"disqualify/{work.alba.pk}/"),
    ]
    for person, url in urls:
        body = client_for(person).get(url).content.decode()
        assert hostile not in body, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url


def test_correction_and_new_cycle_pages_make_a_fixed_number_of_queries(
    published, django_assert_num_queries
):
    cycle = published.cycle
    alba = published.municipalities[0]
    client = client_for(published.coordinator)
    pick = (
        dashboard_url(cycle)
        + f"correct/?municipality={alba.pk}&indicator={published.indicators[0].pk}"
    )
    with django_assert_num_queries(CORRECT_QUERIES):
        client.get(pick)
    more = MunicipalityFactory.create_batch(10)
    cycle.municipalities.add(*more)
    with django_assert_num_queries(CORRECT_QUERIES):
        client.get(pick)
    region = alba.region
    fields = {"action": "filter", "region": region.pk}
    with django_assert_num_queries(NEW_CYCLE_QUERIES):
        client.post(NEW_CYCLE, fields)
    MunicipalityFactory.create_batch(10, region=region)
    with django_assert_num_queries(NEW_CYCLE_QUERIES):
        page = text(client.post(NEW_CYCLE, fields))
    assert f"Municipalities of {region.name}" in page


@pytest.mark.parametrize("role", ["assessor", "reviewer", "official", "citizen", "visitor"])
def test_coordinators_writes_are_refused_to_everyone_else_and_change_nothing(work, role):
    move_to(work.cycle, "review")
    client = client_for(getattr(work, role, None))
    base = dashboard_url(work.cycle)
    writes = [
        (base, {"action": "publish"}),
        (base + "assign/", {"municipalities": [work.alba.pk], "assessor": work.other_assessor.pk}),
        (base + f"disqualify/{work.alba.pk}/", {"reason": "Falsified"}),
        (base + "correct/", {"action": "publish", "reason": "Because"}),
        (NEW_CYCLE, {"action": "open", "name": "Sneaky", "municipalities": [work.alba.pk]}),
    ]
    for url, data in writes:
        response = client.post(url, data)
        assert response.status_code == (302 if role == "visitor" else 403), url
        if role == "visitor":
            assert "/accounts/login/" in response["Location"]
    assignment = Assignment.objects.get(cycle=work.cycle, municipality=work.alba)
    assert (assignment.assessor, assignment.disqualification_reason) == (work.assessor, "")
    assert Cycle.objects.count() == 1 and not Publication.objects.exists()


def test_writes_need_post_and_a_known_action(work):
    client = client_for(work.assessor)
    url = answer_url(work.cycle, work.alba, work.indicators[2])
    assert client.post(url, {"action": "delete"}).status_code == 400
    assert client.post(sheet_url(work.cycle, work.alba), {}).status_code == 400
    assert client.put(url).status_code == 405
    assert client_for(work.coordinator).post(dashboard_url(work.cycle), {}).status_code == 400


def test_every_write_needs_the_csrf_token(work):
    client = Client(enforce_csrf_checks=True)
    client.force_login(work.assessor)
    url = answer_url(work.cycle, work.alba, work.indicators[2])
    response = client.post(url, {"action": "save", "revision": "0", "level": "1"})
    assert response.status_code == 403
    assert not Answer.objects.filter(indicator=work.indicators[2]).exists()
