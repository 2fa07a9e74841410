"""The milestones of a plan as CSV or XLSX: the same format both ways, every problem named by row
and column, all or nothing."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from opencity.accounts.models import Role
from opencity.actionplans import milestone_exchange
from opencity.actionplans.milestone_exchange import COLUMNS, MilestonesFileError
from opencity.actionplans.models import Milestone
from opencity.actionplans.scales import MilestoneStatus
from tests import factories
from tests.actionplans.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(make_person):
    return make_person("city_official")


@pytest.fixture
def filled(plan, commitment):
    """Two commitments with milestones in every status, texts in several languages and texts
    that need quoting."""
    second = CommitmentFactory(plan=plan, number="2", identifier="ABI0002")
    MilestoneFactory(
        commitment=commitment,
        number=1,
        deliverable_en='Budget "at a glance", published',
        deliverable_uk="Бюджет коротко, оприлюднено",
        description_en="Line one\nline two, with a comma",
        responsible="Finance department",
        status=MilestoneStatus.COMPLETE,
        completed_on=datetime.date(2025, 3, 1),
        weight=Decimal("1.5"),
    )
    MilestoneFactory(
        commitment=commitment,
        number=2,
        deliverable_en="Open data portal",
        deliverable_ro="Portal de date deschise",
        status=MilestoneStatus.IN_PROGRESS,
        start_date=None,
        end_date=None,
    )
    MilestoneFactory(commitment=second, number=1, deliverable_bg="Публичен регистър")
    return plan


def csv_bytes(rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = milestone_exchange.SHEET
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row(**values: str) -> dict[str, str]:
    base = dict.fromkeys(COLUMNS, "")
    base.update(
        commitment="ABI0001",
        number="1",
        deliverable_en="A deliverable",
        start_date="2025-01-01",
        end_date="2025-06-30",
        status="not_started",
        weight="1",
    )
    base.update(values)
    return base


def do_import(actor, plan, data: bytes, filename: str = "milestones.csv", **options):  # type: ignore[no-untyped-def]
    return milestone_exchange.milestones_import(
        actor=actor, plan=plan, data=io.BytesIO(data), filename=filename, **options
    )


def snapshot() -> list[tuple]:
    return sorted(
        Milestone.objects.values_list(
            "commitment_id",
            "number",
            "deliverable_en",
            "deliverable_uk",
            "deliverable_ro",
            "deliverable_bg",
            "description_en",
            "responsible",
            "start_date",
            "end_date",
            "status",
            "completed_on",
            "weight",
        )
    )


def refused(actor, plan, data: bytes, filename: str = "milestones.csv") -> list[str]:  # type: ignore[no-untyped-def]
    """The messages of an import that must fail, after checking that it wrote nothing."""
    before = snapshot(), Milestone.history.count()
    with pytest.raises(MilestonesFileError) as error:
        do_import(actor, plan, data, filename)
    assert (snapshot(), Milestone.history.count()) == before
    return error.value.messages


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imported_again_changes_nothing(filled, official, fmt):
    data = (
        milestone_exchange.export_csv(filled)
        if fmt == "csv"
        else milestone_exchange.export_xlsx(filled)
    )
    before, history = snapshot(), Milestone.history.count()
    summary = do_import(official, filled, data, f"milestones.{fmt}")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    assert snapshot() == before
    assert Milestone.history.count() == history


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_brings_the_same_milestones_back_after_they_are_deleted(filled, official, fmt):
    data = (
        milestone_exchange.export_csv(filled)
        if fmt == "csv"
        else milestone_exchange.export_xlsx(filled)
    )
    rows = milestone_exchange.export_rows(filled)
    Milestone.objects.all().delete()
    summary = do_import(official, filled, data, f"milestones.{fmt}")
    assert summary.created == 3
    # completed_on is not in the file: a milestone imported as complete is complete as of today.
    assert milestone_exchange.export_rows(filled) == rows
    first = Milestone.objects.get(commitment__identifier="ABI0001", number=1)
    assert first.deliverable_uk == "Бюджет коротко, оприлюднено"
    assert first.description_en == "Line one\nline two, with a comma"
    assert first.weight == Decimal("1.5")


def test_the_csv_export_is_utf8_with_a_byte_order_mark_and_the_columns_in_order(filled):
    data = milestone_exchange.export_csv(filled)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0] == COLUMNS
    assert lines[1][:3] == ["ABI0001", "1", 'Budget "at a glance", published']
    assert lines[1][COLUMNS.index("status")] == "complete"
    assert lines[1][COLUMNS.index("weight")] == "1.5"
    assert lines[2][COLUMNS.index("end_date")] == ""


def test_the_xlsx_export_has_one_sheet_of_text(filled):
    workbook = load_workbook(io.BytesIO(milestone_exchange.export_xlsx(filled)))
    assert workbook.sheetnames == ["milestones"]
    values = list(workbook["milestones"].iter_rows(values_only=True))
    assert list(values[0]) == COLUMNS
    assert values[1][COLUMNS.index("start_date")] == "2024-09-01"


def test_an_import_updates_by_commitment_and_number_and_creates_the_rest(filled, official):
    rows = milestone_exchange.export_rows(filled)
    rows[1]["status"] = "complete"
    rows[1]["deliverable_en"] = "Open data portal, launched"
    rows.append(row(number="3", deliverable_uk="Новий етап", weight="2,5", end_date=""))
    summary = do_import(official, filled, csv_bytes(rows))
    assert (summary.created, summary.updated, summary.unchanged) == (1, 1, 2)
    second = Milestone.objects.get(commitment__identifier="ABI0001", number=2)
    assert second.status == "complete" and second.completed_on == datetime.date.today()
    assert second.deliverable_en == "Open data portal, launched"
    assert second.deliverable_ro == "Portal de date deschise"
    record = second.history.first()
    assert record.history_user == official and record.prev_record.status == "in_progress"
    third = Milestone.objects.get(commitment__identifier="ABI0001", number=3)
    assert (third.deliverable_uk, third.weight) == ("Новий етап", Decimal("2.5"))


def test_a_column_left_out_leaves_its_field_as_it_is(filled, official):
    columns = [column for column in COLUMNS if not column.startswith("description")]
    rows = milestone_exchange.export_rows(filled)
    rows[0]["weight"] = "3"
    summary = do_import(official, filled, csv_bytes(rows, columns))
    assert summary.updated == 1
    first = Milestone.objects.get(commitment__identifier="ABI0001", number=1)
    assert first.description_en == "Line one\nline two, with a comma"
    assert first.weight == Decimal(3)


def test_a_dry_run_counts_and_writes_nothing(filled, official):
    rows = [*milestone_exchange.export_rows(filled), row(number="9")]
    before = snapshot(), Milestone.history.count()
    summary = do_import(official, filled, csv_bytes(rows), dry_run=True)
    assert (summary.created, summary.unchanged) == (1, 3)
    assert (snapshot(), Milestone.history.count()) == before


def test_spreadsheet_cells_typed_as_numbers_and_dates_are_read_as_text(plan, commitment, official):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "milestones"
    sheet.append(COLUMNS)
    values = row()
    values.update(number=1, weight=1.5, start_date=datetime.datetime(2025, 1, 1))
    sheet.append([values[column] for column in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    do_import(official, plan, out.getvalue(), "m.xlsx")
    milestone = Milestone.objects.get(commitment=commitment, number=1)
    assert (milestone.start_date, milestone.weight) == (datetime.date(2025, 1, 1), Decimal("1.5"))


def test_every_bad_value_is_named_by_row_and_column_and_nothing_is_written(filled, official):
    other_plan = ActionPlanFactory(member=filled.member, number=2, identifier="AP_ABI02")
    CommitmentFactory(plan=other_plan, number="7", identifier="ABI0007")
    rows = [
        row(number="5"),  # row 2, correct: not written either
        row(commitment="XYZ0001"),
        row(commitment="ABI0007"),
        row(number="5", start_date="2025-13-01"),
        row(number="6", end_date="30.06.2025"),
        row(number="7", status="delayed"),
        row(number="8", weight="heavy"),
        row(number="9", weight="0"),
        row(number="x"),
        row(number="10", deliverable_en=""),
        row(number="11", start_date="2025-06-01", end_date="2025-01-01"),
        row(commitment=""),
    ]
    messages = refused(official, filled, csv_bytes(rows))
    assert messages == [
        "Row 3, column commitment: no commitment of the plan AP_ABI01 has the identifier "
        "“XYZ0001”.",
        "Row 4, column commitment: the commitment ABI0007 belongs to the plan AP_ABI02, not to "
        "AP_ABI01; import it with that plan.",
        "Row 5, column start_date: “2025-13-01” is not a date; write it as year-month-day, "
        "e.g. 2025-06-30.",
        "Row 5, column number: milestone 5 of ABI0001 is already in row 2; keep one of the "
        "two rows.",
        "Row 6, column end_date: “30.06.2025” is not a date; write it as year-month-day, "
        "e.g. 2025-06-30.",
        "Row 7, column status: “delayed” is not a status; use one of not_started, "
        "in_progress, complete.",
        "Row 8, column weight: “heavy” is not a number from 0.01 to 9999, such as 1 or 1.5.",
        "Row 9, column weight: “0” is not a number from 0.01 to 9999, such as 1 or 1.5.",
        "Row 10, column number: “x” is not a whole number from 1 to 32767.",
        "Row 11, column deliverable_en: a deliverable is required, in at least one language.",
        "Row 12, column end_date: the milestone cannot end before it starts.",
        "Row 13, column commitment: a value is required.",
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_duplicate_row_is_refused_in_both_formats(plan, commitment, official, fmt):
    rows = [row(), row(deliverable_en="Again")]
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    assert refused(official, plan, data, f"m.{fmt}") == [
        "Row 3, column number: milestone 1 of ABI0001 is already in row 2; keep one of the "
        "two rows."
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_missing_columns_are_named(plan, commitment, official, fmt):
    columns = [column for column in COLUMNS if column not in {"status", "weight"}]
    data = csv_bytes([row()], columns) if fmt == "csv" else xlsx_bytes([row()], columns)
    [message] = refused(official, plan, data, f"m.{fmt}")
    assert message.startswith("Row 1: the columns status, weight are missing; the columns are ")


def test_a_file_that_is_not_utf8_is_refused_with_its_row(plan, commitment, official):
    data = csv_bytes([row(), row(number="2", responsible="Primăria")]).decode().encode("cp1250")
    assert refused(official, plan, data) == [
        "Row 3: the file is not UTF-8 text. Save it again as “CSV UTF-8” (in LibreOffice: "
        "character set Unicode (UTF-8))."
    ]


def test_a_broken_workbook_is_refused(plan, commitment, official):
    data = xlsx_bytes([row()])[:200]
    assert refused(official, plan, data, "m.xlsx") == [
        "The file is not an XLSX workbook that can be read."
    ]


def test_a_workbook_without_the_sheet_is_refused(plan, commitment, official):
    workbook = Workbook()
    workbook.active.title = "Sheet1"
    out = io.BytesIO()
    workbook.save(out)
    assert refused(official, plan, out.getvalue(), "m.xlsx") == [
        "The workbook has no sheet named “milestones”."
    ]


def test_a_file_of_another_kind_is_refused(plan, commitment, official):
    assert refused(official, plan, b"x", "m.ods") == [
        "“m.ods” is neither a CSV file (.csv) nor an XLSX workbook (.xlsx). Download the "
        "milestones to see the format."
    ]


def test_semicolons_as_some_spreadsheets_save_them_are_read(plan, commitment, official):
    data = csv_bytes([row()]).decode().replace(",", ";").encode()
    assert do_import(official, plan, data).created == 1


def test_only_those_who_keep_the_plan_may_import(plan, commitment, make_person):
    ministry = factories.OrganisationFactory()
    commitment.lead_institution = ministry
    commitment.save()
    lead_official = factories.MembershipFactory(organisation=ministry, role=Role.OFFICIAL).user
    for person in (make_person("citizen"), make_person("independent_assessor"), lead_official):
        with pytest.raises(PermissionDenied):
            do_import(person, plan, csv_bytes([row()]))
    assert not Milestone.objects.exists()


def test_a_file_with_too_many_rows_is_refused(plan, commitment, official, monkeypatch):
    monkeypatch.setattr(milestone_exchange, "MAX_ROWS", 2)
    rows = [row(number=str(number)) for number in range(1, 4)]
    assert refused(official, plan, csv_bytes(rows)) == [
        "The file has more than 2 rows. Split it into several files, for example one per "
        "region, and import them one after the other."
    ]
    monkeypatch.setattr(milestone_exchange, "MAX_ROWS", 3)
    assert do_import(official, plan, csv_bytes(rows)).created == 3
