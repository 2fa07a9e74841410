"""Work pages of action plans, per role: who may open each page and send each form, what a form
keeps after an error, and the queries of the dashboard."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from opencity.accounts.models import OrganisationKind, Role
from opencity.actionplans import milestone_exchange
from opencity.actionplans.models import (
    ActionPlan,
    Assessment,
    CoCreationEvent,
    Commitment,
    Milestone,
    ProgressUpdate,
)
from opencity.actionplans.scales import PlanStatus
from opencity.core.registry import registry
from tests import factories
from tests.actionplans.factories import (
    ActionPlanFactory,
    CommitmentFactory,
    MemberFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db

WORK = "/en/action-plans/work/"
PEOPLE = [
    "official",
    "other_official",
    "independent_assessor",
    "cso_member",
    "citizen",
    "visitor",
    "admin",
]
KEEPERS = {"official", "admin"}
ASSESSORS = {"independent_assessor", "admin"}
MONITORS = {"cso_member", "admin"}


@pytest.fixture
def people(make_person, independent_assessor, cso):
    """One person per role; the independent assessor works for the mechanism, the CSO member
    for `cso`."""
    other_hall = factories.OrganisationFactory(
        kind=OrganisationKind.CITY_HALL, municipality=factories.MunicipalityFactory()
    )
    return {
        "official": make_person("city_official"),
        "other_official": factories.MembershipFactory(
            organisation=other_hall, role=Role.OFFICIAL
        ).user,
        "independent_assessor": independent_assessor,
        "cso_member": make_person("member"),
        "citizen": make_person("citizen"),
        "visitor": None,
        "admin": make_person("admin"),
    }


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def pages(plan, commitment, milestone) -> dict[str, tuple[str, set[str]]]:  # type: ignore[no-untyped-def]
    on = f"{WORK}commitments/{commitment.identifier}/"
    of_plan = f"{WORK}plans/{plan.identifier}/"
    return {
        "dashboard": (WORK, {"official", "other_official", *ASSESSORS, *MONITORS}),
        "plan": (of_plan, KEEPERS),
        "event": (f"{of_plan}events/new/", KEEPERS),
        "commitment_create": (f"{of_plan}commitments/new/", KEEPERS),
        "import": (f"{of_plan}milestones/import/", KEEPERS),
        "csv": (f"{of_plan}milestones.csv", KEEPERS),
        "xlsx": (f"{of_plan}milestones.xlsx", KEEPERS),
        "commitment": (on, KEEPERS | ASSESSORS | MONITORS),
        "commitment_edit": (f"{on}edit/", KEEPERS),
        "milestone_create": (f"{on}milestones/new/", KEEPERS),
        "milestone_edit": (f"{on}milestones/{milestone.number}/", KEEPERS),
        "progress": (f"{on}progress/", KEEPERS),
        "independent": (f"{on}assess/independent/", ASSESSORS),
        "self": (f"{on}assess/self/", KEEPERS),
        "civil_society": (f"{on}assess/civil_society/", MONITORS),
    }


PAGE_NAMES = [
    "dashboard",
    "plan",
    "event",
    "commitment_create",
    "import",
    "csv",
    "xlsx",
    "commitment",
    "commitment_edit",
    "milestone_create",
    "milestone_edit",
    "progress",
    "independent",
    "self",
    "civil_society",
]


def expected(role: str, allowed: set[str]) -> int:
    if role == "visitor":
        return 302  # to the login page
    return 200 if role in allowed else 403


@pytest.mark.parametrize("role", PEOPLE)
def test_each_page_opens_for_its_roles_only(role, people, plan, commitment, milestone):
    client = client_for(people[role])
    wrong = {}
    for page in PAGE_NAMES:
        url, allowed = pages(plan, commitment, milestone)[page]
        response = client.get(url)
        if response.status_code != expected(role, allowed):
            wrong[page] = response.status_code
        if role == "visitor":
            assert "/login/" in response["Location"]
    assert not wrong, f"pages answering {role} otherwise than expected: {wrong}"


def scales(**values: str) -> dict[str, str]:
    return {"report_type": "results_report", "completion": "substantial", **values}


def posts(plan, commitment, milestone, people) -> dict[str, tuple[str, dict, set[str]]]:  # type: ignore[no-untyped-def]
    """Each write: its address, a correct form, the roles that may send it."""
    on = f"{WORK}commitments/{commitment.identifier}/"
    of_plan = f"{WORK}plans/{plan.identifier}/"
    return {
        "plan": (
            of_plan,
            {
                "title": "Open Alba Iulia",
                "start_year": "2024",
                "end_year": "2026",
                "status": "implementation",
                "influence_level": "collaborate",
                "minimum_requirements_met": "true",
                "co_creation_summary": "Four workshops",
                "reasoned_response": "Every proposal answered",
                "reasoned_response_url": "https://example.org/response",
            },
            KEEPERS,
        ),
        "event": (
            f"{of_plan}events/new/",
            {"kind": "workshop", "held_on": "2024-05-02", "title": "Budget workshop"},
            KEEPERS,
        ),
        "commitment_create": (
            f"{of_plan}commitments/new/",
            {"identifier": "ABI0009", "number": "9", "title": "Open contracting"},
            KEEPERS,
        ),
        "commitment_edit": (
            f"{on}edit/",
            {"number": "1", "title": "Open the budget, renamed", "civic_participation": "on"},
            KEEPERS,
        ),
        "milestone_create": (
            f"{on}milestones/new/",
            {"number": "5", "deliverable": "Data portal", "status": "not_started", "weight": "1"},
            KEEPERS,
        ),
        "milestone_edit": (
            f"{on}milestones/{milestone.number}/",
            {
                "number": str(milestone.number),
                "deliverable": "Budget published",
                "status": "complete",
                "weight": "2",
            },
            KEEPERS,
        ),
        "progress": (
            f"{on}progress/",
            {"reported_on": "2025-03-01", "title": "Portal opened", "links": "https://a.example/"},
            KEEPERS,
        ),
        "independent": (
            f"{on}assess/independent/",
            scales(
                organisation=str(people["independent_assessor"].memberships.get().organisation_id)
            ),
            ASSESSORS,
        ),
        "self": (
            f"{on}assess/self/",
            scales(organisation=str(plan.member.government_id)),
            KEEPERS,
        ),
        "civil_society": (
            f"{on}assess/civil_society/",
            scales(organisation=str(people["cso_member"].memberships.get().organisation_id)),
            MONITORS,
        ),
    }


def stored() -> tuple:
    """Everything the work pages write."""
    plan = ActionPlan.all_objects.values_list("title_en", "influence_level").get()
    return (
        plan,
        CoCreationEvent.objects.count(),
        list(Commitment.all_objects.values_list("identifier", "title_en", "civic_participation")),
        list(Milestone.objects.values_list("number", "deliverable_en", "status", "weight")),
        ProgressUpdate.objects.count(),
        Assessment.objects.count(),
    )


WRITES = [
    "plan",
    "event",
    "commitment_create",
    "commitment_edit",
    "milestone_create",
    "milestone_edit",
    "progress",
    "independent",
    "self",
    "civil_society",
]


@pytest.mark.parametrize("role", PEOPLE)
def test_each_write_is_made_by_its_roles_only(role, people, plan, commitment, milestone):
    client = client_for(people[role])
    wrong = {}
    for write in WRITES:
        url, data, allowed = posts(plan, commitment, milestone, people)[write]
        before = stored()
        response = client.post(url, data)
        if role in allowed:
            if response.status_code != 302 or stored() == before:
                wrong[write] = (response.status_code, response.content.decode()[:2000])
        elif response.status_code != (302 if role == "visitor" else 403) or stored() != before:
            wrong[write] = (response.status_code, "written" if stored() != before else "")
    assert not wrong, f"writes answering {role} otherwise than expected: {wrong}"


def test_an_official_of_another_city_cannot_import_milestones(people, plan, commitment):
    data = milestone_exchange.export_csv(plan)
    response = client_for(people["other_official"]).post(
        f"{WORK}plans/{plan.identifier}/milestones/import/",
        {"file": SimpleUploadedFile("m.csv", data)},
    )
    assert response.status_code == 403


def test_a_plan_in_preparation_is_hidden_from_assessors_but_kept_by_officials(people, member):
    draft = ActionPlanFactory(member=member, number=3, status=PlanStatus.DRAFT)
    commitment = CommitmentFactory(plan=draft, number="30")
    url = f"{WORK}commitments/{commitment.identifier}/"
    assert client_for(people["independent_assessor"]).get(url).status_code == 404
    assert client_for(people["cso_member"]).get(url).status_code == 404
    assert client_for(people["official"]).get(url).status_code == 200


def test_officials_of_the_lead_institution_update_milestones_but_do_not_edit_the_plan(
    plan, commitment, milestone
):
    ministry = factories.OrganisationFactory(kind=OrganisationKind.NATIONAL_GOVERNMENT)
    commitment.lead_institution = ministry
    commitment.save()
    lead = client_for(factories.MembershipFactory(organisation=ministry, role=Role.OFFICIAL).user)
    on = f"{WORK}commitments/{commitment.identifier}/"
    assert lead.get(f"{on}milestones/1/").status_code == 200
    assert lead.get(f"{on}progress/").status_code == 200
    assert lead.get(f"{on}edit/").status_code == 403
    assert lead.get(f"{WORK}plans/{plan.identifier}/").status_code == 403
    assert lead.get(f"{on}assess/self/").status_code == 403
    page = lead.get(WORK).content.decode()
    assert "Commitments your organisation leads" in page and commitment.identifier in page


# Errors keep what was typed -------------------------------------------------------------


def test_a_refusal_of_the_service_is_shown_on_its_field_and_the_text_is_kept(
    people, commitment, milestone
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(people["official"]).post(
        f"{WORK}commitments/{commitment.identifier}/progress/",
        {
            "reported_on": tomorrow.isoformat(),
            "title": "Portal opened in May",
            "text": "Long text about what was done",
            "links": "https://a.example/one\nhttps://a.example/two",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_reported_on_error"' in page
    assert "Progress cannot be reported for a future date." in page
    assert 'value="Portal opened in May"' in page
    assert "Long text about what was done" in page
    assert "https://a.example/one\nhttps://a.example/two" in page
    assert 'role="alert"' in page
    assert not ProgressUpdate.objects.exists()


def test_a_milestone_that_ends_before_it_starts_comes_back_with_the_error_on_the_end_date(
    people, commitment, milestone
):
    response = client_for(people["official"]).post(
        f"{WORK}commitments/{commitment.identifier}/milestones/1/",
        {
            "number": "1",
            "deliverable": "Typed deliverable",
            "start_date": "2025-06-01",
            "end_date": "2025-01-01",
            "status": "in_progress",
            "weight": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_end_date_error"' in page and "cannot end before it starts" in page
    assert 'value="Typed deliverable"' in page and 'value="2025-06-01"' in page
    milestone.refresh_from_db()
    assert milestone.status == "not_started"


def test_a_bad_evidence_link_is_named_and_the_links_are_kept(people, commitment):
    response = client_for(people["official"]).post(
        f"{WORK}commitments/{commitment.identifier}/progress/",
        {"reported_on": "2025-01-01", "title": "T", "links": "https://ok.example/\nnot a link"},
    )
    page = response.content.decode()
    assert 'id="id_links_error"' in page and "Link 2 is not a valid web address" in page
    assert "https://ok.example/\nnot a link" in page


def test_a_commitment_with_an_identifier_already_taken_keeps_its_texts(people, plan, commitment):
    response = client_for(people["official"]).post(
        f"{WORK}plans/{plan.identifier}/commitments/new/",
        {"identifier": commitment.identifier, "number": "2", "title": "Typed title"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_identifier_error"' in page and 'value="Typed title"' in page


def test_a_progress_report_with_a_milestone_status_and_files_is_stored_with_evidence(
    people, commitment, milestone, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    png = SimpleUploadedFile(
        "photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, content_type="image/png"
    )
    response = client_for(people["official"]).post(
        f"{WORK}commitments/{commitment.identifier}/progress/",
        {
            "reported_on": "2025-03-01",
            "title": "First milestone done",
            "progress": "40",
            "milestone": str(milestone.pk),
            "milestone_status": "complete",
            "links": "https://a.example/one\n\nhttps://a.example/two\n",
            "files": [pdf, png],
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (
        update.progress == Decimal(40) and update.organisation == commitment.plan.member.government
    )
    assert sorted(e.url for e in update.evidence.exclude(url="")) == [
        "https://a.example/one",
        "https://a.example/two",
    ]
    assert update.evidence.exclude(file="").count() == 2
    milestone.refresh_from_db()
    assert milestone.status == "complete"


def test_a_file_that_is_not_what_it_says_is_refused_on_the_files_field(
    people, commitment, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = client_for(people["official"]).post(
        f"{WORK}commitments/{commitment.identifier}/progress/",
        {
            "reported_on": "2025-03-01",
            "title": "Kept title",
            "files": [SimpleUploadedFile("x.pdf", b"MZ not a pdf")],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_files_error"' in page
    assert 'value="Kept title"' in page and not ProgressUpdate.objects.exists()


def test_an_assessment_records_every_scale_and_a_second_save_revises_it(people, commitment):
    assessor = client_for(people["independent_assessor"])
    url = f"{WORK}commitments/{commitment.identifier}/assess/independent/"
    organisation = people["independent_assessor"].memberships.get().organisation
    data = {
        "organisation": organisation.pk,
        "report_type": "action_plan_review",
        "published_on": "2025-02-01",
        "verifiability": "verifiable",
        "specificity": "high",
        "relevance_access_to_information": "yes",
        "potential_impact": "moderate",
        "completion": "complete",
        "open_government": "no_data",
        "early_results": "not_reviewed",
        "promising": "on",
        "summary": "Clear and ambitious.",
    }
    assert assessor.post(url, data).status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.assessor_kind, assessment.starred, assessment.promising) == (
        "independent",
        True,
        True,
    )
    assert (assessment.open_government, assessment.early_results) == ("no_data", "not_reviewed")
    assert assessment.potential_for_results == ""
    page = assessor.get(f"{url}?report=action_plan_review").content.decode()
    assert "Clear and ambitious." in page and "You are revising" in page
    assert assessor.post(url, {**data, "completion": "limited"}).status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.completion, assessment.starred) == ("limited", False)


def test_an_assessor_with_several_organisations_chooses_one(people, commitment, mechanism):
    assessor = people["independent_assessor"]
    second = factories.OrganisationFactory(kind=OrganisationKind.OTHER, name_en="Second IRM team")
    factories.MembershipFactory(user=assessor, organisation=second, role=Role.INDEPENDENT_ASSESSOR)
    # An organisation where the person is not an independent assessor is not offered.
    factories.MembershipFactory(
        user=assessor, organisation=factories.OrganisationFactory(), role=Role.MEMBER
    )
    client = client_for(assessor)
    url = f"{WORK}commitments/{commitment.identifier}/assess/independent/"
    page = client.get(url).content.decode()
    assert '<select name="organisation"' in page and "Second IRM team" in page
    assert client.post(url, scales(organisation=str(second.pk))).status_code == 302
    assert Assessment.objects.get().organisation == second


def test_a_cso_member_cannot_write_for_another_organisation_and_keeps_the_summary(
    people, commitment
):
    stranger = factories.OrganisationFactory(kind=OrganisationKind.CSO)
    response = client_for(people["cso_member"]).post(
        f"{WORK}commitments/{commitment.identifier}/assess/civil_society/",
        scales(organisation=str(stranger.pk), summary="Typed summary"),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Typed summary" in page
    assert not Assessment.objects.exists()


# The history of the milestones ------------------------------------------------------------


def test_officials_see_who_changed_a_milestone_when_and_from_what(people, commitment, milestone):
    official = people["official"]
    official.display_name = "Ioana Pop"
    official.save()
    client = client_for(official)
    client.post(
        f"{WORK}commitments/{commitment.identifier}/milestones/1/",
        {
            "number": "1",
            "deliverable": milestone.deliverable,
            "status": "in_progress",
            "weight": "1",
        },
    )
    page = client.get(f"{WORK}commitments/{commitment.identifier}/").content.decode()
    assert "History of the milestones" in page
    assert "Ioana Pop" in page
    assert "status: not started → in progress" in page
    assessor_page = client_for(people["independent_assessor"]).get(
        f"{WORK}commitments/{commitment.identifier}/"
    )
    assert "History of the milestones" not in assessor_page.content.decode()


# Milestones as a file, in the browser's way -------------------------------------------------


def test_the_import_page_previews_the_counts_then_imports_on_confirmation(
    people, plan, commitment, milestone
):
    client = client_for(people["official"])
    rows = milestone_exchange.export_rows(plan)
    rows.append({**rows[0], "number": "2", "deliverable_en": "Second"})
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=milestone_exchange.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    url = f"{WORK}plans/{plan.identifier}/milestones/import/"
    response = client.post(url, {"file": SimpleUploadedFile("m.csv", text.getvalue().encode())})
    page = response.content.decode()
    assert "Importing it adds 1 milestones, changes 0, and leaves 1 as they are." in page
    assert Milestone.objects.count() == 1
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert Milestone.objects.count() == 2


def test_the_import_page_lists_every_problem_and_writes_nothing(people, plan, commitment):
    client = client_for(people["official"])
    data = (
        ",".join(milestone_exchange.COLUMNS)
        + "\nABI0001,1,One,,,,,,,,,2025-01-01,someday,done,1"
        + "\nNOPE,2,Two,,,,,,,,,,,,x\n"
    ).encode()
    response = client.post(
        f"{WORK}plans/{plan.identifier}/milestones/import/",
        {"file": SimpleUploadedFile("m.csv", data)},
    )
    page = response.content.decode()
    assert "The file was not imported: 5 problems. Nothing was changed." in page
    assert "Row 2, column end_date:" in page and "Row 2, column status:" in page
    assert "Row 3, column commitment:" in page and "Row 3, column weight:" in page
    assert "Row 3, column status:" in page
    assert not Milestone.objects.exists()


def test_the_downloads_are_in_the_import_format(people, plan, milestone):
    client = client_for(people["official"])
    csv_response = client.get(f"{WORK}plans/{plan.identifier}/milestones.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert csv_response.content == milestone_exchange.export_csv(plan)
    xlsx_response = client.get(f"{WORK}plans/{plan.identifier}/milestones.xlsx")
    assert "attachment" in xlsx_response["Content-Disposition"]
    assert xlsx_response.content[:2] == b"PK"


# The dashboard -------------------------------------------------------------------------------


def test_the_dashboard_shows_overdue_milestones_first(people, commitment):
    MilestoneFactory(
        commitment=commitment,
        number=7,
        deliverable_en="Late report",
        end_date=datetime.date(2020, 1, 1),
    )
    page = client_for(people["official"]).get(WORK).content.decode()
    assert "Overdue milestones" in page and "Late report" in page
    assert page.index("Overdue milestones") < page.index("The plans you keep")


def test_the_dashboard_of_an_official_leaves_other_members_out(people, plan, commitment):
    other = CommitmentFactory(plan=ActionPlanFactory(member=MemberFactory()), title_en="Elsewhere")
    official_page = client_for(people["official"]).get(WORK).content.decode()
    assert commitment.identifier in official_page and other.identifier not in official_page
    admin_page = client_for(people["admin"]).get(WORK).content.decode()
    assert commitment.identifier in admin_page and other.identifier in admin_page


def _grow(plan, commitments: int, milestones: int, first: int = 100) -> None:  # type: ignore[no-untyped-def]
    for index in range(commitments):
        commitment = CommitmentFactory(plan=plan, number=str(first + index))
        for number in range(1, milestones + 1):
            MilestoneFactory(
                commitment=commitment, number=number, end_date=datetime.date(2020, 1, 1)
            )


# Session and user, the person's memberships, the permission checks, then the page's own reads.
OFFICIAL_DASHBOARD_QUERIES = 14
ASSESSOR_DASHBOARD_QUERIES = 10


def test_the_dashboard_of_an_official_reads_a_fixed_number_of_queries(
    people, member, plan, commitment, milestone, django_assert_num_queries
):
    client = client_for(people["official"])
    with django_assert_num_queries(OFFICIAL_DASHBOARD_QUERIES):
        assert client.get(WORK).status_code == 200
    _grow(plan, 5, 4)
    _grow(ActionPlanFactory(member=member, number=2), 3, 3, first=200)
    with django_assert_num_queries(OFFICIAL_DASHBOARD_QUERIES):
        assert client.get(WORK).status_code == 200


def test_the_dashboard_of_an_assessor_reads_a_fixed_number_of_queries(
    people, plan, commitment, django_assert_num_queries
):
    client = client_for(people["independent_assessor"])
    with django_assert_num_queries(ASSESSOR_DASHBOARD_QUERIES):
        assert client.get(WORK).status_code == 200
    _grow(plan, 6, 2)
    with django_assert_num_queries(ASSESSOR_DASHBOARD_QUERIES):
        assert client.get(WORK).status_code == 200


def test_the_account_page_links_the_work_of_action_plans(people):
    for role in ("official", "independent_assessor", "cso_member", "admin"):
        page = client_for(people[role]).get("/en/account/").content.decode()
        assert 'href="/en/action-plans/work/"' in page, role
    citizen_page = client_for(people["citizen"]).get("/en/account/").content.decode()
    assert 'href="/en/action-plans/work/"' not in citizen_page
    assert registry.work_links_for(set()) == []


def test_a_write_without_the_csrf_token_is_refused(people, commitment):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["official"])
    response = client.post(
        f"{WORK}commitments/{commitment.identifier}/progress/",
        {"reported_on": "2025-03-01", "title": "No token"},
    )
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_a_milestone_number_already_taken_is_refused_and_the_deliverable_kept(
    people, commitment, milestone
):
    response = client_for(people["official"]).post(
        f"{WORK}commitments/{commitment.identifier}/milestones/new/",
        {"number": "1", "deliverable": "Typed again", "status": "not_started", "weight": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'value="Typed again"' in page
    assert "already exists" in page
    assert Milestone.objects.count() == 1
