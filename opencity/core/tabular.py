"""Reading a table that people keep in a spreadsheet: a CSV file or an XLSX workbook, the same
columns both ways, with every problem named by its row and column.

A CSV file is UTF-8 (with or without a byte-order mark), separated by commas, or by semicolons or
tabs as some spreadsheet programs save it. An XLSX workbook holds the table in one named sheet.
Row 1 holds the column names; rows are numbered as a spreadsheet shows them, and empty rows are
left out. The imports of the apps (a rankings cycle's answers, an action plan's milestones) check
their rows against the database themselves; this module only turns a file into rows of text.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

# The error lists the first problems and says how many more there are.
MAX_PROBLEMS_SHOWN = 50
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

Row = dict[str, str]


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: `row` 1 is the header; `None` when it concerns the whole file."""

    row: int | None
    column: str | None
    text: str

    def __str__(self) -> str:
        if self.row is not None and self.column is not None:
            return _("Row %(row)s, column %(column)s: %(problem)s") % {
                "row": self.row,
                "column": self.column,
                "problem": self.text,
            }
        if self.row is not None:
            return _("Row %(row)s: %(problem)s") % {"row": self.row, "problem": self.text}
        return self.text


class TableFileError(ValidationError):
    """Every problem found in a file; nothing was written. `problems` holds them all, the
    messages only the first `MAX_PROBLEMS_SHOWN`, then how many more there are."""

    code = "table_file"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        messages = [str(problem) for problem in problems[:MAX_PROBLEMS_SHOWN]]
        hidden = len(problems) - MAX_PROBLEMS_SHOWN
        if hidden > 0:
            messages.append(
                ngettext("… and %(count)s more problem.", "… and %(count)s more problems.", hidden)
                % {"count": hidden}
            )
        super().__init__(messages, code=self.code)


@dataclass(frozen=True)
class TableFormat:
    """What a file must look like: its columns (those in `optional` may be left out), the sheet
    of a workbook, the limits, and the error class raised."""

    columns: Sequence[str]
    sheet: str
    optional: frozenset[str] = frozenset()
    max_rows: int = 200_000
    max_bytes: int = 200 * 1024 * 1024
    error: type[TableFileError] = TableFileError

    @property
    def required(self) -> list[str]:
        return [column for column in self.columns if column not in self.optional]


def text_of(value: object) -> str:
    """A value as the text a table cell holds: empty for nothing, "yes" for true, a decimal
    without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def cell_text(value: object) -> str:
    """The text of a workbook cell. A code typed as a number into a spreadsheet comes back as
    1.0; it means "1". A date comes back as a date; it is written in ISO form."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return text_of(value).strip()


def _too_many_rows(table: TableFormat) -> Problem:
    return Problem(
        None,
        None,
        _(
            "The file has more than %(count)s rows. Split it into several files, for example "
            "one per region, and import them one after the other."
        )
        % {"count": table.max_rows},
    )


def _rows(table: TableFormat, lines: Iterable[tuple[int, list[str]]]) -> list[tuple[int, Row]]:
    """Rows keyed by column name, with their numbers; the first line is the header. Raises on a
    file that cannot be read as the table."""
    numbered = iter(lines)
    first = next(numbered, None)
    if first is None or not any(first[1]):
        raise table.error(
            [Problem(1, None, _("the row is empty; row 1 must hold the column names."))]
        )
    header = [name.strip().lower() for name in first[1]]
    problems = []
    for index, name in enumerate(header):
        if name and name in header[:index]:
            problems.append(Problem(1, name, _("this column appears twice.")))
    missing = [column for column in table.required if column not in header]
    if missing:
        problems.append(
            Problem(
                1,
                None,
                ngettext(
                    "the column %(columns)s is missing; the columns are %(all)s.",
                    "the columns %(columns)s are missing; the columns are %(all)s.",
                    len(missing),
                )
                % {"columns": ", ".join(missing), "all": ", ".join(table.columns)},
            )
        )
    if problems:
        raise table.error(problems)
    positions = {column: header.index(column) for column in table.columns if column in header}
    rows = []
    for number, values in numbered:
        if number > table.max_rows + 1:
            raise table.error([_too_many_rows(table)])
        if not any(values):
            continue
        rows.append(
            (
                number,
                {
                    column: values[index] if index < len(values) else ""
                    for column, index in positions.items()
                },
            )
        )
    return rows


def _xlsx_lines(table: TableFormat, data: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    try:
        workbook = load_workbook(data, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise table.error(
            [Problem(None, None, _("The file is not an XLSX workbook that can be read."))]
        ) from error
    try:
        if table.sheet not in workbook.sheetnames:
            raise table.error(
                [
                    Problem(
                        None,
                        None,
                        _("The workbook has no sheet named “%(sheet)s”.") % {"sheet": table.sheet},
                    )
                ]
            )
        for number, cells in enumerate(workbook[table.sheet].iter_rows(values_only=True), start=1):
            yield number, [cell_text(cell) for cell in cells]
    finally:
        workbook.close()


def _csv_row_at(raw: bytes, offset: int) -> int:
    """The number of the CSV row holding the byte at `offset` (quoted cells may span lines)."""
    before = raw[:offset].decode("utf-8-sig", errors="ignore")
    complete = len(list(csv.reader(io.StringIO(before, newline=""))))
    return complete + 1 if not before or before.endswith(("\n", "\r")) else complete


def _csv_lines(table: TableFormat, data: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    raw = data.read(table.max_bytes + 1)
    if len(raw) > table.max_bytes:
        raise table.error(
            [
                Problem(
                    None,
                    None,
                    _("The file is larger than %(size)s MB. Split it into several files.")
                    % {"size": table.max_bytes // (1024 * 1024)},
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise table.error(
            [
                Problem(
                    _csv_row_at(raw, error.start),
                    None,
                    _(
                        "the file is not UTF-8 text. Save it again as “CSV UTF-8” "
                        "(in LibreOffice: character set Unicode (UTF-8))."
                    ),
                )
            ]
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [cell.strip() for cell in cells]
    except csv.Error as error:
        raise table.error(
            [
                Problem(
                    number + 1,
                    None,
                    _("the file cannot be read as CSV (%(error)s).") % {"error": error},
                )
            ]
        ) from error


def read_table(
    table: TableFormat, data: IO[bytes], filename: str, *, wrong_kind: str | Promise
) -> list[tuple[int, Row]]:
    """The rows of a CSV or XLSX file, each with its row number, chosen by the file's extension.
    Raises `table.error` when the file itself cannot be read; `wrong_kind` is the message for a
    file that is neither, with `%(name)s` for its name."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        return _rows(table, _xlsx_lines(table, data))
    if extension == "csv":
        return _rows(table, _csv_lines(table, data))
    raise table.error([Problem(None, None, str(wrong_kind) % {"name": filename})])
