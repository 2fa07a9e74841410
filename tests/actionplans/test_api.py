"""The read API of action plans: /api/action-plans/... — public plans only, no person named
anywhere, a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencity.accounts.models import OrganisationKind
from opencity.actionplans.models import ProgressEvidence
from opencity.actionplans.scales import (
    NO_DATA,
    AssessorKind,
    MemberKind,
    MilestoneStatus,
    PlanStatus,
    ReportType,
)
from opencity.actionplans.services import ASSESSMENT_SCALE_FIELDS
from tests import factories
from tests.actionplans.factories import (
    ActionPlanFactory,
    AssessmentFactory,
    CommitmentFactory,
    MemberFactory,
    MilestoneFactory,
    PolicyAreaFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db

AUTHOR_EMAIL = "olena.author@example.org"
AUTHOR_NAME = "Olena Kovalenko"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = datetime.date.today()
PAST = TODAY - datetime.timedelta(days=30)
FUTURE = TODAY + datetime.timedelta(days=30)


def get_json(client, url: str, status: int = 200):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == status, (url, response.content)
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def author(db):
    return factories.UserFactory(email=AUTHOR_EMAIL, display_name=AUTHOR_NAME)


@pytest.fixture
def data(member, plan, commitment, city_hall, cso, author):
    """A public plan of the member: a commitment with three milestones (complete, in progress
    and reported at 50 %, overdue), a sub-commitment, progress updates with evidence, and an
    assessment of each kind; beside it a draft plan with a commitment of its own."""
    plan.influence_level = "involve"
    plan.co_creation_summary = "Three public meetings"
    plan.save()
    plan.co_creation_events.create(
        kind="meeting", held_on=datetime.date(2024, 3, 1), title="First forum", participants=40
    )
    commitment.lead_institution = city_hall
    commitment.save()
    commitment.supporting_institutions.add(cso)
    commitment.policy_areas.add(PolicyAreaFactory(code="open-contracting"))
    done = MilestoneFactory(
        commitment=commitment,
        number=1,
        status=MilestoneStatus.COMPLETE,
        completed_on=datetime.date(2025, 1, 10),
        end_date=FUTURE,
    )
    halfway = MilestoneFactory(
        commitment=commitment, number=2, status=MilestoneStatus.IN_PROGRESS, end_date=FUTURE
    )
    late = MilestoneFactory(
        commitment=commitment,
        number=3,
        status=MilestoneStatus.IN_PROGRESS,
        end_date=PAST,
        responsible="Procurement office",
    )
    child = CommitmentFactory(plan=plan, number="2", identifier="ABI0002", parent=commitment)
    CommitmentFactory(plan=plan, number="3", identifier="ABI0003", end_date=FUTURE)
    update = ProgressUpdateFactory(
        commitment=commitment,
        milestone=halfway,
        reported_on=datetime.date(2025, 3, 1),
        title_en="Tender notices published",
        text_en="All notices are online.",
        progress=Decimal(50),
        author=author,
        organisation=city_hall,
    )
    ProgressEvidence.objects.create(update=update, url="https://example.org/tenders")
    stored = ProgressEvidence(update=update, title="minutes.pdf", file_sha256="ab" * 32)
    stored.file.save("minutes.pdf", SimpleUploadedFile("minutes.pdf", PDF), save=False)
    stored.save()
    ProgressUpdateFactory(
        commitment=commitment,
        reported_on=datetime.date(2025, 1, 1),
        title_en="Work started",
        author=author,
        organisation=city_hall,
    )
    mechanism = factories.OrganisationFactory(kind=OrganisationKind.OTHER, name_en="IRM")
    independent = AssessmentFactory(
        commitment=commitment,
        organisation=mechanism,
        report_type=ReportType.RESULTS_REPORT,
        assessor_kind=AssessorKind.INDEPENDENT,
        author=author,
        verifiability="verifiable",
        specificity="high",
        relevance_access_to_information="yes",
        potential_impact="transformative",
        completion="substantial",
        open_government="major",
        early_results=NO_DATA,
        starred=True,
        summary="A strong start",
    )
    ProgressEvidence.objects.create(assessment=independent, url="https://example.org/irm")
    AssessmentFactory(
        commitment=commitment,
        organisation=city_hall,
        assessor_kind=AssessorKind.SELF,
        author=author,
        completion="complete",
    )
    AssessmentFactory(
        commitment=commitment,
        organisation=cso,
        assessor_kind=AssessorKind.CIVIL_SOCIETY,
        author=author,
        completion="limited",
    )
    draft = ActionPlanFactory(
        member=member, number=2, identifier="AP_ABI02", status=PlanStatus.DRAFT
    )
    hidden = CommitmentFactory(plan=draft, number="1", identifier="ABI0201")
    hidden_update = ProgressUpdateFactory(commitment=hidden, author=author)
    hidden_file = ProgressEvidence(update=hidden_update, title="draft.pdf")
    hidden_file.file.save("draft.pdf", SimpleUploadedFile("draft.pdf", PDF), save=False)
    hidden_file.save()
    AssessmentFactory(commitment=hidden, author=author)
    return {
        "plan": plan,
        "commitment": commitment,
        "child": child,
        "milestones": (done, halfway, late),
        "stored": stored,
        "hidden_file": hidden_file,
        "draft": draft,
    }


# --- Members ------------------------------------------------------------------------------------


def test_members_list_every_member_with_its_public_plans_counted(client, data):
    national = MemberFactory(
        kind=MemberKind.NATIONAL, name_en="Romania", slug="romania", prefix="ROU"
    )
    ActionPlanFactory(member=national, number=1, identifier="AP_ROU01")
    page = get_json(client, "/api/action-plans/members")
    assert page["count"] == 2
    by_slug = {item["slug"]: item for item in page["items"]}
    local = by_slug["alba-iulia"]
    assert local["plan_count"] == 1  # the draft is not counted
    assert local["kind"] == "local"
    assert local["prefix"] == "ABI"
    assert local["municipality"]["name"] == "Alba Iulia"
    assert local["municipality"]["register"] == "siruta"
    assert local["government"]["name"] == "Alba Iulia City Hall"
    assert local["url"] == "http://testserver/en/action-plans/members/alba-iulia/"
    assert by_slug["romania"]["plan_count"] == 1
    local_only = get_json(client, "/api/action-plans/members?kind=local")
    assert [item["slug"] for item in local_only["items"]] == ["alba-iulia"]
    second = get_json(client, "/api/action-plans/members?limit=1&offset=1")
    assert second["count"] == 2 and len(second["items"]) == 1
    assert get_json(client, "/api/action-plans/members/") == page


def test_a_member_lists_its_public_plans_with_their_completion(client, data):
    found = get_json(client, "/api/action-plans/members/alba-iulia")
    assert found["name"] == "Alba Iulia"
    assert [plan["identifier"] for plan in found["plans"]] == ["AP_ABI01"]
    plan = found["plans"][0]
    assert plan["commitment_count"] == 3
    # ABI0001 shows its child's progress, and neither the child nor ABI0003 reports any.
    assert plan["completion"] is None
    assert plan["url"] == "http://testserver/en/action-plans/plans/AP_ABI01/"
    get_json(client, "/api/action-plans/members/nobody", status=404)


def test_a_plan_has_its_co_creation_record_and_commitments_with_progress(client, data):
    found = get_json(client, "/api/action-plans/plans/AP_ABI01")
    assert found["member"]["slug"] == "alba-iulia"
    assert found["influence_level"] == "involve"
    assert found["co_creation_summary"] == "Three public meetings"
    assert found["co_creation_events"] == [
        {
            "kind": "meeting",
            "held_on": "2024-03-01",
            "title": "First forum",
            "description": "",
            "participants": 40,
            "url": "",
        }
    ]
    commitments = {item["identifier"]: item for item in found["commitments"]}
    assert set(commitments) == {"ABI0001", "ABI0002", "ABI0003"}
    parent = commitments["ABI0001"]
    # A parent shows its children's progress; its child reports nothing, so it is unknown.
    assert parent["progress"] is None
    assert parent["milestone_count"] == 3
    assert parent["delayed_milestone_count"] == 1
    assert parent["status"] == "delayed"  # one of its milestones is overdue
    assert commitments["ABI0003"]["status"] == "not_started"
    assert parent["values"] == ["access_to_information"]
    assert parent["policy_areas"] == [{"code": "open-contracting", "name": "Open contracting"}]
    assert parent["lead_institution"]["slug"] == data["commitment"].lead_institution.slug
    assert commitments["ABI0002"]["parent"] == "ABI0001"
    assert found["completion"] is None  # nothing known at the top level
    get_json(client, "/api/action-plans/plans/AP_ABI02", status=404)  # a draft


def test_a_plan_completion_is_the_mean_of_its_top_level_commitments(client, data):
    data["child"].parent = None
    data["child"].save()
    found = get_json(client, "/api/action-plans/plans/AP_ABI01")
    commitments = {item["identifier"]: item for item in found["commitments"]}
    # (100 + 50 + 0) / 3 milestones of equal weight
    assert commitments["ABI0001"]["progress"] == 50.0
    assert commitments["ABI0002"]["progress"] is None
    assert found["completion"] == 50.0
    member = get_json(client, "/api/action-plans/members/alba-iulia")
    assert member["plans"][0]["completion"] == 50.0


# --- Commitments --------------------------------------------------------------------------------


def test_a_commitment_has_its_milestones_with_the_delayed_status_derived(client, data):
    data["child"].parent = None
    data["child"].save()
    found = get_json(client, "/api/action-plans/commitments/ABI0001")
    assert found["plan"]["identifier"] == "AP_ABI01"
    assert found["plan"]["member"]["prefix"] == "ABI"
    assert found["progress"] == 50.0
    assert found["supporting_institutions"][0]["name"] == "Transparency Watch"
    milestones = found["milestones"]
    assert [m["number"] for m in milestones] == [1, 2, 3]
    assert [m["status"] for m in milestones] == ["complete", "in_progress", "delayed"]
    assert [m["recorded_status"] for m in milestones] == ["complete", "in_progress", "in_progress"]
    assert [m["delayed"] for m in milestones] == [False, False, True]
    assert [m["progress"] for m in milestones] == [100.0, 50.0, 0.0]
    assert milestones[0]["completed_on"] == "2025-01-10"
    assert milestones[2]["responsible"] == "Procurement office"
    assert milestones[2]["end_date"] == PAST.isoformat()


def test_a_commitment_lists_its_children_and_a_draft_is_not_found(client, data):
    found = get_json(client, "/api/action-plans/commitments/ABI0001")
    assert found["children"] == ["ABI0002"]
    assert get_json(client, "/api/action-plans/commitments/ABI0002")["parent"] == "ABI0001"
    for url in (
        "/api/action-plans/commitments/ABI0201",
        "/api/action-plans/commitments/ABI0201/progress-updates",
        "/api/action-plans/commitments/ABI0201/assessments",
        "/api/action-plans/commitments/UNKNOWN",
    ):
        get_json(client, url, status=404)


def test_progress_updates_name_the_organisation_and_carry_their_evidence(client, data):
    page = get_json(client, "/api/action-plans/commitments/ABI0001/progress-updates")
    assert page["count"] == 2
    newest, oldest = page["items"]
    assert newest["title"] == "Tender notices published"
    assert newest["text"] == "All notices are online."
    assert newest["progress"] == 50.0
    assert newest["milestone"] == 2
    assert newest["organisation"]["name"] == "Alba Iulia City Hall"
    assert oldest["title"] == "Work started" and oldest["milestone"] is None
    link, stored = newest["evidence"]
    assert link["link"] == "https://example.org/tenders" and link["file"] is None
    assert stored["link"] is None
    assert stored["sha256"] == "ab" * 32
    assert stored["file"] == (
        f"http://testserver/api/action-plans/evidence/{data['stored'].pk}/file"
    )
    download = client.get(stored["file"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert download["Content-Security-Policy"].startswith("sandbox")
    one = get_json(client, "/api/action-plans/commitments/ABI0001/progress-updates?limit=1")
    assert one["count"] == 2 and [item["title"] for item in one["items"]] == [newest["title"]]
    get_json(client, "/api/action-plans/commitments/ABI0001/progress-updates?limit=0", status=422)


def test_evidence_of_a_draft_plan_cannot_be_downloaded(client, data):
    response = client.get(f"/api/action-plans/evidence/{data['hidden_file'].pk}/file")
    assert response.status_code == 404
    link_only = ProgressEvidence.objects.filter(url="https://example.org/tenders").get()
    assert client.get(f"/api/action-plans/evidence/{link_only.pk}/file").status_code == 404


def test_assessments_carry_every_irm_scale_with_explicit_missing_values(client, data):
    found = get_json(client, "/api/action-plans/commitments/ABI0001/assessments")
    assert [item["assessor_kind"] for item in found] == ["civil_society", "independent", "self"]
    by_kind = {item["assessor_kind"]: item for item in found}
    independent = by_kind["independent"]
    assert set(ASSESSMENT_SCALE_FIELDS) <= set(independent)
    assert independent["report_type"] == "results_report"
    assert independent["organisation"]["name"] == "IRM"
    assert independent["specificity"] == "high"
    assert independent["potential_impact"] == "transformative"
    assert independent["early_results"] == "no_data"  # explicit, not empty
    assert independent["potential_for_results"] is None  # not part of this report
    assert independent["labels"]["early_results"] == "no data"
    assert independent["labels"]["completion"] == "substantial"
    assert "potential_for_results" not in independent["labels"]
    assert independent["starred"] is True and independent["promising"] is False
    assert independent["summary"] == "A strong start"
    assert independent["evidence"][0]["link"] == "https://example.org/irm"
    assert by_kind["self"]["completion"] == "complete"
    assert by_kind["civil_society"]["organisation"]["name"] == "Transparency Watch"


def test_texts_follow_the_accept_language_header(client, data):
    commitment = data["commitment"]
    commitment.title_uk = "Відкритий бюджет"
    commitment.save()
    found = client.get("/api/action-plans/commitments/ABI0001", HTTP_ACCEPT_LANGUAGE="uk").json()
    assert found["title"] == "Відкритий бюджет"


# --- No person, fixed queries, the schema ------------------------------------------------------

ENDPOINTS = (
    "/api/action-plans/members",
    "/api/action-plans/members/alba-iulia",
    "/api/action-plans/plans/AP_ABI01",
    "/api/action-plans/commitments/ABI0001",
    "/api/action-plans/commitments/ABI0001/progress-updates",
    "/api/action-plans/commitments/ABI0001/assessments",
)


def test_no_response_names_a_person(client, data):
    for url in ENDPOINTS:
        body = client.get(url).content.decode()
        assert AUTHOR_EMAIL not in body, url
        assert AUTHOR_NAME not in body, url
        assert '"author"' not in body, url


def _grow(data, start: int, rows: int) -> None:  # type: ignore[no-untyped-def]
    """`rows` more of everything each endpoint lists: members with plans, commitments with
    milestones, progress updates with evidence, assessments."""
    plan, commitment = data["plan"], data["commitment"]
    for number in range(start, start + rows):
        member = MemberFactory()
        ActionPlanFactory(member=member, number=1)
        extra = CommitmentFactory(plan=plan, number=str(100 + number), parent=commitment)
        extra.policy_areas.add(PolicyAreaFactory(code=f"area-{number}"))
        MilestoneFactory(commitment=extra, number=1, end_date=PAST)
        MilestoneFactory(commitment=commitment, number=10 + number)
        update = ProgressUpdateFactory(
            commitment=commitment, progress=Decimal(number), organisation=plan.member.government
        )
        ProgressEvidence.objects.create(update=update, url=f"https://example.org/{number}")
        AssessmentFactory(
            commitment=commitment,
            organisation=factories.OrganisationFactory(kind=OrganisationKind.CSO),
            assessor_kind=AssessorKind.CIVIL_SOCIETY,
        )


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# Pinned: members (count, page); member (member, plans, then progress: commitments,
# milestones, percentages); plan (plan, events, commitments, areas, progress: 3); commitment
# (commitment, areas, institutions, children, progress: 3); updates (id, page, evidence,
# count); assessments (id, rows, evidence).
EXPECTED_QUERIES = {
    "/api/action-plans/members": 2,
    "/api/action-plans/members/alba-iulia": 5,
    "/api/action-plans/plans/AP_ABI01": 7,
    "/api/action-plans/commitments/ABI0001": 7,
    "/api/action-plans/commitments/ABI0001/progress-updates": 4,
    "/api/action-plans/commitments/ABI0001/assessments": 3,
}


def test_each_endpoint_makes_the_same_number_of_queries_for_2_or_20_rows(client, data):
    _grow(data, 0, 2)
    few = {url: _queries(client, url) for url in ENDPOINTS}
    _grow(data, 2, 18)
    many = {url: _queries(client, url) for url in ENDPOINTS}
    assert few == many == EXPECTED_QUERIES
    assert get_json(client, "/api/action-plans/members")["count"] == 21
    assert len(get_json(client, "/api/action-plans/plans/AP_ABI01")["commitments"]) == 23


def test_the_openapi_schema_lists_every_action_plans_endpoint(client, db):
    schema = get_json(client, "/api/openapi.json")
    paths = {
        "/api/action-plans/members",
        "/api/action-plans/members/{slug}",
        "/api/action-plans/plans/{identifier}",
        "/api/action-plans/commitments/{identifier}",
        "/api/action-plans/commitments/{identifier}/progress-updates",
        "/api/action-plans/commitments/{identifier}/assessments",
        "/api/action-plans/evidence/{evidence_id}/file",
    }
    assert paths <= set(schema["paths"])
    assert "/api/action-plans/members/" not in schema["paths"]
    for path, operations in schema["paths"].items():
        if path.startswith("/api/action-plans/"):
            assert set(operations) == {"get"}, path  # read-only
    for name in ("AssessmentOut", "ProgressUpdateOut", "MilestoneOut"):
        assert name in schema["components"]["schemas"]
    assert "author" not in schema["components"]["schemas"]["ProgressUpdateOut"]["properties"]
    assert client.get("/api/docs").status_code == 200
