"""Methodologies in and out as spreadsheets: one XLSX workbook, or a ZIP of CSV files, with the
same five tables and the same columns both ways.

Tables: `methodology` (one row), `scales` (one row per level), `areas`, `indicators`,
`thresholds`. Translatable texts have one column per language (`title_en`, `title_uk`, ...).
Reading checks everything before anything is written; an error names the table, the row and the
column.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from openpyxl import Workbook, load_workbook

from opencity.accounts.models import User
from opencity.core.permissions import require
from opencity.rankings.models import (
    Area,
    CategoryThreshold,
    CheckMethod,
    Indicator,
    Methodology,
    RequirementType,
    Scale,
    ScaleKind,
    ScaleLevel,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _translated(field: str) -> list[str]:
    return [f"{field}_{language}" for language in LANGUAGES]


COLUMNS: dict[str, list[str]] = {
    "methodology": [*_translated("name"), "edition", "version"],
    "scales": [
        "scale_code",
        "kind",
        *_translated("scale_name"),
        "level_code",
        *_translated("level_label"),
        "points",
        "not_applicable",
        "order",
    ],
    "areas": ["code", *_translated("title"), "order", "weight"],
    "indicators": [
        "code",
        "area_code",
        *_translated("title"),
        *_translated("guidance"),
        "check_method",
        "requirement_type",
        "scale_code",
        "weight",
        "order",
        "previous_code",
    ],
    "thresholds": ["code", *_translated("label"), "minimum"],
}
MAX_ROWS = 10_000


class MethodologyFileError(ValidationError):
    def __init__(self, table: str, row: int | None, column: str | None, problem: str) -> None:
        where = f"table {table}"
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {problem}")


Table = list[dict[str, str]]


# --- Export ---------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def methodology_tables(methodology: Methodology) -> dict[str, Table]:
    """The five tables of a methodology, as rows of text."""

    def names(obj: object, field: str, column: str | None = None) -> dict[str, str]:
        return {
            f"{column or field}_{language}": _text(getattr(obj, f"{field}_{language}"))
            for language in LANGUAGES
        }

    scales: Table = []
    for scale in methodology.scales.prefetch_related("levels").order_by("code"):
        for level in scale.levels.all():
            scales.append(
                {
                    "scale_code": scale.code,
                    "kind": scale.kind,
                    **names(scale, "name", "scale_name"),
                    "level_code": level.code,
                    **names(level, "label", "level_label"),
                    "points": _text(level.points),
                    "not_applicable": _text(level.not_applicable),
                    "order": _text(level.order),
                }
            )
    return {
        "methodology": [
            {
                **names(methodology, "name"),
                "edition": _text(methodology.edition),
                "version": _text(methodology.version),
            }
        ],
        "scales": scales,
        "areas": [
            {
                "code": area.code,
                **names(area, "title"),
                "order": _text(area.order),
                "weight": _text(area.weight),
            }
            for area in methodology.areas.all()
        ],
        "indicators": [
            {
                "code": indicator.code,
                "area_code": indicator.area.code,
                **names(indicator, "title"),
                **names(indicator, "guidance"),
                "check_method": indicator.check_method,
                "requirement_type": indicator.requirement_type,
                "scale_code": indicator.scale.code,
                "weight": _text(indicator.weight),
                "order": _text(indicator.order),
                "previous_code": indicator.predecessor.code if indicator.predecessor else "",
            }
            for indicator in methodology.indicators.select_related(
                "area", "scale", "predecessor"
            ).order_by("area__order", "area__code", "order", "code")
        ],
        "thresholds": [
            {
                "code": threshold.code,
                **names(threshold, "label"),
                "minimum": _text(threshold.minimum),
            }
            for threshold in methodology.thresholds.all()
        ],
    }


def export_xlsx(methodology: Methodology) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table, rows in methodology_tables(methodology).items():
        sheet = workbook.create_sheet(table)
        sheet.append(COLUMNS[table])
        for row in rows:
            sheet.append([row[column] for column in COLUMNS[table]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_csv_zip(methodology: Methodology) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, rows in methodology_tables(methodology).items():
            text = io.StringIO(newline="")
            writer = csv.DictWriter(text, fieldnames=COLUMNS[table], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(f"{table}.csv", text.getvalue().encode("utf-8"))
    return buffer.getvalue()


# --- Import ---------------------------------------------------------------------------------


def _rows(table: str, header: list[str], body: list[list[str]]) -> Table:
    missing = [column for column in COLUMNS[table] if column not in header]
    if missing:
        raise MethodologyFileError(table, 1, ", ".join(missing), "missing column(s)")
    if len(body) > MAX_ROWS:
        raise MethodologyFileError(table, None, None, f"more than {MAX_ROWS} rows")
    return [
        {
            column: (values[index] if index < len(values) else "")
            for index, column in enumerate(header)
        }
        for values in body
    ]


def read_xlsx(data: IO[bytes]) -> dict[str, Table]:
    try:
        workbook = load_workbook(data, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise MethodologyFileError(
            "(file)", None, None, f"not an XLSX workbook ({error})"
        ) from error
    tables: dict[str, Table] = {}
    for table in COLUMNS:
        if table not in workbook.sheetnames:
            raise MethodologyFileError(table, None, None, "the workbook has no such sheet")
        values = [
            ["" if cell is None else _text(cell).strip() for cell in row]
            for row in workbook[table].iter_rows(values_only=True)
        ]
        values = [row for row in values if any(row)]
        if not values:
            raise MethodologyFileError(table, 1, None, "the sheet is empty")
        tables[table] = _rows(table, values[0], values[1:])
    return tables


def read_csv_zip(data: IO[bytes]) -> dict[str, Table]:
    try:
        archive = zipfile.ZipFile(data)
    except zipfile.BadZipFile as error:
        raise MethodologyFileError("(file)", None, None, "not a ZIP of CSV files") from error
    tables: dict[str, Table] = {}
    with archive:
        for table in COLUMNS:
            name = f"{table}.csv"
            if name not in archive.namelist():
                raise MethodologyFileError(table, None, None, f"the archive has no {name}")
            raw = archive.read(name)
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                line = raw.count(b"\n", 0, error.start) + 1
                raise MethodologyFileError(table, line, None, "the file is not UTF-8") from error
            values = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
            values = [row for row in values if any(row)]
            if not values:
                raise MethodologyFileError(table, 1, None, "the file is empty")
            tables[table] = _rows(table, values[0], values[1:])
    return tables


@dataclass
class _Reader:
    table: str
    row_number: int
    row: dict[str, str]

    def text(self, column: str, required: bool = True) -> str:
        value = self.row.get(column, "").strip()
        if required and not value:
            raise MethodologyFileError(self.table, self.row_number, column, "a value is required")
        self._check_length(column, column, value)
        return value

    def _check_length(self, column: str, base: str, value: str) -> None:
        """Refuse a text longer than the field it is stored in, naming the place."""
        target = STORED_IN.get((self.table, base))
        if target is None:
            return
        model, field = target
        limit = model._meta.get_field(field).max_length
        if limit is not None and len(value) > limit:
            raise MethodologyFileError(
                self.table,
                self.row_number,
                column,
                f"{len(value)} characters long; at most {limit} fit",
            )

    def number(
        self, column: str, default: str | None = None, required: bool = True
    ) -> Decimal | None:
        value = self.text(column, required=required and default is None)
        if not value:
            return Decimal(default) if default is not None else None
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation as error:
            raise MethodologyFileError(
                self.table, self.row_number, column, f"{value!r} is not a number"
            ) from error
        if not number.is_finite() or number < 0:
            raise MethodologyFileError(
                self.table, self.row_number, column, f"{value!r} must be zero or more"
            )
        return number

    def whole(self, column: str, default: str | None = None) -> int:
        number = self.number(column, default)
        if number is None or number != number.to_integral_value():
            raise MethodologyFileError(
                self.table,
                self.row_number,
                column,
                f"{self.row.get(column)!r} is not a whole number",
            )
        return int(number)

    def choice(self, column: str, choices: list[str]) -> str:
        value = self.text(column)
        if value not in choices:
            raise MethodologyFileError(
                self.table,
                self.row_number,
                column,
                f"{value!r} is not one of {', '.join(choices)}",
            )
        return value

    def names(
        self, field: str, column: str | None = None, required: bool = False
    ) -> dict[str, str | None]:
        values = {
            f"{field}_{language}": self.row.get(f"{column or field}_{language}", "").strip() or None
            for language in LANGUAGES
        }
        for language in LANGUAGES:
            self._check_length(
                f"{column or field}_{language}",
                column or field,
                values[f"{field}_{language}"] or "",
            )
        if required and not any(values.values()):
            raise MethodologyFileError(
                self.table,
                self.row_number,
                f"{column or field}_en",
                "a name in at least one language is required",
            )
        return values


# (table, column without its language suffix) -> the model field the value is stored in
STORED_IN: dict[tuple[str, str], tuple[type[models.Model], str]] = {
    ("methodology", "name"): (Methodology, "name"),
    ("scales", "scale_code"): (Scale, "code"),
    ("scales", "scale_name"): (Scale, "name"),
    ("scales", "level_code"): (ScaleLevel, "code"),
    ("scales", "level_label"): (ScaleLevel, "label"),
    ("areas", "code"): (Area, "code"),
    ("areas", "title"): (Area, "title"),
    ("indicators", "code"): (Indicator, "code"),
    ("indicators", "title"): (Indicator, "title"),
    ("thresholds", "code"): (CategoryThreshold, "code"),
    ("thresholds", "label"): (CategoryThreshold, "label"),
}


def _readers(tables: dict[str, Table], table: str) -> list[_Reader]:
    # Row 1 is the header, so data rows start at 2, as a spreadsheet shows them.
    return [_Reader(table, number, row) for number, row in enumerate(tables[table], start=2)]


def methodology_import(
    *, actor: User, tables: dict[str, Table], predecessor: Methodology | None = None
) -> Methodology:
    """Create a draft methodology from the five tables, all of it or nothing."""
    require(actor, "rankings.change_methodology")
    head = _readers(tables, "methodology")
    if len(head) != 1:
        raise MethodologyFileError(
            "methodology", None, None, f"expected one row, found {len(head)}"
        )
    with transaction.atomic():
        methodology = Methodology(
            **head[0].names("name", required=True),
            edition=head[0].whole("edition"),
            version=head[0].whole("version", "1"),
            predecessor=predecessor,
        )
        if Methodology.objects.filter(
            name_en=methodology.name_en, edition=methodology.edition, version=methodology.version
        ).exists():
            raise MethodologyFileError(
                "methodology", 2, "version", "this name, edition and version already exist"
            )
        methodology.save()

        scales: dict[str, Scale] = {}
        levels: list[ScaleLevel] = []
        seen_levels: set[tuple[str, str]] = set()
        for reader in _readers(tables, "scales"):
            code = reader.text("scale_code")
            kind = reader.choice("kind", ScaleKind.values)
            if code not in scales:
                scales[code] = Scale.objects.create(
                    methodology=methodology,
                    code=code,
                    kind=kind,
                    **reader.names("name", "scale_name"),
                )
            elif scales[code].kind != kind:
                raise MethodologyFileError(
                    "scales", reader.row_number, "kind", f"scale {code} has two kinds"
                )
            level_code = reader.text("level_code")
            if (code, level_code) in seen_levels:
                raise MethodologyFileError(
                    "scales",
                    reader.row_number,
                    "level_code",
                    f"level {level_code} appears twice in {code}",
                )
            seen_levels.add((code, level_code))
            not_applicable = reader.text("not_applicable", required=False).lower() in {
                "yes",
                "1",
                "true",
                "x",
            }
            points = reader.number("points", required=False)
            if not_applicable and points is not None:
                raise MethodologyFileError(
                    "scales", reader.row_number, "points", "a 'not applicable' level has no points"
                )
            levels.append(
                ScaleLevel(
                    scale=scales[code],
                    code=level_code,
                    points=points,
                    not_applicable=not_applicable,
                    order=reader.whole("order", "0"),
                    **reader.names("label", "level_label", required=True),
                )
            )
        ScaleLevel.objects.bulk_create(levels)

        areas: dict[str, Area] = {}
        for reader in _readers(tables, "areas"):
            code = reader.text("code")
            if code in areas:
                raise MethodologyFileError(
                    "areas", reader.row_number, "code", f"area {code} appears twice"
                )
            areas[code] = Area.objects.create(
                methodology=methodology,
                code=code,
                order=reader.whole("order", "0"),
                weight=reader.number("weight", "1"),
                **reader.names("title", required=True),
            )

        previous = (
            {indicator.code: indicator for indicator in predecessor.indicators.all()}
            if predecessor
            else {}
        )
        indicators: list[Indicator] = []
        codes: set[str] = set()
        for reader in _readers(tables, "indicators"):
            code = reader.text("code")
            if code in codes:
                raise MethodologyFileError(
                    "indicators", reader.row_number, "code", f"indicator {code} appears twice"
                )
            codes.add(code)
            area_code, scale_code = reader.text("area_code"), reader.text("scale_code")
            if area_code not in areas:
                raise MethodologyFileError(
                    "indicators", reader.row_number, "area_code", f"no area {area_code}"
                )
            if scale_code not in scales:
                raise MethodologyFileError(
                    "indicators", reader.row_number, "scale_code", f"no scale {scale_code}"
                )
            previous_code = reader.text("previous_code", required=False)
            if previous_code and previous_code not in previous:
                raise MethodologyFileError(
                    "indicators",
                    reader.row_number,
                    "previous_code",
                    f"{previous_code} is not an indicator of the previous edition",
                )
            indicators.append(
                Indicator(
                    methodology=methodology,
                    area=areas[area_code],
                    scale=scales[scale_code],
                    code=code,
                    check_method=reader.choice("check_method", CheckMethod.values),
                    requirement_type=reader.choice("requirement_type", RequirementType.values),
                    weight=reader.number("weight", "1"),
                    order=reader.whole("order", "0"),
                    predecessor=previous.get(previous_code),
                    **reader.names("title", required=True),
                    **reader.names("guidance"),
                )
            )
        Indicator.objects.bulk_create(indicators)

        thresholds: set[str] = set()
        for reader in _readers(tables, "thresholds"):
            code = reader.text("code")
            if code in thresholds:
                raise MethodologyFileError(
                    "thresholds", reader.row_number, "code", f"category {code} appears twice"
                )
            thresholds.add(code)
            minimum = reader.number("minimum")
            if minimum is None or minimum > 100:
                raise MethodologyFileError(
                    "thresholds", reader.row_number, "minimum", "must be between 0 and 100"
                )
            CategoryThreshold.objects.create(
                methodology=methodology,
                code=code,
                minimum=minimum,
                **reader.names("label", required=True),
            )
    return methodology
