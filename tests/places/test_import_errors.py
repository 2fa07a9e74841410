"""Malformed register files are refused with the file, line and column, and nothing is written.

Each bad file starts with valid rows, so a refusal shows that the import is all-or-nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError

from opencity.places import services
from opencity.places.models import Country, Municipality, Region
from opencity.places.registers import RegisterFormatError, parse_ekatte, parse_siruta
from tests.places import helpers

pytestmark = pytest.mark.django_db

KATOTTH_LABEL, SIRUTA_LABEL, EKATTE_LABEL = (
    "KATOTTH (Ukraine)",
    "SIRUTA (Romania)",
    "EKATTE (Bulgaria)",
)
CATEGORY, LEVEL4 = "Категорія об’єкта", "Четвертий рівень"


def refused(register: str, path: Path) -> str:
    """Run the import, expect it refused, check nothing was written and return the message."""
    with pytest.raises(CommandError) as error:
        helpers.import_register("--register", register, "--path", str(path))
    assert helpers.table_counts() == (0, 0, 0)
    message = str(error.value)
    assert message.endswith(". Nothing was imported.")
    return message


def katotth_lines() -> list[str]:
    """Header, Lviv oblast, Drohobytskyi raion, Drohobytska hromada and its 2 cities: 6 lines."""
    return helpers.katotth_subset([helpers.DROHOBYCH_HROMADA])[:6]


def siruta_lines() -> list[str]:
    """Header, Alba county, Alba Iulia and its 5 localities, Baia de Arieș: lines 1 to 9."""
    lines = helpers.siruta_subset([helpers.ALBA_IULIA, helpers.BAIA_DE_ARIES])
    return lines[:9]


# --- Encoding, header, shape ------------------------------------------------------------------


def test_katotth_row_in_windows_1251_is_refused_with_line_and_column(tmp_path):
    lines = katotth_lines()
    bad = "UA46000000000026241;UA46020000000075920;UA46020030000019252;UA46020030030039082;;C;"
    data = "".join(f"{line}\r\n" for line in lines).encode("utf-8")
    data += (bad + "Биків\r\n").encode("cp1251")
    path = tmp_path / "kodifikator.csv"
    path.write_bytes(data)

    message = refused("katotth", path)

    assert message == (
        f"{KATOTTH_LABEL}: {path}, line 7, column {len(bad) + 1}: "
        "the file is not UTF-8 (byte 0xc1). Nothing was imported."
    )


def test_siruta_saved_in_windows_1250_is_refused_at_its_first_non_ascii_letter(tmp_path):
    text = "\n".join(siruta_lines()).replace("Ț", "Ţ").replace("Ș", "Ş").replace("Ă", "A")
    text = text.replace("Â", "A").replace("Î", "I")
    path = tmp_path / "siruta.csv"
    path.write_bytes(text.encode("cp1250"))

    message = refused("siruta", path)

    # Line 2 is "10;JUDEŢUL ALBA;...", and Ţ is byte 0xde in windows-1250.
    assert f"{path}, line 2, column 8: the file is not UTF-8 (byte 0xde)" in message


def test_header_without_a_needed_column_is_refused_naming_the_column(tmp_path):
    lines = siruta_lines()
    lines[0] = lines[0].replace("TIP;", "TYPE;")
    path = helpers.write_siruta(tmp_path / "siruta.csv", lines)

    message = refused("siruta", path)

    assert (
        f"{SIRUTA_LABEL}: {path}, line 1: missing column(s) TIP; the header has SIRUTA" in message
    )


def test_katotth_header_without_the_category_column_is_refused(tmp_path):
    lines = katotth_lines()
    lines[0] = lines[0].replace(CATEGORY, "Категорія")
    path = helpers.write_katotth(tmp_path / "kodifikator.csv", lines)

    assert f"{path}, line 1: missing column(s) {CATEGORY}" in refused("katotth", path)


@pytest.mark.parametrize("found", [11, 13])
def test_row_with_the_wrong_number_of_fields_is_refused_with_its_line(tmp_path, found):
    lines = siruta_lines()
    lines[7] = ";".join([*lines[7].split(";"), "extra"][:found])  # line 8: a village
    path = helpers.write_siruta(tmp_path / "siruta.csv", lines)

    message = refused("siruta", path)

    assert f"{path}, line 8: expected 12 fields, found {found}" in message


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "siruta.csv"
    path.write_bytes(b"")
    assert refused("siruta", path) == (
        f"{SIRUTA_LABEL}: {path}, line 1: the file is empty. Nothing was imported."
    )
    path = tmp_path / "kodifikator.csv"
    path.write_bytes(b"")
    assert f"{path}, line 1: the file is empty" in refused("katotth", path)


def test_missing_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "no-such-file.csv"
    assert refused("katotth", path) == (
        f"{KATOTTH_LABEL}: {path}: file not found. Nothing was imported."
    )
    assert f"{tmp_path}: file not found" in refused("siruta", tmp_path)  # a folder, not a file


# --- Romania ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "index", "value"),
    [("SIRUTA", 0, "29x5"), ("JUD", 3, "Alba"), ("SIRSUP", 4, ""), ("NIV", 6, "2.0")],
)
def test_siruta_value_that_is_not_a_number_is_refused_with_line_and_column(
    tmp_path, column, index, value
):
    lines = siruta_lines()
    fields = lines[8].split(";")  # line 9: Baia de Arieș
    fields[index] = value
    lines[8] = ";".join(fields)
    path = helpers.write_siruta(tmp_path / "siruta.csv", lines)

    message = refused("siruta", path)

    assert f"{path}, line 9, column {column}: {value!r} is not a whole number" in message


def test_siruta_code_in_non_latin_digits_is_refused(tmp_path):
    # "٢٩١٥" is 2915 in Arabic-Indic digits; str.isdigit() alone would let it through.
    lines = siruta_lines()
    lines[8] = lines[8].replace("2915;", "٢٩١٥;", 1)
    path = helpers.write_siruta(tmp_path / "siruta.csv", lines)

    assert f"{path}, line 9, column SIRUTA: '٢٩١٥' is not a whole number" in refused("siruta", path)


def test_uat_whose_parent_is_not_a_county_is_refused(tmp_path):
    lines = siruta_lines()
    lines[8] = lines[8].replace(";1;10;2;2;", ";1;1017;2;2;")  # Baia de Arieș under Alba Iulia
    path = helpers.write_siruta(tmp_path / "siruta.csv", lines)

    message = refused("siruta", path)

    assert (
        f"{path}, line 9, column SIRSUP: UAT 2915 names parent 1017, which is not a county"
        in message
    )


def test_locality_whose_parent_is_not_a_uat_of_the_file_is_refused(tmp_path):
    lines = siruta_lines()
    lines[4] = lines[4].replace(";1;1017;10;3;", ";1;9999;10;3;")  # a village of Alba Iulia
    path = helpers.write_siruta(tmp_path / "siruta.csv", lines)

    assert f"{path}, line 5, column SIRSUP: parent 9999 is not a UAT" in refused("siruta", path)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (";1;10;2;2;1;", ";1;10;2;4;1;", "column NIV: level 4 is not 1, 2 or 3"),
        (";1;10;2;2;1;", ";1;10;17;2;1;", "column TIP: TIP 17 is not a UAT type at level 2"),
        ("ORAȘ BAIA DE ARIEȘ", "  ", "column DENLOC: the name is empty"),
    ],
)
def test_siruta_row_of_an_impossible_kind_is_refused(tmp_path, old, new, problem):
    lines = siruta_lines()
    lines[8] = lines[8].replace(old, new)
    path = helpers.write_siruta(tmp_path / "siruta.csv", lines)

    assert f"{path}, line 9, {problem}" in refused("siruta", path)


def test_failing_romanian_import_leaves_the_ukrainian_import_intact(tmp_path):
    ukraine = helpers.write_katotth(tmp_path / "kodifikator.csv", katotth_lines())
    helpers.import_register("--register", "katotth", "--path", str(ukraine))
    before = helpers.table_counts(), list(Municipality.objects.values_list("pk", "code", "slug"))
    lines = siruta_lines()
    lines[8] = lines[8].replace("2915;", "29x5;")
    romania = helpers.write_siruta(tmp_path / "siruta.csv", lines)

    with pytest.raises(CommandError, match="line 9, column SIRUTA"):
        helpers.import_register("--register", "siruta", "--path", str(romania))

    after = helpers.table_counts(), list(Municipality.objects.values_list("pk", "code", "slug"))
    assert after == before == ((1, 2, 1), after[1])
    assert not Country.objects.filter(code="RO").exists()


def test_error_while_writing_rolls_back_the_rows_already_written(tmp_path, monkeypatch):
    path = helpers.write_siruta(tmp_path / "siruta.csv", siruta_lines())
    written: list[int] = []

    def fail_after_regions(*args, **kwargs):
        written.append(Region.objects.count())  # the county is in the database by now
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_municipality_rows", fail_after_regions)
    with pytest.raises(RuntimeError, match="disk full"):
        helpers.import_register("--register", "siruta", "--path", str(path))

    assert written == [1]
    assert helpers.table_counts() == (0, 0, 0)


def test_parser_error_carries_file_line_and_column(tmp_path):
    lines = siruta_lines()
    lines[8] = lines[8].replace("2915;", "29x5;")
    path = helpers.write_siruta(tmp_path / "siruta.csv", lines)

    with pytest.raises(RegisterFormatError) as error:
        parse_siruta(path)

    assert (error.value.path, error.value.line, error.value.column) == (str(path), 9, "SIRUTA")


# --- Ukraine ----------------------------------------------------------------------------------


def test_malformed_katotth_code_is_refused_with_line_and_column(tmp_path):
    lines = katotth_lines()
    lines.append(
        "UA46000000000026241;UA46020000000075920;UA46020030000019252;UA4602003003003908;;C;Биків"
    )
    path = helpers.write_katotth(tmp_path / "kodifikator.csv", lines)

    message = refused("katotth", path)

    assert (
        f"{path}, line 7, column {LEVEL4}: "
        "'UA4602003003003908' is not a KATOTTH code (UA and 17 digits)" in message
    )


def test_unknown_katotth_category_letter_is_refused(tmp_path):
    lines = katotth_lines()
    lines[4] = lines[4].replace(";;M;", ";;Z;")  # line 5: the city of Drohobych
    path = helpers.write_katotth(tmp_path / "kodifikator.csv", lines)

    message = refused("katotth", path)

    assert f"{path}, line 5, column {CATEGORY}: unknown category 'Z'" in message


def test_cyrillic_category_letter_that_looks_latin_is_refused(tmp_path):
    lines = katotth_lines()
    lines[4] = lines[4].replace(";;M;", ";;М;")  # Cyrillic М, not Latin M
    path = helpers.write_katotth(tmp_path / "kodifikator.csv", lines)

    assert f"line 5, column {CATEGORY}: unknown category 'М'" in refused("katotth", path)


def test_katotth_code_that_appears_twice_is_refused(tmp_path):
    lines = katotth_lines()
    lines.append(lines[4])
    path = helpers.write_katotth(tmp_path / "kodifikator.csv", lines)

    assert f"{path}, line 7: code UA46020030010069501 appears twice" in refused("katotth", path)


def test_hromada_whose_oblast_is_not_in_the_file_is_refused_with_its_line(tmp_path):
    lines = katotth_lines()
    lines.append("UA99000000000026241;UA99020000000075920;UA99020030000019252;;;H;Нікудишня")
    path = helpers.write_katotth(tmp_path / "kodifikator.csv", lines)

    with pytest.raises(CommandError, match=f"{path}, line 7"):
        helpers.import_register("--register", "katotth", "--path", str(path))


def test_raion_whose_oblast_is_not_in_the_file_is_refused(tmp_path):
    lines = katotth_lines()
    lines.append("UA99000000000026241;UA99020000000075920;;;;P;Нікудишній")
    path = helpers.write_katotth(tmp_path / "kodifikator.csv", lines)

    refused("katotth", path)


# --- Bulgaria ---------------------------------------------------------------------------------


def ekatte_dir(tmp_path: Path) -> Path:
    return helpers.write_ekatte(tmp_path / "ekatte", ["GAB"])


def line_of(text: str, fragment: str) -> tuple[int, int]:
    """Line and column (both from 1) where a fragment first occurs."""
    index = text.index(fragment)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def test_ekatte_json_syntax_error_is_refused_with_line_and_column(tmp_path):
    directory = ekatte_dir(tmp_path)
    path = directory / "ek_obst.json"
    text = path.read_text(encoding="utf-8")
    broken = text.replace('"name_en": "Sevlievo"', '"name_en" "Sevlievo"')
    path.write_text(broken, encoding="utf-8")
    line, column = line_of(broken, '"Sevlievo"')

    message = refused("ekatte", directory)

    assert line > 20  # after the valid records of Gabrovo and Dryanovo
    assert f"{EKATTE_LABEL}: {path}, line {line}, column {column}: Expecting ':' delimiter" in (
        message
    )


def test_ekatte_record_without_a_field_is_refused_with_the_line_it_starts_on(tmp_path):
    directory = ekatte_dir(tmp_path)
    path = directory / "ek_obst.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    del records[2]["name_en"]  # GAB29, Sevlievo
    text = json.dumps(records, indent=2)
    path.write_text(text, encoding="utf-8")
    line, column = line_of(text, '{\n    "obshtina": "GAB29"')

    message = refused("ekatte", directory)

    assert (
        f"{path}, line {line}, column {column}: field 'name_en' is missing or empty in GAB29"
        in (message)
    )


def test_ekatte_record_without_its_code_is_refused(tmp_path):
    directory = ekatte_dir(tmp_path)
    path = directory / "ek_obst.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    del records[1]["obshtina"]  # GAB12, Dryanovo
    text = json.dumps(records, indent=2)
    path.write_text(text, encoding="utf-8")
    ekatte = records[1]["ekatte"]
    line, column = line_of(text, f'{{\n    "ekatte": "{ekatte}"')

    message = refused("ekatte", directory)

    assert f"{path}, line {line}, column {column}: the record has no 'obshtina'" in message


def test_ekatte_municipality_of_an_unknown_district_is_refused(tmp_path):
    directory = ekatte_dir(tmp_path)
    path = directory / "ek_obst.json"
    text = path.read_text(encoding="utf-8").replace('"GAB35"', '"VAR35"')
    path.write_text(text, encoding="utf-8")
    line, _column = line_of(text, '{\n    "obshtina": "VAR35"')

    message = refused("ekatte", directory)

    # The line is where the record starts; the column names the field.
    assert f"{path}, line {line}, column obshtina: district VAR is not in ek_obl.json" in message


def test_truncated_ekatte_file_is_refused(tmp_path):
    directory = ekatte_dir(tmp_path)
    path = directory / "ek_obst.json"
    text = path.read_text(encoding="utf-8")
    cut = text[: text.index("GAB29")].rsplit("{", 1)[0].rstrip() + "\n"
    path.write_text(cut, encoding="utf-8")

    assert f"{path}, line {cut.count(chr(10)) + 1}, column 1: the array is not closed" in refused(
        "ekatte", directory
    )


def test_empty_or_missing_ekatte_file_is_refused(tmp_path):
    directory = ekatte_dir(tmp_path)
    (directory / "ek_obl.json").write_text("", encoding="utf-8")
    assert f"{directory / 'ek_obl.json'}, line 1, column 1: expected a JSON array" in refused(
        "ekatte", directory
    )
    (directory / "ek_obl.json").unlink()
    assert f"{directory / 'ek_obl.json'}: file not found" in refused("ekatte", directory)


def test_ekatte_without_the_settlements_file_imports_without_settlement_counts(tmp_path):
    directory = ekatte_dir(tmp_path)
    (directory / "ek_atte.json").unlink()
    helpers.import_register("--register", "ekatte", "--path", str(directory))
    assert set(Municipality.objects.values_list("settlement_count", flat=True)) == {None}


@pytest.mark.parametrize(
    ("old", "new"),
    [("},\n  {", "}\n  {"), ("},\n  {", "},,\n  {"), ("\n]", "\n] trailing text")],
    ids=["missing comma", "double comma", "text after the array"],
)
def test_ekatte_file_that_is_not_valid_json_is_refused(tmp_path, old, new):
    directory = ekatte_dir(tmp_path)
    path = directory / "ek_obl.json"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RegisterFormatError):
        parse_ekatte(directory)
