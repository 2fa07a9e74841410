"""A cycle's answers out and back in as CSV and XLSX: past editions come in whole or not at all,
every problem named by row and column, history recorded, only coordinators and administrators."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from opencity.rankings import answer_exchange, services
from opencity.rankings.models import Answer, AnswerState, Publication
from tests.conftest import ROLES
from tests.factories import MunicipalityFactory
from tests.rankings.test_cycles import dates

pytestmark = pytest.mark.django_db

COLUMNS = answer_exchange.COLUMNS


@pytest.fixture
def coordinator(make_person):
    return make_person("coordinator")


def open_cycle(coordinator, methodology, municipalities, name="Transparent Cities", year=2019):  # type: ignore[no-untyped-def]
    return services.cycle_open(
        actor=coordinator, methodology=methodology, year=year, name=name,
        municipalities=municipalities, **dates(offset_days=40),
    )  # fmt: skip


@pytest.fixture
def towns(db):
    return [
        MunicipalityFactory(name_en="Alba Iulia", code="1017"),
        MunicipalityFactory(name_en="Brasov", code="40198"),
        MunicipalityFactory(name_en="Cluj-Napoca", code="54975"),
    ]


@pytest.fixture
def cycle(coordinator, methodology, towns):
    return open_cycle(coordinator, methodology, towns)


def row(municipality, indicator: str, level: str = "1", **values: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "municipality_register": municipality.register,
        "municipality_code": municipality.code,
        "municipality": municipality.name,
        "indicator_code": indicator,
        "level": level,
        "evidence_urls": values.get("evidence_urls", ""),
        "comment": values.get("comment", ""),
        "recommendation": values.get("recommendation", ""),
        "state": values.get("state", ""),
    }


def full_rows(municipalities) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return [
        row(m, code, level, evidence_urls=f"https://{m.slug}.example.org/{code}")
        for m in municipalities
        for code, level in (("1.1", "1"), ("1.2", "0"), ("1.3", "1"))
    ]


def csv_bytes(
    rows: list[dict[str, str]], columns: list[str] = COLUMNS, delimiter: str = ","
) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(
        out, fieldnames=columns, extrasaction="ignore", lineterminator="\n", delimiter=delimiter
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict[str, str]], sheet: str = "answers") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(COLUMNS)
    for values in rows:
        worksheet.append([values[column] for column in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def do_import(actor, cycle, data: bytes, filename: str = "answers.csv"):  # type: ignore[no-untyped-def]
    return answer_exchange.answers_import(
        actor=actor, cycle=cycle, data=io.BytesIO(data), filename=filename
    )


def refused(actor, cycle, data: bytes, filename: str = "answers.csv") -> list[str]:  # type: ignore[no-untyped-def]
    """The messages of an import that must fail, after checking that it wrote nothing."""
    before = Answer.objects.count(), Answer.history.count()
    with pytest.raises(ValidationError) as error:
        do_import(actor, cycle, data, filename)
    assert (Answer.objects.count(), Answer.history.count()) == before
    return error.value.messages


def comparable(cycle) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return [
        {key: value for key, value in values.items() if key != "state"}
        for values in answer_exchange.answers_export_rows(cycle)
    ]


@pytest.fixture
def worked(cycle, towns, methodology, coordinator):
    """The cycle with answers in several states, texts that need quoting, and an unanswered
    indicator."""
    indicators = {i.code: i for i in methodology.indicators.select_related("scale")}
    levels = {level.code: level for level in indicators["1.1"].scale.levels.all()}
    texts = [
        ("1", "https://alba.example.org/a https://alba.example.org/b", "Published, on time", ""),
        ("0", "", 'Says "soon"\nsecond line', "Publish the budget; then the plan"),
        ("", "", "", ""),
    ]
    for municipality in towns:
        for indicator, (level, urls, comment, recommendation) in zip(
            indicators.values(), texts, strict=True
        ):
            Answer.objects.create(
                cycle=cycle, municipality=municipality, indicator=indicator,
                level=levels.get(level), evidence_urls=urls.split(), comment=comment,
                recommendation=recommendation, state=AnswerState.IN_PROGRESS, revision=2,
            )  # fmt: skip
    Answer.objects.filter(cycle=cycle, municipality=towns[0]).update(
        state=AnswerState.APPROVED, comment="Коментар: ради громади"
    )
    return cycle


# --- Export and round trip ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_of_an_export_gives_the_same_answers_back(
    worked, coordinator, methodology, towns, fmt
):
    data = (
        answer_exchange.export_csv(worked) if fmt == "csv" else answer_exchange.export_xlsx(worked)
    )
    earlier = open_cycle(coordinator, methodology, towns, name="Earlier edition", year=2018)
    summary = do_import(coordinator, earlier, data, f"answers.{fmt}")
    assert summary == answer_exchange.ImportSummary(created=9, updated=0, unchanged=0, unanswered=3)
    assert comparable(earlier) == comparable(worked)
    assert set(earlier.answers.values_list("state", flat=True)) == {AnswerState.APPROVED}
    answer = earlier.answers.get(municipality=towns[1], indicator__code="1.2")
    assert answer.comment == 'Says "soon"\nsecond line'
    assert answer.recommendation == "Publish the budget; then the plan"
    assert earlier.answers.get(municipality=towns[0], indicator__code="1.1").evidence_urls == [
        "https://alba.example.org/a",
        "https://alba.example.org/b",
    ]
    assert earlier.answers.get(municipality=towns[2], indicator__code="1.3").level is None


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    cycle, coordinator, towns, fmt
):
    rows = full_rows(towns)
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    assert do_import(coordinator, cycle, data, f"a.{fmt}").created == 9
    history = Answer.history.count()
    again = do_import(coordinator, cycle, data, f"a.{fmt}")
    assert again == answer_exchange.ImportSummary(created=0, updated=0, unchanged=9, unanswered=0)
    assert Answer.history.count() == history


def test_export_has_the_documented_columns_ordered_by_municipality_then_indicator(
    worked, towns, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = answer_exchange.answers_export_rows(worked)
    assert [(r["municipality"], r["indicator_code"]) for r in rows] == [
        (town.name, code) for town in towns for code in ("1.1", "1.2", "1.3")
    ]
    assert rows[0] == {
        "municipality_register": "siruta",
        "municipality_code": "1017",
        "municipality": "Alba Iulia",
        "indicator_code": "1.1",
        "level": "1",
        "evidence_urls": "https://alba.example.org/a\nhttps://alba.example.org/b",
        "comment": "Коментар: ради громади",
        "recommendation": "",
        "state": "approved",
    }
    data = answer_exchange.export_csv(worked)
    assert data.startswith(b"\xef\xbb\xbfmunicipality_register,municipality_code,")
    workbook = load_workbook(io.BytesIO(answer_exchange.export_xlsx(worked)))
    assert workbook.sheetnames == ["answers"]
    sheet = list(workbook["answers"].iter_rows(values_only=True))
    assert list(sheet[0]) == COLUMNS and len(sheet) == 10
    assert sheet[1][1] == "1017"  # codes stay text, with any leading zeros


def test_import_approves_records_history_as_an_import_and_increments_revisions(
    worked, coordinator, towns
):
    rows = [row(towns[1], "1.1", "0", comment="Re-checked", evidence_urls="http://b.example.org")]
    rows.append(row(towns[1], "1.2", "", comment="New"))
    summary = do_import(coordinator, worked, csv_bytes(rows))
    assert summary == answer_exchange.ImportSummary(created=0, updated=2, unchanged=0, unanswered=1)
    answer = worked.answers.get(municipality=towns[1], indicator__code="1.1")
    assert (answer.level.code, answer.comment, answer.state, answer.revision) == (
        "0", "Re-checked", AnswerState.APPROVED, 3,
    )  # fmt: skip
    assert answer.evidence_urls == ["http://b.example.org"] and answer.updated_by == coordinator
    latest = answer.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == coordinator and latest.history_change_reason == "import"
    assert latest.history_type == "~" and latest.level.code == "0"
    unanswered = worked.answers.get(municipality=towns[1], indicator__code="1.2")
    assert unanswered.level is None and unanswered.comment == "New"
    # answers the file does not mention stay as they were
    assert worked.answers.get(municipality=towns[2], indicator__code="1.1").state == "in_progress"


def test_created_answers_have_history_revision_one_and_the_importer(cycle, coordinator, towns):
    do_import(coordinator, cycle, csv_bytes(full_rows(towns[:1])))
    answer = cycle.answers.get(municipality=towns[0], indicator__code="1.2")
    assert answer.revision == 1 and answer.updated_by == coordinator
    assert [
        (h.history_type, h.history_change_reason, h.history_user) for h in answer.history.all()
    ] == [("+", "import", coordinator)]


def test_a_csv_with_a_byte_order_mark_semicolons_and_without_informative_columns_is_read(
    cycle, coordinator, towns
):
    columns = [c for c in COLUMNS if c not in {"municipality", "state"}]
    data = b"\xef\xbb\xbf" + csv_bytes(full_rows(towns), columns, delimiter=";")
    assert do_import(coordinator, cycle, data).created == 9


def test_xlsx_numbers_typed_as_numbers_are_read_as_codes(cycle, coordinator, towns, methodology):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "answers"
    sheet.append(COLUMNS)
    sheet.append(["siruta", 1017, "Alba Iulia", "1.1", 1, None, None, None, None])
    sheet.append(["SIRUTA", 40198.0, None, "1.2", 0.0, None, None, None, None])
    out = io.BytesIO()
    workbook.save(out)
    assert do_import(coordinator, cycle, out.getvalue(), "old.XLSX").created == 2
    assert cycle.answers.get(municipality=towns[1]).level.code == "0"


# --- Bad files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"municipality_code": "99999"},
            "Row 3, column municipality_code: no municipality has the code 99999 in the "
            "siruta register.",
        ),
        (
            {"municipality_register": "oktmo"},
            "Row 3, column municipality_register: “oktmo” is not a register; use one of "
            "katotth, siruta, ekatte.",
        ),
        ({"municipality_code": ""}, "Row 3, column municipality_code: a value is required."),
        (
            {"indicator_code": "9.9"},
            "Row 3, column indicator_code: “9.9” is not an indicator of the methodology "
            "Transparent Cities 2024 v1.",
        ),
        (
            {"level": "2"},
            "Row 3, column level: “2” is not a level of the scale of indicator 1.2; use one of "
            "1, 0, or leave it empty",
        ),
        (
            {"evidence_urls": "https://ok.example.org ftp://files.example.org/a.pdf"},
            "Row 3, column evidence_urls: “ftp://files.example.org/a.pdf” is not a web address "
            "starting with http:// or https://.",
        ),
        (
            {"evidence_urls": "www.example.org"},
            "Row 3, column evidence_urls: “www.example.org” is not a web address",
        ),
        (
            {"evidence_urls": " ".join(f"https://e.example.org/{n}" for n in range(11))},
            "Row 3, column evidence_urls: 11 links; at most 10 are allowed.",
        ),
        (
            {"evidence_urls": "https://example.org/" + "a" * 2000},
            "Row 3, column evidence_urls: “https://example.org/aaa",
        ),
        (
            {"indicator_code": "1.1"},
            "Row 3, column indicator_code: municipality siruta 1017 and indicator 1.1 are "
            "already in row 2; keep one of the two rows.",
        ),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_bad_value_is_refused_with_its_row_and_column_and_nothing_is_written(
    worked, coordinator, towns, change, message, fmt
):
    rows = full_rows(towns)
    rows[1].update(change)  # row 3 of the file: the header is row 1
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    messages = refused(coordinator, worked, data, f"answers.{fmt}")
    assert len(messages) == 1
    assert messages[0].startswith(message)


def test_a_municipality_outside_the_cycle_is_told_apart_from_an_unknown_one(
    cycle, coordinator, towns
):
    outsider = MunicipalityFactory(name_en="Sibiu", code="143450")
    rows = full_rows(towns)
    rows.insert(3, row(outsider, "1.1"))
    assert refused(coordinator, cycle, csv_bytes(rows)) == [
        "Row 5, column municipality_code: the municipality siruta 143450 is not in the cycle "
        "Transparent Cities 2019; add it to the cycle or remove its rows."
    ]


def test_every_problem_is_reported_at_once_in_row_order(cycle, coordinator, towns):
    rows = full_rows(towns)
    rows[7]["level"] = "yes"
    rows[0]["indicator_code"] = "7.7"
    rows[4]["municipality_code"] = "0"
    rows[4]["evidence_urls"] = "mailto:mayor@example.org"
    assert refused(coordinator, cycle, csv_bytes(rows)) == [
        "Row 2, column indicator_code: “7.7” is not an indicator of the methodology "
        "Transparent Cities 2024 v1.",
        "Row 6, column evidence_urls: “mailto:mayor@example.org” is not a web address starting "
        "with http:// or https://.",
        "Row 6, column municipality_code: no municipality has the code 0 in the siruta register.",
        "Row 9, column level: “yes” is not a level of the scale of indicator 1.2; use one of "
        "1, 0, or leave it empty if it was not answered.",
    ]


def test_a_long_list_of_problems_stops_at_fifty_and_says_how_many_more(cycle, coordinator, towns):
    rows = [row(towns[0], f"X{number}") for number in range(60)]
    with pytest.raises(answer_exchange.AnswersFileError) as error:
        do_import(coordinator, cycle, csv_bytes(rows))
    assert len(error.value.problems) == 60
    assert len(error.value.messages) == 51
    assert error.value.messages[0].startswith("Row 2, column indicator_code: “X0”")
    assert error.value.messages[-1] == "… and 10 more problems."


def test_empty_rows_are_skipped_but_keep_the_numbering(cycle, coordinator, towns):
    rows = full_rows(towns)
    rows.insert(2, dict.fromkeys(COLUMNS, ""))
    rows[5]["level"] = "x"
    assert refused(coordinator, cycle, csv_bytes(rows))[0].startswith("Row 7, column level:")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_missing_column_is_named(cycle, coordinator, towns, fmt):
    columns = [c for c in COLUMNS if c not in {"level", "comment"}]
    if fmt == "csv":
        data, name = csv_bytes(full_rows(towns), columns), "a.csv"
    else:
        workbook = Workbook()
        workbook.active.title = "answers"
        workbook.active.append(columns)
        out = io.BytesIO()
        workbook.save(out)
        data, name = out.getvalue(), "a.xlsx"
    assert refused(coordinator, cycle, data, name) == [
        "Row 1: the columns level, comment are missing; the columns are "
        "municipality_register, municipality_code, municipality, indicator_code, level, "
        "evidence_urls, comment, recommendation, state."
    ]


def test_a_column_given_twice_is_named(cycle, coordinator, towns):
    data = csv_bytes(full_rows(towns)).replace(b",state\n", b",level\n", 1)
    assert refused(coordinator, cycle, data) == ["Row 1, column level: this column appears twice."]


def test_a_workbook_without_the_answers_sheet_is_refused(cycle, coordinator, towns):
    data = xlsx_bytes(full_rows(towns), sheet="Sheet1")
    assert refused(coordinator, cycle, data, "answers.xlsx") == [
        "The workbook has no sheet named “answers”."
    ]


def test_a_file_that_is_not_utf8_names_the_row(cycle, coordinator, towns):
    rows = full_rows(towns)
    rows[2]["comment"] = "Рішення ради"
    data = csv_bytes(rows).decode().encode("cp1251")
    messages = refused(coordinator, cycle, data)
    assert messages == [
        "Row 4: the file is not UTF-8 text. Save it again as “CSV UTF-8” (in LibreOffice: "
        "character set Unicode (UTF-8))."
    ]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"%PDF-1.4", "answers.pdf", "“answers.pdf” is neither a CSV file (.csv) nor an XLSX"),
        (b"municipality_register,level\n", "answers", "“answers” is neither a CSV file"),
        (b"not a workbook", "answers.xlsx", "The file is not an XLSX workbook that can be read."),
        (b"", "answers.csv", "Row 1: the row is empty; row 1 must hold the column names."),
        (b"\n\n", "answers.csv", "Row 1: the row is empty"),
    ],
)
def test_a_file_that_is_not_an_answers_table_is_refused(
    cycle, coordinator, data, filename, message
):
    assert refused(coordinator, cycle, data, filename)[0].startswith(message)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_with_too_many_rows_is_refused(cycle, coordinator, towns, monkeypatch, fmt):
    monkeypatch.setattr(answer_exchange, "MAX_ROWS", 8)
    rows = full_rows(towns)
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    assert refused(coordinator, cycle, data, f"a.{fmt}") == [
        "The file has more than 8 rows. Split it into several files, for example one per "
        "region, and import them one after the other."
    ]
    monkeypatch.setattr(answer_exchange, "MAX_ROWS", 9)
    assert do_import(coordinator, cycle, data, f"a.{fmt}").created == 9


def test_a_file_too_large_in_bytes_is_refused(cycle, coordinator, towns, monkeypatch):
    monkeypatch.setattr(answer_exchange, "MAX_BYTES", 100)
    assert refused(coordinator, cycle, csv_bytes(full_rows(towns)))[0].startswith(
        "The file is larger than"
    )


# --- Who may import, and when ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_and_administrators_import(cycle, towns, make_person, role):
    person = make_person(role)
    data = csv_bytes(full_rows(towns))
    if role in {"coordinator", "admin"}:
        assert do_import(person, cycle, data).created == 9
    else:
        with pytest.raises(PermissionDenied):
            do_import(person, cycle, data)
        assert not Answer.objects.exists()


def test_refused_once_the_cycle_is_published(cycle, coordinator, towns):
    Publication.objects.create(
        cycle=cycle, version=1, published_at=timezone.now(), published_by=coordinator
    )
    messages = refused(coordinator, cycle, csv_bytes(full_rows(towns)))
    assert messages == [
        "The results of this cycle are published; they change only through a correction, "
        "published as a new version with a reason."
    ]


def _import_queries(coordinator, methodology, count: int) -> int:  # type: ignore[no-untyped-def]
    municipalities = MunicipalityFactory.create_batch(count)
    cycle = open_cycle(coordinator, methodology, municipalities, name=f"Cycle of {count}")
    rows = full_rows(municipalities)
    # Half the answers exist already: the import both creates and updates.
    do_import(coordinator, cycle, csv_bytes(rows[: len(rows) // 2]))
    for values in rows:
        values["comment"] = "Checked again"
    with CaptureQueriesContext(connection) as queries:
        summary = do_import(coordinator, cycle, csv_bytes(rows))
    assert summary.created and summary.updated
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(coordinator, methodology):
    small = _import_queries(coordinator, methodology, 3)
    assert _import_queries(coordinator, methodology, 10) == small
    # permission, publication, municipalities, indicators, levels, existing answers, savepoint
    # and its release, and one statement each for the new answers, their history, the updated
    # answers and their history
    assert small == 12


# --- The command ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_command_exports_and_imports_with_a_summary(
    worked, coordinator, methodology, towns, tmp_path, suffix
):
    target = tmp_path / f"answers{suffix}"
    out = io.StringIO()
    call_command("answers", "export", str(worked.pk), str(target), stdout=out)
    assert "Wrote 9 answers" in out.getvalue()
    earlier = open_cycle(coordinator, methodology, towns, name="Earlier", year=2017)
    out = io.StringIO()
    call_command(
        "answers", "import", str(earlier.pk), str(target), "--as", coordinator.email, stdout=out
    )
    assert out.getvalue().strip() == (
        f"Imported 9 rows into {earlier}: 9 new, 0 updated, 0 unchanged; 3 without a level."
    )
    assert comparable(earlier) == comparable(worked)


def test_command_lists_every_problem_and_exits_with_status_one(
    cycle, coordinator, towns, tmp_path, capsys
):
    rows = full_rows(towns)
    rows[0]["level"] = "7"
    rows[1]["indicator_code"] = "0.0"
    target = tmp_path / "bad.csv"
    target.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError) as error:
        call_command("answers", "import", str(cycle.pk), str(target), "--as", coordinator.email)
    assert "2 problem(s); nothing was imported." in str(error.value)
    assert "\n  Row 2, column level: “7”" in str(error.value)
    assert "\n  Row 3, column indicator_code: “0.0”" in str(error.value)
    assert not Answer.objects.exists()

    from opencity.cli import main

    with pytest.raises(SystemExit) as exit_status:
        main(["answers", "import", str(cycle.pk), str(target), "--as", coordinator.email])
    assert exit_status.value.code == 1
    assert "Row 2, column level" in capsys.readouterr().err


def test_command_refuses_unknown_people_cycles_and_file_types(cycle, coordinator, tmp_path):
    with pytest.raises(CommandError, match="No cycle with ID 0"):
        call_command("answers", "export", "0", str(tmp_path / "a.csv"))
    with pytest.raises(CommandError, match=r"must end in \.csv or \.xlsx"):
        call_command("answers", "export", str(cycle.pk), str(tmp_path / "a.ods"))
    with pytest.raises(CommandError, match="--as must name"):
        call_command("answers", "import", str(cycle.pk), "a.csv", "--as", "nobody@example.org")
    with pytest.raises(CommandError, match="file not found"):
        call_command("answers", "import", str(cycle.pk), "a.csv", "--as", coordinator.email)


# --- The coordinator's page -----------------------------------------------------------------


def url(cycle, name: str = "answers/import/", language: str = "en") -> str:  # type: ignore[no-untyped-def]
    return f"/{language}/rankings/cycles/{cycle.pk}/{name}"


def upload(data: bytes, name: str = "answers.csv") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_page_shows_an_accessible_form_with_the_format(client, cycle, coordinator):
    client.force_login(coordinator)
    page = client.get(url(cycle)).content.decode()
    assert page.count("<h1") == 1 and "Import the answers of Transparent Cities 2019" in page
    assert '<label for="id_file">File with the answers</label>' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'aria-describedby="id_file-help"' in page and 'id="id_file-help"' in page
    assert f'href="/en/rankings/cycles/{cycle.pk}/answers.csv"' in page
    assert "<code>evidence_urls</code>" in page


def test_page_renders_in_ukrainian(client, cycle, coordinator):
    client.force_login(coordinator)
    response = client.get(url(cycle, language="uk"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="uk">' in page and 'name="file"' in page
    assert f'href="/uk/rankings/cycles/{cycle.pk}/answers.xlsx"' in page


def test_page_imports_a_file_and_says_how_many_answers(client, cycle, coordinator, towns):
    client.force_login(coordinator)
    response = client.post(url(cycle), {"file": upload(csv_bytes(full_rows(towns)))})
    assert response.status_code == 302 and response["Location"] == url(cycle)
    page = client.get(url(cycle)).content.decode()
    assert (
        "The answers were imported. New: 9. Updated: 0. Unchanged: 0. Without a level: 0." in page
    )
    assert cycle.answers.filter(state=AnswerState.APPROVED).count() == 9


def test_page_lists_every_problem_tied_to_the_field_and_writes_nothing(
    client, cycle, coordinator, towns
):
    client.force_login(coordinator)
    rows = full_rows(towns)
    rows[0]["level"] = "7"
    rows[5]["evidence_urls"] = "javascript:alert(1)"
    response = client.post(url(cycle), {"file": upload(csv_bytes(rows))})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-describedby="id_file-help id_file-error"' in page
    assert 'aria-invalid="true"' in page
    assert '<ul class="errorlist" id="id_file-error">' in page
    assert "<li>Row 2, column level: “7” is not a level" in page
    assert "<li>Row 7, column evidence_urls: “javascript:alert(1)” is not a web address" in page
    assert "The file was not imported: 2 problems. Nothing was changed." in page
    assert 'role="alert"' in page and 'href="#id_file"' in page
    assert not Answer.objects.exists()


def test_page_asks_for_a_file_and_refuses_after_publication(client, cycle, coordinator, towns):
    client.force_login(coordinator)
    page = client.post(url(cycle), {}).content.decode()
    assert 'aria-invalid="true"' in page and "This field is required." in page
    Publication.objects.create(
        cycle=cycle, version=1, published_at=timezone.now(), published_by=coordinator
    )
    page = client.post(url(cycle), {"file": upload(csv_bytes(full_rows(towns)))}).content.decode()
    assert "they change only through a correction" in page
    assert 'aria-describedby="id_file-help import-error"' in page
    assert not Answer.objects.exists()


def _page_import_queries(client, coordinator, methodology, count: int) -> int:  # type: ignore[no-untyped-def]
    municipalities = MunicipalityFactory.create_batch(count)
    cycle = open_cycle(coordinator, methodology, municipalities, name=f"Page {count}")
    data = csv_bytes(full_rows(municipalities))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url(cycle), {"file": upload(data)})
    assert response.status_code == 302
    assert cycle.answers.count() == count * 3
    return len(queries)


def test_page_import_makes_the_same_number_of_queries_for_3_or_10_municipalities(
    client, coordinator, methodology, django_assert_max_num_queries
):
    client.force_login(coordinator)
    small = _page_import_queries(client, coordinator, methodology, 3)
    assert _page_import_queries(client, coordinator, methodology, 10) == small
    municipalities = MunicipalityFactory.create_batch(5)
    cycle = open_cycle(coordinator, methodology, municipalities, name="Pinned")
    with django_assert_max_num_queries(small):
        client.post(url(cycle), {"file": upload(csv_bytes(full_rows(municipalities)))})


def test_page_get_makes_a_fixed_number_of_queries(
    client, cycle, coordinator, django_assert_num_queries
):
    client.force_login(coordinator)
    # session, person, role and authenticator (two-factor check), permission, cycle
    with django_assert_num_queries(6):
        client.get(url(cycle))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_are_the_import_format(client, worked, coordinator, fmt):
    client.force_login(coordinator)
    response = client.get(url(worked, f"answers.{fmt}"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="transparent-cities-2019-answers.{fmt}"'
    )
    if fmt == "csv":
        assert response.content == answer_exchange.export_csv(worked)
    else:
        assert load_workbook(io.BytesIO(response.content)).sheetnames == ["answers"]


@pytest.mark.parametrize("role", ROLES)
def test_page_and_downloads_only_for_coordinators_and_administrators(
    client, cycle, make_person, role
):
    person = make_person(role)
    if role != "visitor":
        client.force_login(person)
    for name in ("answers/import/", "answers.csv", "answers.xlsx"):
        response = client.get(url(cycle, name))
        if role in {"coordinator", "admin"}:
            assert response.status_code == 200
        elif role == "visitor":
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:
            assert response.status_code == 403
    response = client.post(url(cycle), {"file": upload(b"x")})
    expected = {"coordinator": 200, "admin": 200, "visitor": 302}.get(role, 403)
    assert response.status_code == expected
    assert not Answer.objects.exists()


def test_unknown_cycle_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/en/rankings/cycles/999999/answers/import/").status_code == 404
