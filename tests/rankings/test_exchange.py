"""Methodologies out and back in as XLSX and as a ZIP of CSV files, and bad files refused."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from opencity.rankings import exchange, services
from opencity.rankings.models import Methodology

pytestmark = pytest.mark.django_db


def _rename(data: bytes, name: str) -> dict[str, exchange.Table]:
    tables = exchange.read_xlsx(io.BytesIO(data))
    tables["methodology"][0]["name_en"] = name
    return tables


@pytest.mark.parametrize("fmt", ["xlsx", "zip"])
def test_export_then_import_gives_the_same_tables(methodology, manager, fmt):
    methodology.indicators.filter(code="1.1").update(guidance_uk="Перевірте сайт ради")
    data = (
        exchange.export_xlsx(methodology) if fmt == "xlsx" else exchange.export_csv_zip(methodology)
    )
    read = exchange.read_xlsx if fmt == "xlsx" else exchange.read_csv_zip
    tables = read(io.BytesIO(data))
    tables["methodology"][0]["version"] = "2"
    copy = exchange.methodology_import(actor=manager, tables=tables)
    assert copy.version == 2 and copy.status == "draft"
    original, imported = exchange.methodology_tables(methodology), exchange.methodology_tables(copy)
    imported["methodology"][0]["version"] = "1"
    assert imported == original
    assert copy.indicators.get(code="1.1").guidance_uk == "Перевірте сайт ради"


def test_xlsx_has_one_sheet_per_table_with_the_documented_columns(methodology):
    workbook = load_workbook(io.BytesIO(exchange.export_xlsx(methodology)))
    assert workbook.sheetnames == list(exchange.COLUMNS)
    for table, columns in exchange.COLUMNS.items():
        assert [cell.value for cell in workbook[table][1]] == columns
    lettered = [
        row for row in workbook["scales"].iter_rows(values_only=True) if row[0] == "lettered"
    ]
    assert [(row[6], row[11], row[12]) for row in lettered] == [
        ("a", "100", None),
        ("b", "67", None),
        ("c", "33", None),
        ("d", "0", None),
        ("e", None, "yes"),
    ]


def _zip_with(data: bytes, table: str, mutate) -> io.BytesIO:  # type: ignore[no-untyped-def]
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for name in source.namelist():
            content = source.read(name)
            if name == f"{table}.csv":
                content = mutate(content)
            archive.writestr(name, content)
    target.seek(0)
    return target


def _edit_cell(table: str, row: int, column: str, value: str):  # type: ignore[no-untyped-def]
    def mutate(content: bytes) -> bytes:
        rows = list(csv.DictReader(io.StringIO(content.decode())))
        rows[row - 2][column] = value
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=exchange.COLUMNS[table], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode()

    return mutate


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "message"),
    [
        (
            "indicators",
            3,
            "scale_code",
            "percent",
            "table indicators, row 3, column scale_code: no scale percent",
        ),
        ("indicators", 2, "area_code", "9", "table indicators, row 2, column area_code: no area 9"),
        (
            "indicators",
            4,
            "check_method",
            "Z",
            "table indicators, row 4, column check_method: 'Z' is not one of",
        ),
        (
            "indicators",
            2,
            "weight",
            "heavy",
            "table indicators, row 2, column weight: 'heavy' is not a number",
        ),
        ("indicators", 2, "weight", "-1", "must be zero or more"),
        ("indicators", 3, "code", "1.1", "indicator 1.1 appears twice"),
        (
            "indicators",
            2,
            "title_en",
            "",
            "table indicators, row 2, column title_en: a name in at least one",
        ),
        (
            "thresholds",
            2,
            "minimum",
            "120",
            "table thresholds, row 2, column minimum: must be between 0 and 100",
        ),
        ("scales", 2, "kind", "stars", "table scales, row 2, column kind: 'stars' is not one of"),
        (
            "indicators",
            3,
            "code",
            "C" * 40,
            "table indicators, row 3, column code: 40 characters long; at most 32 fit",
        ),
        (
            "areas",
            2,
            "title_uk",
            "Т" * 301,
            "table areas, row 2, column title_uk: 301 characters long; at most 300 fit",
        ),
        ("methodology", 2, "edition", "2024.5", "table methodology, row 2, column edition"),
        (
            "indicators",
            2,
            "previous_code",
            "0.9",
            "0.9 is not an indicator of the previous edition",
        ),
    ],
)
def test_bad_values_are_refused_with_table_row_and_column_and_nothing_is_written(
    methodology, manager, table, row, column, value, message
):
    data = exchange.export_csv_zip(methodology)
    archive = _zip_with(data, table, _edit_cell(table, row, column, value))
    tables = exchange.read_csv_zip(archive)
    tables["methodology"][0]["version"] = tables["methodology"][0]["version"] or "1"
    if table != "methodology" or column != "version":
        tables["methodology"][0]["version"] = "7"
    before = Methodology.objects.count()
    with pytest.raises(
        exchange.MethodologyFileError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        exchange.methodology_import(actor=manager, tables=tables)
    assert Methodology.objects.count() == before


def test_missing_column_missing_sheet_and_wrong_files_are_named(methodology):
    data = exchange.export_csv_zip(methodology)

    def drop_column(content: bytes) -> bytes:
        lines = content.decode().splitlines()
        return "\n".join(line.split(",", 1)[1] for line in lines).encode()

    with pytest.raises(
        exchange.MethodologyFileError, match="table areas, row 1, column code: missing"
    ):
        exchange.read_csv_zip(_zip_with(data, "areas", drop_column))
    with pytest.raises(
        exchange.MethodologyFileError, match="table areas, row 2: the file is not UTF-8"
    ):
        exchange.read_csv_zip(_zip_with(data, "areas", lambda content: "code\nÎ".encode("cp1250")))
    with pytest.raises(exchange.MethodologyFileError, match="not a ZIP"):
        exchange.read_csv_zip(io.BytesIO(b"code,title\n"))
    with pytest.raises(exchange.MethodologyFileError, match="not an XLSX"):
        exchange.read_xlsx(io.BytesIO(b"not a workbook"))
    workbook = Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(
        exchange.MethodologyFileError, match="table methodology: the workbook has no such sheet"
    ):
        exchange.read_xlsx(buffer)


def test_import_needs_a_methodology_manager(methodology, make_person):
    tables = _rename(exchange.export_xlsx(methodology), "Copy")
    with pytest.raises(
        exchange.PermissionDenied if hasattr(exchange, "PermissionDenied") else Exception
    ):
        exchange.methodology_import(actor=make_person("assessor"), tables=tables)
    assert not Methodology.objects.filter(name_en="Copy").exists()


def test_import_of_a_new_edition_links_indicators_to_the_previous_one(methodology, manager):
    services.methodology_freeze(actor=manager, methodology=methodology)
    tables = _rename(exchange.export_xlsx(methodology), "Transparent Cities")
    tables["methodology"][0]["edition"] = "2025"
    for row in tables["indicators"]:
        row["previous_code"] = row["code"]
    new = exchange.methodology_import(actor=manager, tables=tables, predecessor=methodology)
    pairs = {
        i.code: i.predecessor.methodology_id for i in new.indicators.select_related("predecessor")
    }
    assert pairs == {"1.1": methodology.pk, "1.2": methodology.pk, "1.3": methodology.pk}


def test_command_exports_and_imports(methodology, manager, tmp_path):
    target = tmp_path / "methodology.xlsx"
    call_command("methodology", "export", str(methodology.pk), str(target))
    workbook = load_workbook(target)
    workbook["methodology"]["F2"] = 3  # version
    workbook.save(target)
    out = io.StringIO()
    call_command("methodology", "import", str(target), "--as", manager.email, stdout=out)
    assert "1 areas, 3 indicators, 5 scales, 3 thresholds" in out.getvalue()
    with pytest.raises(CommandError, match="this name, edition and version already exist. Nothing"):
        call_command("methodology", "import", str(target), "--as", manager.email)
