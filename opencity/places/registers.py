"""Readers for the three official registers of territorial units.

Each reader turns the register's files into plain records (no database access) and refuses a
malformed file with a `RegisterFormatError` that names the file, the line and the column.
Writing the records is `services.register_import`, which is all-or-nothing.

- Ukraine, KATOTTH: `;`-separated CSV. Level-1 rows (O, K) become regions, raions (P) regions under
  them, hromadas (H) municipalities; Kyiv and Sevastopol (K) are both a region and a municipality.
  The 303 level-3 units of the AR Crimea are "territorial communities of the AR Crimea", a type of
  their own, so that the 1,469 hromadas of the 2020 reform count as such.
- Romania, SIRUTA: `;`-separated CSV. Level 1 (NIV 1) becomes a county, level 2 (NIV 2) a UAT:
  municipiu, oraș or comună by TIP. Level-3 localities are counted per UAT.
- Bulgaria, EKATTE: JSON arrays of districts, municipalities and settlements, each ending with a
  metadata object that is skipped.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opencity.core.text import romanian_title, transliterate_ukrainian
from opencity.places.models import MunicipalityType, RegionType, Register

DATA_DIR = Path(__file__).resolve().parent / "data" / "registers"

DEFAULT_PATHS: dict[str, Path] = {
    Register.KATOTTH: DATA_DIR / "ukraine" / "kodifikator-16-05-2025.csv",
    Register.SIRUTA: DATA_DIR / "romania" / "siruta.csv",
    Register.EKATTE: DATA_DIR / "bulgaria",
}

Progress = Callable[[Iterator[Any], int, str], Iterator[Any]]


def no_progress(items: Iterator[Any], total: int, description: str) -> Iterator[Any]:
    return items


class RegisterFormatError(ValueError):
    """A register file that cannot be read; the message names the file, line and column."""

    def __init__(self, path: Path | str, line: int | None, column: str | int | None, problem: str):
        self.path = str(path)
        self.line = line
        self.column = column
        self.problem = problem
        where = self.path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {problem}")


@dataclass
class RegionRecord:
    code: str
    unit_type: str
    names: dict[str, str]
    parent_code: str | None = None
    nuts_code: str = ""


@dataclass
class MunicipalityRecord:
    code: str
    unit_type: str
    names: dict[str, str]
    region_code: str
    district_code: str | None = None
    settlement_count: int | None = None


@dataclass
class ParsedRegister:
    register: str
    country_code: str
    regions: list[RegionRecord] = field(default_factory=list)
    municipalities: list[MunicipalityRecord] = field(default_factory=list)


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        # Columns count characters: decode what precedes the bad byte on its line.
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        raise RegisterFormatError(
            path, line, column, f"the file is not UTF-8 (byte 0x{data[error.start]:02x})"
        ) from error


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise RegisterFormatError(path, None, None, "file not found")
    return path.read_bytes()


def _csv_rows(
    path: Path, expected: list[str], progress: Progress
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a `;`-separated file as dicts, with their line numbers; checks header and widths."""
    text = _decode(path, _read_bytes(path))
    if not text:
        raise RegisterFormatError(path, 1, None, "the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = [name.strip() for name in next(reader)]
    missing = [name for name in expected if name not in header]
    if missing:
        raise RegisterFormatError(
            path,
            1,
            None,
            f"missing column(s) {', '.join(missing)}; the header has {', '.join(header)}",
        )
    # The progress total only needs the number of lines, not a list of them.
    data_lines = text.count("\n") - (1 if text.endswith("\n") else 0)
    for row in progress(reader, data_lines, path.name):
        line = reader.line_num
        if not row or row == [""]:
            continue
        if len(row) != len(header):
            raise RegisterFormatError(
                path, line, None, f"expected {len(header)} fields, found {len(row)}"
            )
        yield line, dict(zip(header, row, strict=True))


# --- Ukraine ---------------------------------------------------------------------------------

KATOTTH_COLUMNS = [
    "Перший рівень",
    "Другий рівень",
    "Третій рівень",
    "Четвертий рівень",
    "Додатковий рівень",
    "Категорія об’єкта",
    "Назва об’єкта",
]
_KATOTTH_CODE = re.compile(r"^UA\d{17}$")
CRIMEA_CODE = "UA01000000000013043"
_KATOTTH_CATEGORIES = {"O", "K", "P", "H", "M", "X", "C", "B", "T"}


def _ukrainian_names(uk: str, en: str) -> dict[str, str]:
    return {"uk": uk, "en": en}


def parse_katotth(path: Path, progress: Progress = no_progress) -> ParsedRegister:
    level1, level2, level3, _level4, extra, category_column, name_column = KATOTTH_COLUMNS
    parsed = ParsedRegister(register=Register.KATOTTH, country_code="UA")
    settlements: Counter[str] = Counter()
    seen: set[str] = set()
    # (line, column, parent code, the categories the parent must have) checked after reading.
    parent_checks: list[tuple[int, str, str, set[str]]] = []
    categories: dict[str, str] = {}
    for line, row in _csv_rows(path, KATOTTH_COLUMNS, progress):
        category = row[category_column].strip()
        name = " ".join(row[name_column].split())
        if category not in _KATOTTH_CATEGORIES:
            raise RegisterFormatError(path, line, category_column, f"unknown category {category!r}")
        if not name:
            raise RegisterFormatError(path, line, name_column, "the name is empty")
        codes = [row[column].strip() for column in KATOTTH_COLUMNS[:5]]
        for column, code in zip(KATOTTH_COLUMNS[:5], codes, strict=True):
            if code and not _KATOTTH_CODE.match(code):
                raise RegisterFormatError(
                    path, line, column, f"{code!r} is not a KATOTTH code (UA and 17 digits)"
                )
        own_code = next(code for code in reversed(codes) if code) if any(codes) else ""
        if not own_code:
            raise RegisterFormatError(path, line, level1, "the row has no code")
        if own_code in seen:
            raise RegisterFormatError(path, line, None, f"code {own_code} appears twice")
        seen.add(own_code)
        categories[own_code] = category
        if category in {"P", "H"}:
            parent_checks.append((line, level1, row[level1].strip(), {"O"}))
        if category == "H" and row[level2].strip():
            parent_checks.append((line, level2, row[level2].strip(), {"P"}))
        latin = transliterate_ukrainian(name)
        if category == "O":
            if own_code == CRIMEA_CODE:
                names = _ukrainian_names(name, "Autonomous Republic of Crimea")
                unit_type = RegionType.AUTONOMOUS_REPUBLIC
            else:
                names = _ukrainian_names(f"{name} область", f"{latin} oblast")
                unit_type = RegionType.OBLAST
            parsed.regions.append(RegionRecord(own_code, unit_type, names))
        elif category == "K":
            names = _ukrainian_names(name, latin)
            parsed.regions.append(RegionRecord(own_code, RegionType.SPECIAL_STATUS_CITY, names))
            parsed.municipalities.append(
                MunicipalityRecord(
                    own_code, MunicipalityType.SPECIAL_STATUS_CITY, names, region_code=own_code
                )
            )
        elif category == "P":
            names = _ukrainian_names(f"{name} район", f"{latin} raion")
            parsed.regions.append(
                RegionRecord(own_code, RegionType.RAION, names, parent_code=row[level1].strip())
            )
        elif category == "H":
            unit_type = (
                MunicipalityType.CRIMEA_COMMUNITY
                if row[level1].strip() == CRIMEA_CODE
                else MunicipalityType.HROMADA
            )
            parsed.municipalities.append(
                MunicipalityRecord(
                    own_code,
                    unit_type,
                    _ukrainian_names(f"{name} громада", f"{latin} hromada"),
                    region_code=row[level1].strip(),
                    district_code=row[level2].strip() or None,
                )
            )
        elif category in {"M", "X", "C", "T"} and not row[extra].strip():
            settlements[row[level3].strip()] += 1
    for line, column, parent, allowed in parent_checks:
        if categories.get(parent) not in allowed:
            raise RegisterFormatError(
                path,
                line,
                column,
                f"parent {parent!r} is not a unit of category {'/'.join(sorted(allowed))} "
                "in this file",
            )
    for municipality in parsed.municipalities:
        if municipality.unit_type != MunicipalityType.SPECIAL_STATUS_CITY:
            municipality.settlement_count = settlements.get(municipality.code, 0)
    return parsed


# --- Romania ---------------------------------------------------------------------------------

SIRUTA_COLUMNS = ["SIRUTA", "DENLOC", "CODP", "JUD", "SIRSUP", "TIP", "NIV", "MED", "NUTS"]
_SIRUTA_UAT_TYPES = {
    "1": MunicipalityType.MUNICIPIU,
    "4": MunicipalityType.MUNICIPIU,
    "9": MunicipalityType.MUNICIPIU,
    "2": MunicipalityType.ORAS,
    "5": MunicipalityType.ORAS,
    "3": MunicipalityType.COMUNA,
}
_SIRUTA_PREFIXES = ("JUDEȚUL ", "MUNICIPIUL ", "ORAȘ ")
BUCHAREST_COUNTY_CODE = "403"
# The file gives Giurgiu the NUTS code of Galați (RO224); the NUTS classification has RO314.
_SIRUTA_NUTS_CORRECTIONS = {"52": "RO314"}


def _siruta_name(raw: str) -> str:
    name = " ".join(raw.split())
    for prefix in _SIRUTA_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return romanian_title(name)


def parse_siruta(path: Path, progress: Progress = no_progress) -> ParsedRegister:
    parsed = ParsedRegister(register=Register.SIRUTA, country_code="RO")
    uat_parents: dict[str, tuple[int, str]] = {}
    counties: dict[str, RegionRecord] = {}
    county_by_jud: dict[str, str] = {}
    nuts_votes: dict[str, Counter[str]] = {}
    localities: Counter[str] = Counter()
    locality_parents: list[tuple[int, str]] = []
    for line, row in _csv_rows(path, SIRUTA_COLUMNS, progress):
        for column in ("SIRUTA", "JUD", "SIRSUP", "TIP", "NIV"):
            if not re.fullmatch(r"[0-9]+", row[column].strip()):
                raise RegisterFormatError(
                    path, line, column, f"{row[column]!r} is not a whole number"
                )
        code, level, unit_kind = row["SIRUTA"].strip(), row["NIV"].strip(), row["TIP"].strip()
        jud, parent = row["JUD"].strip(), row["SIRSUP"].strip()
        name = _siruta_name(row["DENLOC"])
        if not name:
            raise RegisterFormatError(path, line, "DENLOC", "the name is empty")
        if row["NUTS"].strip():
            nuts_votes.setdefault(jud, Counter())[row["NUTS"].strip()] += 1
        if level == "1":
            unit_type = (
                RegionType.CAPITAL_MUNICIPALITY
                if code == BUCHAREST_COUNTY_CODE
                else RegionType.JUDET
            )
            english = "Bucharest" if code == BUCHAREST_COUNTY_CODE else name
            counties[code] = RegionRecord(code, unit_type, {"ro": name, "en": english})
            county_by_jud[jud] = code
            parsed.regions.append(counties[code])
        elif level == "2":
            if unit_kind not in _SIRUTA_UAT_TYPES:
                raise RegisterFormatError(
                    path, line, "TIP", f"TIP {unit_kind} is not a UAT type at level 2"
                )
            english = "Bucharest" if unit_kind == "9" else name
            parsed.municipalities.append(
                MunicipalityRecord(
                    code, _SIRUTA_UAT_TYPES[unit_kind], {"ro": name, "en": english}, parent
                )
            )
            uat_parents[code] = (line, parent)
        elif level == "3":
            if unit_kind != "6":  # Bucharest's sectors are not settlements
                localities[parent] += 1
            locality_parents.append((line, parent))
        else:
            raise RegisterFormatError(path, line, "NIV", f"level {level} is not 1, 2 or 3")
    for code, (line, parent) in uat_parents.items():
        if parent not in counties:
            raise RegisterFormatError(
                path, line, "SIRSUP", f"UAT {code} names parent {parent}, which is not a county"
            )
    for line, parent in locality_parents:
        if parent not in uat_parents:
            raise RegisterFormatError(
                path, line, "SIRSUP", f"parent {parent} is not a UAT of this file"
            )
    for jud, county_code in county_by_jud.items():
        votes = nuts_votes.get(jud)
        nuts = _SIRUTA_NUTS_CORRECTIONS.get(jud) or (votes.most_common(1)[0][0] if votes else "")
        counties[county_code].nuts_code = nuts
    for municipality in parsed.municipalities:
        municipality.settlement_count = localities.get(municipality.code, 0)
    return parsed


# --- Bulgaria --------------------------------------------------------------------------------

EKATTE_FILES = {"districts": "ek_obl.json", "municipalities": "ek_obst.json"}
EKATTE_SETTLEMENTS_FILE = "ek_atte.json"


def _json_records(path: Path, key: str, fields: list[str]) -> Iterator[tuple[int, dict]]:
    """Objects of a JSON array with the line each starts on; skips the NSI metadata trailer."""
    text = _decode(path, _read_bytes(path))
    decoder = json.JSONDecoder()

    counted = {"index": 0, "line": 1}

    def position(index: int) -> tuple[int, int]:
        # Records come in order, so lines are counted from the previous record onwards.
        if index < counted["index"]:
            counted.update(index=0, line=1)
        counted["line"] += text.count("\n", counted["index"], index)
        counted["index"] = index
        return counted["line"], index - (text.rfind("\n", 0, index) + 1) + 1

    index = len(text) - len(text.lstrip())
    if not text[index : index + 1] == "[":
        raise RegisterFormatError(path, *position(index), "expected a JSON array")
    index += 1
    first = True

    def skip_space(index: int) -> int:
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        return index

    while True:
        index = skip_space(index)
        if index >= len(text):
            raise RegisterFormatError(path, *position(index), "the array is not closed")
        if text[index] == "]":
            if skip_space(index + 1) != len(text):
                raise RegisterFormatError(
                    path, *position(skip_space(index + 1)), "text after the end of the array"
                )
            break
        if not first:
            if text[index] != ",":
                raise RegisterFormatError(path, *position(index), "expected ',' or ']'")
            index = skip_space(index + 1)
            if index >= len(text):
                raise RegisterFormatError(path, *position(index), "the array is not closed")
            if text[index] in ",]":
                raise RegisterFormatError(path, *position(index), "expected a value after ','")
        first = False
        line, column = position(index)
        try:
            record, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError as error:
            raise RegisterFormatError(path, error.lineno, error.colno, error.msg) from error
        if not isinstance(record, dict):
            raise RegisterFormatError(path, line, column, "expected an object")
        if key not in record:
            if any(name in record for name in fields):
                raise RegisterFormatError(path, line, column, f"the record has no {key!r}")
            continue  # the "report produced on / data current as of" trailer
        for name in fields:
            value = record.get(name)
            if not isinstance(value, str) or not value.strip():
                raise RegisterFormatError(
                    path, line, column, f"field {name!r} is missing or empty in {record.get(key)}"
                )
        yield line, record


def parse_ekatte(directory: Path, progress: Progress = no_progress) -> ParsedRegister:
    parsed = ParsedRegister(register=Register.EKATTE, country_code="BG")
    districts_path = directory / EKATTE_FILES["districts"]
    district_codes: set[str] = set()
    for line, record in _json_records(
        districts_path, "oblast", ["oblast", "name", "name_en", "nuts3"]
    ):
        code = record["oblast"].strip()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise RegisterFormatError(districts_path, line, "oblast", f"{code!r} is not 3 letters")
        district_codes.add(code)
        parsed.regions.append(
            RegionRecord(
                code,
                RegionType.BG_OBLAST,
                {"bg": record["name"].strip(), "en": record["name_en"].strip()},
                nuts_code=record["nuts3"].strip(),
            )
        )
    municipalities_path = directory / EKATTE_FILES["municipalities"]
    for line, record in _json_records(
        municipalities_path, "obshtina", ["obshtina", "name", "name_en"]
    ):
        code = record["obshtina"].strip()
        if not re.fullmatch(r"[A-Z]{3}\d{2}", code):
            raise RegisterFormatError(
                municipalities_path, line, "obshtina", f"{code!r} is not a municipality code"
            )
        if code[:3] not in district_codes:
            raise RegisterFormatError(
                municipalities_path, line, "obshtina", f"district {code[:3]} is not in ek_obl.json"
            )
        parsed.municipalities.append(
            MunicipalityRecord(
                code,
                MunicipalityType.OBSHTINA,
                {"bg": record["name"].strip(), "en": record["name_en"].strip()},
                region_code=code[:3],
            )
        )
    settlements: Counter[str] = Counter()
    settlements_path = directory / EKATTE_SETTLEMENTS_FILE
    if settlements_path.exists():
        records = _json_records(settlements_path, "ekatte", ["ekatte", "obshtina"])
        for _line, record in progress(records, 5256, settlements_path.name):
            settlements[record["obshtina"].strip()] += 1
        for municipality in parsed.municipalities:
            municipality.settlement_count = settlements.get(municipality.code, 0)
    return parsed


PARSERS: dict[str, Callable[[Path, Progress], ParsedRegister]] = {
    Register.KATOTTH: parse_katotth,
    Register.SIRUTA: parse_siruta,
    Register.EKATTE: parse_ekatte,
}
