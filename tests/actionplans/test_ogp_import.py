"""Import of OGP's published commitment table (`opencity import_ogp`)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencity.accounts.models import Organisation, OrganisationKind
from opencity.actionplans import ogp_exchange
from opencity.actionplans.models import ActionPlan, Assessment, Commitment, Member, PolicyArea
from opencity.actionplans.ogp_exchange import OgpImportError, ogp_import
from tests import factories

SAMPLE = Path(__file__).parent / "data" / "ogp_commitments_sample.csv"


@pytest.fixture
def places(db):
    """Ukraine and Romania are countries of the platform, with Iași among Romania's
    municipalities; Albania is not."""
    ukraine = factories.CountryFactory(code="UA")
    romania = factories.CountryFactory(code="RO")
    iasi = factories.MunicipalityFactory(
        region__country=romania, name_en="Iași", name_ro="Iași", slug="iasi"
    )
    return {"ukraine": ukraine, "romania": romania, "iasi": iasi}


def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


def edited(replacements: list[tuple[str, str]], data: bytes | None = None) -> bytes:
    text = (data or sample_bytes()).decode("utf-8-sig")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode("utf-8")


def snapshot() -> dict[str, object]:
    """What a person would see of the imported data, without database keys."""
    return {
        "members": sorted(
            Member.objects.values_list(
                "kind", "name_en", "prefix", "slug", "region", "country__code", "municipality__slug"
            )
        ),
        "plans": sorted(
            ActionPlan.all_objects.values_list(
                "identifier", "member__prefix", "number", "start_year", "end_year", "status"
            )
        ),
        "commitments": sorted(
            (
                c.identifier,
                c.plan.identifier,
                c.number,
                c.title_en,
                c.short_title_en or "",
                c.description_en or "",
                c.start_date,
                c.end_date,
                c.lead_institution.name_en if c.lead_institution else None,
                tuple(sorted(o.name_en for o in c.supporting_institutions.all())),
                tuple(sorted(a.name_en for a in c.policy_areas.all())),
                c.access_to_information,
                c.civic_participation,
                c.public_accountability,
                c.technology,
                c.theme,
                c.url,
            )
            for c in Commitment.all_objects.select_related("plan", "lead_institution")
        ),
        "assessments": sorted(
            (
                a.commitment.identifier,
                a.report_type,
                a.assessor_kind,
                a.organisation.name_en,
                a.starred,
                *(getattr(a, name) for name in ogp_exchange.ASSESSMENT_FIELDS),
            )
            for a in Assessment.objects.select_related("commitment", "organisation")
        ),
        "policy_areas": sorted(PolicyArea.objects.values_list("code", "name_en")),
        "organisations": sorted(Organisation.objects.values_list("name_en", "kind")),
    }


def test_sample_imports_members_plans_commitments_and_assessments(places):
    result = ogp_import(sample_bytes())

    assert result.problems == []
    assert result.counts["members"].created == 3
    assert result.counts["plans"].created == 4
    assert result.counts["commitments"].created == 12
    ukraine = Member.objects.get(prefix="UA")
    assert (ukraine.kind, ukraine.name_en, ukraine.country) == (
        "national",
        "Ukraine",
        places["ukraine"],
    )
    albania = Member.objects.get(prefix="AL")
    assert albania.country is None and albania.municipality is None
    iasi = Member.objects.get(prefix="IAS")
    assert (iasi.kind, iasi.name_en) == ("local", "Iași")
    assert iasi.municipality == places["iasi"] and iasi.country == places["romania"]

    plan = ActionPlan.all_objects.get(identifier="AP_UKR04")
    assert (plan.member, plan.number, plan.start_year, plan.end_year) == (ukraine, 4, 2016, 2018)
    assert plan.status == "completed"

    first = Commitment.all_objects.get(identifier="UA0051")
    assert first.title_en.startswith("Publish public procurement contracts")
    assert (first.start_date, first.end_date) == (
        datetime.date(2016, 9, 1),
        datetime.date(2018, 6, 30),
    )
    assert first.lead_institution.name_en == "Ministry of Economic Development and Trade"
    assert first.lead_institution.kind == OrganisationKind.NATIONAL_GOVERNMENT
    assert sorted(o.name_en for o in first.supporting_institutions.all()) == [
        "State Enterprise Prozorro",
        "Transparency International Ukraine",
    ]
    assert sorted(a.name_en for a in first.policy_areas.all()) == [
        "E-government",
        "Open contracting",
    ]
    assert (first.access_to_information, first.civic_participation) == (True, False)
    assert first.url == "https://www.opengovpartnership.org/members/ukraine/commitments/UA0051/"
    # A date with a time of day, missing dates written NA and ND.
    assert Commitment.all_objects.get(identifier="UA0052").end_date == datetime.date(2018, 6, 30)
    assert Commitment.all_objects.get(identifier="UA0053").end_date is None
    assert Commitment.all_objects.get(identifier="UA0054").start_date is None
    assert Commitment.all_objects.get(identifier="UA0071").start_date == datetime.date(2021, 9, 1)
    local = Commitment.all_objects.get(identifier="IAS0001")
    assert local.lead_institution.kind == OrganisationKind.OTHER


def test_irm_scales_become_assessments_of_the_mechanism_by_report(places):
    ogp_import(sample_bytes())

    mechanism = Organisation.objects.get(name_en="Independent Reporting Mechanism")
    assert mechanism.kind == OrganisationKind.OTHER
    older = {a.report_type: a for a in Assessment.objects.filter(commitment__identifier="UA0051")}
    assert sorted(older) == ["end_of_term", "mid_term"]
    mid, end = older["mid_term"], older["end_of_term"]
    assert (mid.specificity, mid.verifiability, mid.potential_impact, mid.completion) == (
        "high", "verifiable", "transformative", "substantial",
    )  # fmt: skip
    assert (mid.relevance_access_to_information, mid.relevance_civic_participation) == ("yes", "no")
    assert mid.starred is True and mid.assessor_kind == "independent"
    assert (end.completion, end.open_government) == ("complete", "major")
    assert end.open_government_access_to_information == "major"
    assert end.open_government_civic_participation == ""  # NA: the report did not say
    assert end.open_government_public_accountability == "marginal"

    refreshed = {
        a.report_type: a for a in Assessment.objects.filter(commitment__identifier="UA0071")
    }
    assert sorted(refreshed) == ["action_plan_review", "results_report"]
    assert refreshed["action_plan_review"].potential_for_results == "substantial"
    assert refreshed["action_plan_review"].relevance_public_accountability == "yes"
    results = refreshed["results_report"]
    assert (results.completion, results.early_results, results.open_government) == (
        "substantial", "moderate", "marginal",
    )  # fmt: skip
    road = Assessment.objects.get(commitment__identifier="UA0072", report_type="results_report")
    assert (road.early_results, road.open_government) == ("no_notable", "no_early_results")
    # ND and NR are explicit values.
    youth = {a.report_type: a for a in Assessment.objects.filter(commitment__identifier="UA0073")}
    assert youth["results_report"].completion == "not_reviewed"
    assert youth["action_plan_review"].verifiability == "not_verifiable"
    assert (
        Assessment.objects.get(
            commitment__identifier="UA0053", report_type="end_of_term"
        ).completion
        == "no_data"
    )


def test_policy_area_columns_are_the_flag_columns_with_readable_names(places):
    result = ogp_import(sample_bytes())

    assert sorted(PolicyArea.objects.values_list("name_en", flat=True)) == [
        "Anti-corruption and integrity",
        "E-government",
        "Fiscal openness",
        "Open contracting",
        "Public participation",
    ]
    # A text column is not a flag; numeric code columns are not read at all.
    assert result.ignored_columns == ["Notes"]


def test_every_created_row_has_its_history(places):
    ogp_import(sample_bytes())

    assert Commitment.history.filter(history_type="+").count() == 12
    assert Assessment.history.filter(history_type="+").count() == Assessment.objects.count()
    assert Member.history.count() == 3 and ActionPlan.history.count() == 4
    record = Commitment.history.get(identifier="UA0051")
    assert record.history_change_reason == ogp_exchange.CHANGE_REASON
    assert record.title_en == Commitment.all_objects.get(identifier="UA0051").title_en
    assert sorted(
        record.supporting_institutions.values_list("organisation__name_en", flat=True)
    ) == ["State Enterprise Prozorro", "Transparency International Ukraine"]
    starred = Assessment.history.get(commitment__identifier="UA0051", report_type="mid_term")
    assert starred.starred is True and starred.specificity == "high"


def test_a_second_import_changes_nothing(places):
    ogp_import(sample_bytes())
    before = snapshot()
    history = Commitment.history.count(), Assessment.history.count(), Member.history.count()

    result = ogp_import(sample_bytes())

    for key in ("members", "plans", "commitments", "assessments"):
        assert (result.counts[key].created, result.counts[key].updated) == (0, 0), key
    assert result.counts["commitments"].unchanged == 12
    assert result.counts["assessments"].unchanged == Assessment.objects.count()
    assert snapshot() == before
    assert (
        Commitment.history.count(),
        Assessment.history.count(),
        Member.history.count(),
    ) == history


def test_a_changed_file_updates_in_place_with_history(places):
    ogp_import(sample_bytes())
    changed = edited(
        [
            (
                "Participatory budgeting for neighbourhoods",
                "Participatory budgeting in every district",
            ),
            ("Moderate,Substantial,Complete,4,", "Moderate,Substantial,Substantial,3,"),
        ]
    )

    result = ogp_import(changed)

    assert result.counts["commitments"].updated == 1
    assert result.counts["assessments"].updated == 1
    commitment = Commitment.all_objects.get(identifier="IAS0001")
    assert commitment.title_en == "Participatory budgeting in every district"
    assert commitment.history.count() == 2
    assert commitment.history.first().history_change_reason == ogp_exchange.CHANGE_REASON
    # The history keeps the links as they were at each change.
    assert sorted(
        commitment.history.first().policy_areas.values_list("policyarea__name_en", flat=True)
    ) == ["Fiscal openness", "Public participation"]
    end = Assessment.objects.get(commitment=commitment, report_type="end_of_term")
    assert end.completion == "substantial"


def test_removed_links_are_removed(places):
    ogp_import(sample_bytes())
    changed = edited(
        [
            (
                "Transparency International Ukraine; State Enterprise Prozorro",
                "State Enterprise Prozorro",
            )
        ]
    )

    ogp_import(changed)

    commitment = Commitment.all_objects.get(identifier="UA0051")
    assert [o.name_en for o in commitment.supporting_institutions.all()] == [
        "State Enterprise Prozorro"
    ]


def test_existing_member_and_organisations_are_matched(places):
    member = Member.objects.create(
        kind="national",
        name_en="Ukraine",
        slug="ukraine-ogp",
        prefix="UA",
        country=places["ukraine"],
    )
    ministry = factories.OrganisationFactory(
        name_en="Ministry of Justice", kind=OrganisationKind.NATIONAL_GOVERNMENT
    )

    ogp_import(sample_bytes())

    assert Member.objects.filter(prefix="UA").get() == member
    assert Commitment.all_objects.get(identifier="UA0052").lead_institution == ministry
    assert Organisation.objects.filter(name_en="Ministry of Justice").count() == 1


def test_query_count_does_not_grow_with_the_rows(places):
    def queries(data: bytes) -> int:
        with CaptureQueriesContext(connection) as captured:
            ogp_import(data)
        return len(captured)

    small = queries(sample_bytes())
    Commitment.all_objects.all().delete()
    text = sample_bytes().decode("utf-8-sig")
    heading, *lines = text.splitlines()
    more = [heading, *lines]
    for copy in range(1, 4):
        more.extend(
            line.replace("UA00", f"UA{copy}0", 1)
            .replace("AL00", f"AL{copy}0", 1)
            .replace("IAS00", f"IAS{copy}0", 1)
            for line in lines
        )
    large = queries("\n".join(more).encode())
    assert Commitment.all_objects.count() == 48
    assert large <= small + 2


# Bad input ------------------------------------------------------------------------------------


UNKNOWN = "Not a value of this scale; stored as “no data”."


def problems_of(data: bytes) -> list[str]:
    with pytest.raises(OgpImportError) as caught:
        ogp_import(data)
    return [str(problem) for problem in caught.value.problems]


def assert_nothing_imported() -> None:
    assert Member.objects.count() == 0
    assert ActionPlan.all_objects.count() == 0
    assert Commitment.all_objects.count() == 0
    assert Assessment.objects.count() == 0
    assert PolicyArea.objects.count() == 0


def test_wrong_encoding_is_refused(places):
    # Romanian text saved by a spreadsheet in Windows-1250 (which has ş with a cedilla).
    data = sample_bytes().decode("utf-8-sig").replace("ș", "ş").encode("cp1250")

    (problem,) = problems_of(data)

    assert "not UTF-8" in problem and "line 11" in problem
    assert_nothing_imported()


def test_utf8_without_byte_order_mark_is_read(places):
    data = sample_bytes().decode("utf-8-sig").encode("utf-8")

    assert ogp_import(data).counts["commitments"].created == 12


def test_missing_columns_are_named(places):
    text = sample_bytes().decode("utf-8-sig")
    data = text.replace("Commitment Unique Identifier", "Identifier", 1).replace(
        "Action Plan End Year", "End", 1
    )

    problems = problems_of(data.encode())

    assert problems == [
        "row 1, column “Commitment Unique Identifier”: The column is missing from the heading row.",
        "row 1, column “Action Plan End Year”: The column is missing from the heading row.",
    ]
    assert_nothing_imported()


def test_a_date_that_is_not_a_date_is_named_by_row_and_column(places):
    data = edited([("9/1/2018,6/30/2020", "9/31/2018,June 2020")])

    problems = problems_of(data)

    assert problems == [
        "row 9, column “Start Date”: Not a date; dates are written month/day/year, as 6/30/2019. "
        "(value: “9/31/2018”)",
        "row 9, column “End Date”: Not a date; dates are written month/day/year, as 6/30/2019. "
        "(value: “June 2020”)",
    ]
    assert_nothing_imported()


def test_every_unknown_scale_value_is_listed_not_only_the_first(places):
    data = edited(
        [
            ("High,3,Yes", "Very High,3,Yes"),
            (
                "Moderate,Limited,Substantial,3,,,Marginal,Marginal",
                "Moderate,Mostly Done,Substantial,3,,,Marginal,Marginal",
            ),
            ("Moderate Results", "Great Results"),
        ]
    )

    problems = problems_of(data)

    assert problems == [
        f"row 2, column “Specificity”: {UNKNOWN} (value: “Very High”)",
        f"row 3, column “Completion (Progress Report)”: {UNKNOWN} (value: “Mostly Done”)",
        f"row 6, column “Early Results”: {UNKNOWN} (value: “Great Results”)",
    ]
    assert_nothing_imported()


def test_a_duplicate_identifier_is_named_in_every_row(places):
    data = edited([("IAS0002,2,", "IAS0001,2,")])

    problems = problems_of(data)

    assert problems == [
        "row 11, column “Commitment Unique Identifier”: The identifier appears in more than one "
        "row (first in row 11). (value: “IAS0001”)",
        "row 12, column “Commitment Unique Identifier”: The identifier appears in more than one "
        "row (first in row 11). (value: “IAS0001”)",
    ]
    assert_nothing_imported()


def test_a_local_member_without_a_municipality_here_is_a_problem(places):
    data = edited([("Iași, Romania", "Cluj-Napoca, Romania")] * 3)

    problems = problems_of(data)

    assert len(problems) == 3
    assert problems[0].startswith(
        "row 11, column “Country/Locality”: No municipality of this platform"
    )
    assert "prefix IAS" in problems[0]
    assert_nothing_imported()


def test_a_local_member_created_by_hand_is_used(places):
    Member.objects.create(
        kind="local", name_en="Iasi", slug="iasi", prefix="IAS", municipality=places["iasi"]
    )
    data = edited([("Iași, Romania", "Cluj-Napoca, Romania")] * 3)

    result = ogp_import(data)

    assert result.problems == []
    assert Commitment.all_objects.filter(plan__member__prefix="IAS").count() == 3


def test_other_bad_cells(places):
    data = edited(
        [
            ("National,Europe,AP_UKR04,4,1,2016", "Nation,Europe,AP_UKR04,4,1,2016"),
            ("AP_ALB04,4,1,2018,2020", "AP_ALB04,4,1,20l8,2020"),
            (",1,0,0,0,0,,None", ",1,0,yes,0,0,,None"),
        ]
    )

    problems = problems_of(data)

    assert problems == [
        "row 2, column “National Or Local”: Neither National nor Local (Legacy Local, Other). "
        "(value: “Nation”)",
        "row 9, column “Year Of Submission”: Not a year. (value: “20l8”)",
        "row 10, column “Fiscal Openness”: Not 0 or 1; stored as 0. (value: “yes”)",
    ]
    assert_nothing_imported()


def test_keep_going_imports_the_rest_and_stores_unknown_values_as_no_data(places):
    data = edited(
        [
            ("High,3,Yes", "Very High,3,Yes"),  # row 2: a value problem
            ("9/1/2018,6/30/2020", "9/31/2018,6/30/2020"),  # row 9: a broken date
            ("IAS0003,3", "IAS 0003,3"),  # row 13: a broken identifier
        ]
    )

    result = ogp_import(data, keep_going=True)

    assert len(result.problems) == 3 and result.skipped_rows == 2
    assert result.counts["commitments"].created == 10
    assert not Commitment.all_objects.filter(identifier__in=["AL0041", "IAS 0003"]).exists()
    mid = Assessment.objects.get(commitment__identifier="UA0051", report_type="mid_term")
    assert mid.specificity == "no_data"
    assert "row 9, column “Start Date”" in result.report


# The command ---------------------------------------------------------------------------------


def test_command_prints_a_summary(places, tmp_path):
    out = io.StringIO()

    call_command("import_ogp", str(SAMPLE), "--no-progress", stdout=out)

    text = out.getvalue()
    assert "members: 3 created, 0 updated, 0 unchanged" in text
    assert "commitments: 12 created, 0 updated, 0 unchanged" in text
    assert "plans: 4 created" in text
    assert f"assessments: {Assessment.objects.count()} created" in text


def test_command_refuses_a_file_with_problems_and_lists_them_all(places, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        edited([("High,3,Yes", "Very High,3,Yes"), ("9/1/2018,6/30/2020", "9/31/2018,6/30/2020")])
    )

    with pytest.raises(CommandError) as caught:
        call_command("import_ogp", str(path), "--no-progress", stdout=io.StringIO())

    message = str(caught.value)
    assert "2 problems" in message and "Nothing was imported" in message
    assert "row 2, column “Specificity”" in message and "row 9, column “Start Date”" in message
    assert_nothing_imported()


def test_command_keep_going_writes_the_report_next_to_the_file(places, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(edited([("9/1/2018,6/30/2020", "9/31/2018,6/30/2020")]))
    out = io.StringIO()

    call_command("import_ogp", str(path), "--keep-going", "--no-progress", stdout=out)

    report = (tmp_path / "bad.csv.problems.txt").read_text()
    assert "row 9, column “Start Date”" in report
    assert "row 9, column “Start Date”" in out.getvalue()
    assert "commitments: 11 created" in out.getvalue()


def test_command_report_path(places, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(edited([("9/1/2018,6/30/2020", "9/31/2018,6/30/2020")]))
    report = tmp_path / "report.txt"

    call_command(
        "import_ogp", str(path), "--keep-going", "--report", str(report), "--no-progress",
        stdout=io.StringIO(),
    )  # fmt: skip

    assert "row 9" in report.read_text()


def test_command_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("import_ogp", str(tmp_path / "none.csv"))


def test_an_empty_file_and_a_short_row_are_refused(places):
    assert problems_of("\ufeff".encode()) == ["The file is empty."]
    text = sample_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    lines[3] = ",".join(lines[3].split(",")[:10])

    problems = problems_of("\r\n".join(lines).encode())

    assert problems == ["row 4: The row has 10 cells where the heading has 43."]
    assert_nothing_imported()


def test_command_as_a_person_checks_the_permission_and_records_them(places, make_person):
    with pytest.raises(CommandError, match="No user"):
        call_command("import_ogp", str(SAMPLE), "--as", "nobody@example.org")
    official = make_person("city_official")
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_ogp", str(SAMPLE), "--as", official.email)
    assert_nothing_imported()
    admin = factories.UserFactory(is_superuser=True, is_staff=True)

    call_command(
        "import_ogp", str(SAMPLE), "--as", admin.email, "--no-progress", stdout=io.StringIO()
    )

    assert Commitment.history.filter(history_user=admin).count() == 12
