"""Public action-plan pages: each shows the right data in the reader's language, the plan's filters
work and say when nothing matches, drafts never show, the commitment page names organisations and
never people, and every page reads the database a fixed number of times whatever the numbers of
commitments, milestones, updates and assessments."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from opencity.accounts.models import OrganisationKind
from opencity.actionplans import selectors
from opencity.actionplans.models import CoCreationEvent, Follow, PolicyArea, ProgressEvidence
from opencity.actionplans.scales import (
    AssessorKind,
    InfluenceLevel,
    MemberKind,
    MilestoneStatus,
    PlanStatus,
    ReportType,
)
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


def today() -> datetime.date:
    return timezone.localdate()


def days(number: int) -> datetime.date:
    return today() + datetime.timedelta(days=number)


def shown_date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text without tags, its white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def organisations(city_hall):
    municipality = city_hall.municipality
    return {
        "finance": factories.OrganisationFactory(
            kind=OrganisationKind.CITY_HALL,
            name_en="Finance Department",
            slug="finance",
            municipality=municipality,
        ),
        "it": factories.OrganisationFactory(
            kind=OrganisationKind.CITY_HALL,
            name_en="IT Office",
            slug="it-office",
            municipality=municipality,
        ),
        "watch": factories.OrganisationFactory(
            kind=OrganisationKind.CSO, name_en="Budget Watch", slug="budget-watch"
        ),
        "irm": factories.OrganisationFactory(
            kind=OrganisationKind.OTHER, name_en="Independent Reporting Mechanism", slug="irm"
        ),
    }


@pytest.fixture
def published(member, plan, organisations):
    """The member's public plan with three commitments (one the part of another), milestones
    (one overdue), reported progress with evidence, three assessments, events and a draft plan."""
    plan.influence_level = InfluenceLevel.COLLABORATE
    plan.minimum_requirements_met = True
    plan.reasoned_response_en = "Twelve proposals were taken up; three were not, for reasons given."
    plan.reasoned_response_url = "https://example.org/reasoned-response"
    plan.title_uk = "План відкритого врядування"
    plan.save()
    CoCreationEvent.objects.create(
        plan=plan,
        kind="workshop",
        held_on=datetime.date(2024, 3, 5),
        title_en="Workshop on open budgets",
        participants=40,
    )
    budget_area = PolicyAreaFactory(code="fiscal-openness", name_en="Fiscal openness")
    contracting = PolicyAreaFactory(code="open-contracting", name_en="Open contracting")
    budget = CommitmentFactory(
        plan=plan,
        number="1",
        identifier="ABI0001",
        title_en="Publish the budget as open data",
        title_uk="Оприлюднити бюджет як відкриті дані",
        problem_en="Nobody can read the budget.",
        description_en="Publish every budget line monthly.",
        how_it_helps_en="People can follow spending.",
        lead_institution=organisations["finance"],
        access_to_information=True,
        public_accountability=True,
    )
    budget.policy_areas.add(budget_area)
    budget.supporting_institutions.add(organisations["watch"])
    MilestoneFactory(
        commitment=budget,
        number=1,
        deliverable_en="Budget portal online",
        status=MilestoneStatus.COMPLETE,
        end_date=days(-60),
    )
    late = MilestoneFactory(
        commitment=budget,
        number=2,
        deliverable_en="Monthly spending files",
        status=MilestoneStatus.IN_PROGRESS,
        end_date=days(-10),
    )
    contracts = CommitmentFactory(
        plan=plan,
        number="2",
        identifier="ABI0002",
        title_en="Open contracting portal",
        lead_institution=organisations["it"],
        access_to_information=False,
        technology=True,
        civic_participation=True,
    )
    contracts.policy_areas.add(contracting)
    MilestoneFactory(
        commitment=contracts,
        number=1,
        deliverable_en="Contracts register",
        status=MilestoneStatus.NOT_STARTED,
        end_date=days(200),
    )
    part = CommitmentFactory(
        plan=plan,
        number="3",
        identifier="ABI0003",
        title_en="Contract data standard",
        parent=contracts,
        lead_institution=organisations["it"],
    )
    MilestoneFactory(
        commitment=part,
        number=1,
        deliverable_en="Standard adopted",
        status=MilestoneStatus.COMPLETE,
        end_date=days(-5),
    )
    author = factories.UserFactory(display_name="Ioana Reporter", email="ioana@example.org")
    update = ProgressUpdateFactory(
        commitment=budget,
        milestone=late,
        reported_on=days(-3),
        title_en="Half of the spending files out",
        text_en="Six of twelve months are published.",
        progress=Decimal(50),
        author=author,
        organisation=organisations["finance"],
    )
    ProgressEvidence.objects.create(
        update=update, url="https://example.org/spending", title="Spending files"
    )
    AssessmentFactory(
        commitment=budget,
        report_type=ReportType.RESULTS_REPORT,
        assessor_kind=AssessorKind.INDEPENDENT,
        organisation=organisations["irm"],
        specificity="high",
        relevance_access_to_information="yes",
        potential_impact="transformative",
        completion="substantial",
        open_government="major",
        verifiability="no_data",
        starred=True,
        author=author,
    )
    AssessmentFactory(
        commitment=budget,
        report_type=ReportType.RESULTS_REPORT,
        assessor_kind=AssessorKind.SELF,
        organisation=organisations["finance"],
        completion="complete",
        early_results="not_reviewed",
    )
    AssessmentFactory(
        commitment=budget,
        report_type=ReportType.RESULTS_REPORT,
        assessor_kind=AssessorKind.CIVIL_SOCIETY,
        organisation=organisations["watch"],
        completion="limited",
        promising=True,
    )
    draft = ActionPlanFactory(
        member=member, number=2, identifier="AP_ABI02", status=PlanStatus.DRAFT
    )
    CommitmentFactory(plan=draft, number="9", identifier="ABI0009", title_en="Secret draft idea")
    return {
        "plan": plan,
        "budget": budget,
        "contracts": contracts,
        "part": part,
        "draft": draft,
        "late": late,
    }


# --- Index and member -----------------------------------------------------------------------------


def test_index_lists_members_with_their_plans_and_latest_completion(client, published, member):
    national = MemberFactory(
        kind=MemberKind.NATIONAL,
        municipality=None,
        country=member.country,
        government=None,
        name_en="Republic of Example",
        slug="example",
        prefix="EXA",
    )
    ActionPlanFactory(member=national, number=1, identifier="AP_EXA01")
    only_draft = MemberFactory(name_en="Drafting Town", slug="drafting", prefix="DRT")
    ActionPlanFactory(member=only_draft, number=1, identifier="AP_DRT01", status=PlanStatus.DRAFT)

    response = client.get(reverse("actionplans:index"))

    assert response.status_code == 200
    text = text_of(response)
    assert "National governments" in text and "Local governments" in text
    assert "Republic of Example" in text
    # Alba Iulia: one public plan (the draft does not count); completion is the mean of the
    # top-level commitments: budget (1 complete + 1 at 50 %) = 75 %, contracts = its part, 100 %.
    assert re.search(r"Alba Iulia .*? 1 Action plan 2024–2026 87\.5 %", text)
    assert "Drafting Town" not in text


def test_member_page_shows_plans_over_time_with_completion_and_co_creation(
    client, published, member
):
    earlier = ActionPlanFactory(
        member=member,
        number=3,
        identifier="AP_ABI00",
        start_year=2019,
        end_year=2021,
        status=PlanStatus.COMPLETED,
        influence_level=InfluenceLevel.CONSULT,
        minimum_requirements_met=False,
    )
    MilestoneFactory(
        commitment=CommitmentFactory(plan=earlier, number="1", identifier="ABI0100"),
        status=MilestoneStatus.COMPLETE,
    )

    response = client.get(reverse("actionplans:member", kwargs={"slug": member.slug}))

    text = text_of(response)
    assert re.search(r"2019–2021 \(plan 3\) Action plan 3 completed 1 100\.0 % consult no", text)
    assert re.search(
        r"2024–2026 \(plan 1\) Action plan 1 in implementation 3 87\.5 % collaborate yes", text
    )
    assert "plan 2" not in text  # the draft
    assert text.index("2019–2021") < text.index("2024–2026")
    svg = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="plan-completion"' in svg
    assert "100.0 %" in svg.split('id="plan-completion"')[1].split("</svg>")[0]


def test_unknown_member_is_not_found(client, db):
    assert client.get(reverse("actionplans:member", kwargs={"slug": "nowhere"})).status_code == 404


# --- Plan ----------------------------------------------------------------------------------------


def plan_url(plan, **query: str) -> str:  # type: ignore[no-untyped-def]
    url = reverse("actionplans:plan", kwargs={"identifier": plan.identifier})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def shown_commitments(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(
        r'<th scope="row" id="commitment-\d+">.*?(ABI\d{4})', response.content.decode()
    )


def test_plan_page_shows_commitments_with_progress_status_and_overdue_milestones(client, published):
    response = client.get(plan_url(published["plan"]))

    assert response.status_code == 200
    assert shown_commitments(response) == ["ABI0001", "ABI0002", "ABI0003"]
    text = text_of(response)
    overdue = re.escape(shown_date(days(-10)))
    assert re.search(
        rf"ABI0001 Publish the budget as open data delayed 75\.0 % Finance Department "
        rf"overdue since {overdue} : Monthly spending files",
        text,
    )
    # The parent shows its part's progress; the part is listed right after it.
    assert re.search(r"ABI0002 Open contracting portal in progress 100\.0 %", text) is None
    assert re.search(r"ABI0002 Open contracting portal complete 100\.0 % IT Office none", text)
    assert re.search(r"part of the commitment above: ABI0003 Contract data standard complete", text)
    assert 'value="75.00" max="100"' in response.content.decode()


def test_plan_page_shows_the_co_creation_record(client, published):
    text = text_of(client.get(plan_url(published["plan"])))

    assert "Level of public influence collaborate" in text
    assert "collaborate — the level of this plan" in text
    assert "OGP minimum requirements met yes" in text
    assert "Twelve proposals were taken up" in text
    assert "Read the published reasoned response" in text
    assert re.search(
        rf"{shown_date(datetime.date(2024, 3, 5))} workshop Workshop on open budgets 40", text
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"value": "technology"}, ["ABI0002"]),
        ({"value": "access_to_information"}, ["ABI0001", "ABI0003"]),
        ({"area": "fiscal-openness"}, ["ABI0001"]),
        ({"status": "delayed"}, ["ABI0001"]),
        ({"status": "complete"}, ["ABI0002", "ABI0003"]),
        ({"lead": "it-office"}, ["ABI0002", "ABI0003"]),
        ({"lead": "it-office", "status": "complete", "area": "open-contracting"}, ["ABI0002"]),
    ],
)
def test_plan_filters_narrow_the_commitments(client, published, query, expected):
    response = client.get(plan_url(published["plan"], **query))

    assert shown_commitments(response) == expected
    assert f"{len(expected)} of 3 commitments match the filters." in text_of(response)


def test_plan_filters_that_match_nothing_say_so(client, published):
    response = client.get(plan_url(published["plan"], status="not_started"))

    assert shown_commitments(response) == []
    text = text_of(response)
    assert "0 of 3 commitments match the filters." in text
    assert "No commitments match these filters." in text
    assert "Show all commitments" in text


def test_plan_filter_with_an_unknown_value_shows_the_error_and_keeps_the_other_filters(
    client, published
):
    response = client.get(plan_url(published["plan"], lead="nobody", value="technology"))

    assert response.status_code == 200
    assert 'id="id_lead_error"' in response.content.decode()
    assert "Select a valid choice" in text_of(response)
    assert shown_commitments(response) == ["ABI0002"]


def test_plan_page_in_ukrainian_uses_the_translated_fields(client, published):
    published["late"].deliverable_uk = "Щомісячні файли видатків"
    published["late"].save()
    PolicyArea.objects.filter(code="fiscal-openness").update(name_uk="Фіскальна відкритість")
    with translation.override("uk"):
        url = plan_url(published["plan"])
    assert url.startswith("/uk/")
    text = text_of(client.get(url))

    assert "Оприлюднити бюджет як відкриті дані" in text
    assert "План відкритого врядування" in text
    assert ": Щомісячні файли видатків" in text  # the overdue milestone
    assert "Фіскальна відкритість" in text  # the policy-area filter
    assert "Open contracting" in text  # no Ukrainian name: the English one


def test_plan_page_in_romanian_falls_back_to_english_names(client, published):
    with translation.override("ro"):
        url = plan_url(published["plan"])
    text = text_of(client.get(url))

    assert ": Monthly spending files" in text
    assert "Fiscal openness" in text


@pytest.mark.parametrize("language", ["en", "uk", "ro", "bg"])
def test_every_public_page_renders_in_every_language(client, published, member, language):
    with translation.override(language):
        urls = [
            reverse("actionplans:index"),
            reverse("actionplans:overview"),
            reverse("actionplans:member", kwargs={"slug": member.slug}),
            plan_url(published["plan"]),
            reverse("actionplans:commitment", kwargs={"identifier": "ABI0001"}),
            member.municipality.get_absolute_url(),
        ]
    for url in urls:
        assert url.startswith(f"/{language}/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode()


# --- Drafts --------------------------------------------------------------------------------------


def test_a_draft_plan_and_its_commitments_are_not_found(client, published):
    draft = published["draft"]
    assert client.get(plan_url(draft)).status_code == 404
    url = reverse("actionplans:commitment", kwargs={"identifier": "ABI0009"})
    assert client.get(url).status_code == 404


def test_drafts_never_appear_on_public_pages(client, published, member):
    urls = [
        reverse("actionplans:index"),
        reverse("actionplans:overview"),
        reverse("actionplans:member", kwargs={"slug": member.slug}),
        plan_url(published["plan"]),
        member.municipality.get_absolute_url(),
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert "Secret draft idea" not in content, url
        assert "ABI0009" not in content and "AP_ABI02" not in content, url


# --- Commitment ----------------------------------------------------------------------------------


def commitment_url(identifier: str) -> str:
    return reverse("actionplans:commitment", kwargs={"identifier": identifier})


def test_commitment_page_shows_texts_institutions_values_and_milestones(client, published):
    response = client.get(commitment_url("ABI0001"))

    text = text_of(response)
    for expected in (
        "ABI0001 Publish the budget as open data",
        "The problem Nobody can read the budget.",
        "What the commitment does Publish every budget line monthly.",
        "How it helps solve the problem People can follow spending.",
        "Lead institution Finance Department",
        "Supporting institutions Budget Watch",
        "OGP values access to information public accountability",
        "Policy areas Fiscal openness",
        f"Start {shown_date(datetime.date(2024, 9, 1))}",
    ):
        assert expected in text, expected
    overdue = re.escape(shown_date(days(-10)))
    assert re.search(rf"2 Monthly spending files .*? delayed overdue since {overdue}", text)
    assert re.search(r"1 Budget portal online .*? complete", text)


def test_commitment_page_shows_parent_and_parts(client, published):
    parent = text_of(client.get(commitment_url("ABI0002")))
    assert re.search(
        r"Parts of this commitment .*? ABI0003 Contract data standard complete 100\.0 %", parent
    )
    assert "the mean of its parts" in parent
    part = text_of(client.get(commitment_url("ABI0003")))
    assert "Part of ABI0002 Open contracting portal" in part


def test_commitment_timeline_names_the_organisation_never_the_person(client, published):
    response = client.get(commitment_url("ABI0001"))

    text = text_of(response)
    reported = re.escape(shown_date(days(-3)))
    assert re.search(
        rf"{reported} : Half of the spending files out Reported by Finance Department "
        r"Progress 50\.0 % Milestone 2\. Monthly spending files Six of twelve months",
        text,
    )
    assert 'href="https://example.org/spending"' in response.content.decode()
    content = response.content.decode()
    assert "Ioana Reporter" not in content
    assert "ioana@example.org" not in content


def test_assessments_side_by_side_with_explicit_missing_values(client, published):
    response = client.get(commitment_url("ABI0001"))

    text = text_of(response)
    # Columns: independent, self, civil society.
    assert re.search(
        r"Scale independent assessment .*? government self-assessment .*? civil-society monitoring",
        text,
    )
    assert "Verifiability no data not assessed not assessed" in text
    assert "Completion substantial complete limited" in text
    assert "Did it open government? major not assessed not assessed" in text
    assert "Early results not assessed not reviewed not assessed" in text
    assert "Starred ★ starred not starred not starred" in text
    assert "Promising not named promising not named promising promising" in text


def test_an_anonymous_visitor_is_offered_a_sign_in_link_to_follow(client, published):
    content = client.get(commitment_url("ABI0001")).content.decode()

    assert "Sign in to follow this commitment" in content
    assert f"{reverse('account_login')}?next=/en/action-plans/commitments/ABI0001/" in content
    assert reverse("actionplans:follow", kwargs={"identifier": "ABI0001"}) not in content


def test_a_signed_in_person_can_follow_and_then_unfollow(client, published):
    person = factories.UserFactory()
    client.force_login(person)
    follow_url = reverse("actionplans:follow", kwargs={"identifier": "ABI0001"})
    unfollow_url = reverse("actionplans:unfollow", kwargs={"identifier": "ABI0001"})

    page = client.get(commitment_url("ABI0001")).content.decode()
    assert f'action="{follow_url}"' in page and "Follow this commitment" in page

    client.post(follow_url)
    assert Follow.objects.filter(user=person, commitment=published["budget"]).exists()
    page = client.get(commitment_url("ABI0001")).content.decode()
    assert f'action="{unfollow_url}"' in page and "Stop following this commitment" in page

    client.post(unfollow_url)
    assert not Follow.objects.filter(user=person).exists()


# --- Overview ------------------------------------------------------------------------------------


def test_overview_counts_completion_open_government_bands_and_starred(client, published):
    response = client.get(reverse("actionplans:overview"))

    text = text_of(response)
    assert "Public commitments 3" in text
    assert "Assessed independently 1" in text
    assert "Starred 100.0 % (1 of 1)" in text
    completion = text.split("Commitments by their completion")[1].split("All public")[0]
    assert "Substantial 1" in completion
    assert "Not assessed independently 2" in completion
    open_government = text.split("Commitments by whether they opened government")[1]
    assert "Major 1" in open_government.split("All public")[0]
    bands = text.split("Commitments by their progress from milestones")[1].split("All public")[0]
    assert "50 to 99 % 1" in bands and "100 %: complete 2" in bands
    assert re.search(r"Alba Iulia 3 91\.7 % 100\.0 % \(1 of 1\) 100\.0 % \(1 of 1\)", text)
    assert re.search(r"Fiscal openness 1 75\.0 % 100\.0 % \(1 of 1\)", text)
    content = response.content.decode()
    for chart in ("completion-chart", "open-government-chart", "bands-chart", "members-chart"):
        assert f'id="{chart}"' in content


def test_overview_without_commitments_says_so(client, db):
    assert "No commitment has been published yet." in text_of(
        client.get(reverse("actionplans:overview"))
    )


# --- Municipality section and home ----------------------------------------------------------------


def test_municipality_page_lists_the_local_plans_and_commitments(client, published, member):
    text = text_of(client.get(member.municipality.get_absolute_url()))

    assert "Open-government action plans" in text
    assert "Alba Iulia: action plan 2024–2026" in text
    assert re.search(r"ABI0001 Publish the budget as open data delayed 75\.0 %", text)
    assert "All action plans of Alba Iulia" in text


def test_municipality_without_a_local_member_has_no_section(client, db):
    municipality = factories.MunicipalityFactory()
    text = text_of(client.get(municipality.get_absolute_url()))
    assert "Open-government action plans" not in text


def test_home_counts_public_commitments(client, published):
    text = text_of(client.get(reverse("core:home")))
    assert "3 open-government commitments" in text


# --- Fixed query counts --------------------------------------------------------------------------


def build_plan(member, identifier: str, commitments: int, milestones: int):  # type: ignore[no-untyped-def]
    """A public plan of `member` with `commitments` commitments (every fifth a part of the one
    before), each with `milestones` milestones, a progress update with evidence, an area and an
    assessment of each kind."""
    plan = ActionPlanFactory(member=member, identifier=identifier)
    area = PolicyAreaFactory(code=f"area-{identifier.lower()}")
    lead = factories.OrganisationFactory(kind=OrganisationKind.OTHER)
    assessors = {
        AssessorKind.INDEPENDENT: factories.OrganisationFactory(kind=OrganisationKind.OTHER),
        AssessorKind.SELF: lead,
        AssessorKind.CIVIL_SOCIETY: factories.OrganisationFactory(kind=OrganisationKind.CSO),
    }
    previous = None
    for number in range(1, commitments + 1):
        commitment = CommitmentFactory(
            plan=plan,
            number=str(number),
            identifier=f"{identifier}-{number:03d}",
            lead_institution=lead,
            parent=previous if number % 5 == 0 else None,
        )
        commitment.policy_areas.add(area)
        commitment.supporting_institutions.add(assessors[AssessorKind.CIVIL_SOCIETY])
        for index in range(1, milestones + 1):
            milestone = MilestoneFactory(
                commitment=commitment,
                number=index,
                status=MilestoneStatus.COMPLETE if index % 3 == 0 else MilestoneStatus.IN_PROGRESS,
                end_date=days(-5 if index % 2 else 50),
            )
            update = ProgressUpdateFactory(
                commitment=commitment, milestone=milestone, progress=Decimal(30), organisation=lead
            )
            ProgressEvidence.objects.create(update=update, url="https://example.org/evidence")
        for kind in AssessorKind.values:
            AssessmentFactory(
                commitment=commitment,
                assessor_kind=kind,
                organisation=assessors[kind],
                completion="limited",
            )
        previous = commitment
    return plan


def queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_pages_read_a_fixed_number_of_queries_whatever_the_sizes(client, member, db):
    small = build_plan(member, "SMALL", commitments=3, milestones=3)
    small_counts = {
        "plan": queries(client, plan_url(small)),
        "commitment": queries(client, commitment_url("SMALL-001")),
        "index": queries(client, reverse("actionplans:index")),
        "member": queries(client, reverse("actionplans:member", kwargs={"slug": member.slug})),
        "overview": queries(client, reverse("actionplans:overview")),
        "municipality": queries(client, member.municipality.get_absolute_url()),
    }
    large = build_plan(member, "LARGE", commitments=30, milestones=30)
    large_counts = {
        "plan": queries(client, plan_url(large)),
        "commitment": queries(client, commitment_url("LARGE-005")),
        "index": queries(client, reverse("actionplans:index")),
        "member": queries(client, reverse("actionplans:member", kwargs={"slug": member.slug})),
        "overview": queries(client, reverse("actionplans:overview")),
        "municipality": queries(client, member.municipality.get_absolute_url()),
    }
    assert large_counts == small_counts
    # Pinned: a change that adds a query per page shows here.
    assert small_counts == {
        "plan": 6,
        "commitment": 12,  # with the linked consultations and events
        "index": 5,
        "member": 5,
        "overview": 7,
        "municipality": small_counts["municipality"],  # the whole page, other apps included
    }
    with CaptureQueriesContext(connection) as captured:
        selectors.municipality_section(None, member.municipality)
    assert len(captured.captured_queries) == 4


def test_commitment_page_for_a_signed_in_person_reads_a_fixed_number_of_queries(client, member):
    small = build_plan(member, "SMALL", commitments=2, milestones=2)
    client.force_login(factories.UserFactory())
    small_count = queries(client, commitment_url("SMALL-001"))
    build_plan(member, "LARGE", commitments=2, milestones=30)
    assert queries(client, commitment_url("LARGE-001")) == small_count
    assert small is not None
