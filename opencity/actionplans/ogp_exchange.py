"""OGP's published commitment table in and out: a reader that checks every cell, a writer that
creates or updates members, plans, commitments, policy areas, institutions and the IRM's
assessments in bulk, and an exporter that writes the same layout back.

The layout (one row per commitment) is described in the reference on action plans. What the
reader does with each column:

- `Commitment Unique Identifier`: the commitment's identifier; a second import matches on it, so
  running the same file twice changes nothing. The member's prefix is its leading letters
  (`IAS` of `IAS0003`), else the letters of `Action Plan ID` after `AP_`.
- `Country/Locality` and `National Or Local`: the member. `National` is a national government,
  linked to the country when it is one of ours (Ukraine, Romania, Bulgaria) and to none
  otherwise. `Local`, `Legacy Local` and `Other` are local governments: a local member must be
  linked to its municipality, which is found by name within the country (`Iași, Romania` or
  `Iași`); a locality that matches none, or more than one, of our municipalities is a problem of
  that row, unless the member already exists (matched on its prefix).
- `Action Plan ID`, `Action Plan Number`, `Year Of Submission`, `Action Plan End Year`: the plan.
  A new plan is "completed" once its end year has passed, else "in implementation"; an existing
  plan keeps its status.
- `Commitment Title`, `Short Title`, `Full Text` (what the commitment does), `Start Date`,
  `End Date` (month/day/year, `6/30/2019`; ISO `2019-06-30` is accepted too), `Theme`, `URL`.
- `Lead Institution` and `Supporting Institution(s)` (several separated by `;` or line breaks):
  organisations matched by name, created when missing as national government bodies for a
  national member and as "other" for a local one.
- `OGP Value ...`: 0/1 columns, the commitment's relevance to each value.
- Every other column whose values are mostly 0 or 1 is a policy-area flag: its heading,
  in sentence case, names the policy area (`Anti-Corruption And Integrity` becomes
  "Anti-corruption and integrity").
- Columns that start with `_` hold OGP's numeric codes of the text columns and are ignored, as
  are other columns that are not flags; `Starred (Current Formula)` is derived here again by the
  older formula and not read.

The IRM scales become assessments by the organisation "Independent Reporting Mechanism"
(independent, created when missing), one per report, created only when one of its columns holds
a value:

- Older method (no `Potential for Results` and no `Early Results` in the row):
  mid-term progress report = `Verifiable`, `Specificity`, relevance (from the `OGP Value`
  columns), `Potential Impact`, `Completion (Progress Report)`; end-of-term report =
  `Completion (End Of Term)`, `Did It Open Government (Overall)` and per value.
- Refreshed method (either of those two holds a value): action plan review = `Verifiable`,
  relevance, `Potential for Results`; results report = `Completion (End Of Term)`,
  `Early Results`, `Did It Open Government` (overall and per value); a value in
  `Completion (Progress Report)` still makes a mid-term assessment.

Text values are matched whatever their case and spacing against the English labels of the
scales, their codes and a few spellings of OGP's own (`Yes`/`No` for verifiable,
`Moderate Results`). `ND` is "no data", `NR` "not reviewed"; `NA` and an empty cell mean the
report did not use the scale. Nothing else is guessed: every value that is not known is a
problem, with its row (the heading is row 1) and column, and so is a date that is not a date, a
duplicate identifier, a missing column or a file that is not UTF-8 (a byte-order mark is fine).

Headings are matched whatever their case, spacing and punctuation; the columns identifier,
`Country/Locality`, `National Or Local`, `Action Plan ID`, the two years and the title are
required, the others optional. An empty `Commitment Number` is the number that ends the
identifier (`3` of `IAS0003`). Commas, semicolons or tabs may separate the cells.

A file with problems imports nothing. With `keep_going`, the rest is imported: unknown scale
values and flags are stored as "no data" (a flag as 0), and rows whose identifier, dates,
years, member or plan are broken are left out; the problems are returned as the report.

Writing is one transaction with a fixed number of queries per thousand rows; every created or
changed member, plan, organisation, commitment (with its links) and assessment gets a history
record ("Imported from OGP's commitment data", by the importing person when known).

The export writes the same columns, a policy-area column per stored policy area (headed by its
English name, which the importer matches), local members as `Name, Country` and `Local`, dates as
`6/30/2019`, values in OGP's spelling (`Not Started`, `ND`, `NR`; empty when no report used the
scale), each scale column read from the first independent assessment that has it in the order of
`EXPORT_SOURCES`, and `Starred (Current Formula)` 1 when any of them is starred.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opencity.accounts.models import Organisation, OrganisationKind, User
from opencity.actionplans import scales
from opencity.actionplans.models import (
    ActionPlan,
    Assessment,
    Commitment,
    Member,
    PolicyArea,
)
from opencity.actionplans.scales import AssessorKind, MemberKind, PlanStatus, ReportType
from opencity.core.text import latin_slug, search_key
from opencity.places.models import Country, Municipality

BATCH_SIZE = 1_000
CHANGE_REASON = "Imported from OGP's commitment data"
MECHANISM_NAME = "Independent Reporting Mechanism"

IDENTIFIER = "Commitment Unique Identifier"
LOCALITY = "Country/Locality"
NATIONAL_OR_LOCAL = "National Or Local"
REGION = "Region"
PLAN_ID = "Action Plan ID"
PLAN_NUMBER = "Action Plan Number"
NUMBER = "Commitment Number"
SUBMITTED = "Year Of Submission"
END_YEAR = "Action Plan End Year"
TITLE = "Commitment Title"
SHORT_TITLE = "Short Title"
FULL_TEXT = "Full Text"
START_DATE = "Start Date"
END_DATE = "End Date"
LEAD = "Lead Institution"
SUPPORTING = "Supporting Institution(s)"
THEME = "Theme"
SPECIFICITY = "Specificity"
VERIFIABLE = "Verifiable"
VALUE_COLUMNS = {
    "access_to_information": "OGP Value Access To Information",
    "civic_participation": "OGP Value Civic Participation",
    "public_accountability": "OGP Value Public Accountability",
    "technology": "OGP Value Technology",
}
POTENTIAL_IMPACT = "Potential Impact"
COMPLETION_MID = "Completion (Progress Report)"
COMPLETION_END = "Completion (End Of Term)"
POTENTIAL_FOR_RESULTS = "Potential for Results"
EARLY_RESULTS = "Early Results"
OPEN_GOVERNMENT = "Did It Open Government (Overall)"
OPEN_GOVERNMENT_VALUES = {
    "access_to_information": "Did It Open Government (Access To Information)",
    "civic_participation": "Did It Open Government (Civic Participation)",
    "public_accountability": "Did It Open Government (Public Accountability)",
}
STARRED = "Starred (Current Formula)"
URL = "URL"

COLUMNS_BEFORE_AREAS = [
    IDENTIFIER, LOCALITY, NATIONAL_OR_LOCAL, REGION, PLAN_ID, PLAN_NUMBER, NUMBER, SUBMITTED,
    END_YEAR, TITLE, SHORT_TITLE, FULL_TEXT, START_DATE, END_DATE, LEAD, SUPPORTING, THEME,
]  # fmt: skip
COLUMNS_AFTER_AREAS = [
    SPECIFICITY, VERIFIABLE, *VALUE_COLUMNS.values(), POTENTIAL_IMPACT, COMPLETION_MID,
    COMPLETION_END, POTENTIAL_FOR_RESULTS, EARLY_RESULTS, OPEN_GOVERNMENT,
    *OPEN_GOVERNMENT_VALUES.values(), STARRED, URL,
]  # fmt: skip
KNOWN_COLUMNS = [*COLUMNS_BEFORE_AREAS, *COLUMNS_AFTER_AREAS]
REQUIRED_COLUMNS = [IDENTIFIER, LOCALITY, NATIONAL_OR_LOCAL, PLAN_ID, SUBMITTED, END_YEAR, TITLE]
# Known 0/1 columns that are not policy areas, left unread.
IGNORED_COLUMNS = {"Starred (Old Formula)", "Starred"}

MEMBER_KINDS = {
    "national": MemberKind.NATIONAL,
    "local": MemberKind.LOCAL,
    "legacy local": MemberKind.LOCAL,
    "other": MemberKind.LOCAL,
}
MISSING = {"", "na", "n/a"}
MARKERS = {"nd": scales.NO_DATA, "nr": scales.NOT_REVIEWED}
EMPTY = MISSING | set(MARKERS)

# Report of each scale column, by method (older / refreshed), and the assessment field it fills.
SCALE_COLUMNS: dict[str, tuple[str, list[tuple[str, object]]]] = {
    VERIFIABLE: ("verifiability", scales.VERIFIABILITY),
    SPECIFICITY: ("specificity", scales.SPECIFICITY),
    POTENTIAL_IMPACT: ("potential_impact", scales.POTENTIAL_IMPACT),
    COMPLETION_MID: ("completion", scales.COMPLETION),
    COMPLETION_END: ("completion", scales.COMPLETION),
    POTENTIAL_FOR_RESULTS: ("potential_for_results", scales.POTENTIAL_FOR_RESULTS),
    EARLY_RESULTS: ("early_results", scales.EARLY_RESULTS),
    OPEN_GOVERNMENT: ("open_government", scales.OPEN_GOVERNMENT),
    **{
        column: (f"open_government_{value}", scales.OPEN_GOVERNMENT)
        for value, column in OPEN_GOVERNMENT_VALUES.items()
    },
}
OLDER_REPORTS = {
    VERIFIABLE: ReportType.MID_TERM,
    SPECIFICITY: ReportType.MID_TERM,
    POTENTIAL_IMPACT: ReportType.MID_TERM,
    COMPLETION_MID: ReportType.MID_TERM,
    COMPLETION_END: ReportType.END_OF_TERM,
    OPEN_GOVERNMENT: ReportType.END_OF_TERM,
    **dict.fromkeys(OPEN_GOVERNMENT_VALUES.values(), ReportType.END_OF_TERM),
}
REFRESHED_REPORTS = {
    VERIFIABLE: ReportType.ACTION_PLAN_REVIEW,
    SPECIFICITY: ReportType.ACTION_PLAN_REVIEW,
    POTENTIAL_IMPACT: ReportType.ACTION_PLAN_REVIEW,
    POTENTIAL_FOR_RESULTS: ReportType.ACTION_PLAN_REVIEW,
    COMPLETION_MID: ReportType.MID_TERM,
    COMPLETION_END: ReportType.RESULTS_REPORT,
    EARLY_RESULTS: ReportType.RESULTS_REPORT,
    OPEN_GOVERNMENT: ReportType.RESULTS_REPORT,
    **dict.fromkeys(OPEN_GOVERNMENT_VALUES.values(), ReportType.RESULTS_REPORT),
}
# The report that holds the relevance to the OGP values, by method.
RELEVANCE_REPORT = {False: ReportType.MID_TERM, True: ReportType.ACTION_PLAN_REVIEW}
IRM_REPORTS = (
    ReportType.ACTION_PLAN_REVIEW,
    ReportType.MID_TERM,
    ReportType.END_OF_TERM,
    ReportType.RESULTS_REPORT,
)
ALIASES: dict[str, dict[str, str]] = {
    "verifiability": {"yes": "verifiable", "no": "not_verifiable"},
    "early_results": {"moderate results": "moderate", "significant results": "significant"},
}
# OGP's spelling of a value on export, where title case of the label is not it.
EXPORT_SPELLING = {
    "no_early_results": "No early results to report yet",
    scales.NO_DATA: "ND",
    scales.NOT_REVIEWED: "NR",
}
ASSESSMENT_FIELDS = [
    "verifiability", "specificity", "relevance_access_to_information",
    "relevance_civic_participation", "relevance_public_accountability", "relevance_technology",
    "potential_impact", "potential_for_results", "completion", "open_government",
    "open_government_access_to_information", "open_government_civic_participation",
    "open_government_public_accountability", "early_results",
]  # fmt: skip

IDENTIFIER_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
FLAG_VALUES = {"0": False, "1": True, "0.0": False, "1.0": True}
_url_validator = URLValidator(schemes=["http", "https"])

Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]


def no_progress(items: Iterable[Any], total: int, description: str) -> Iterable[Any]:
    return items


# Problems ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something in the file that is not imported as written. `breaks_row`: the row cannot be
    imported at all (identifier, dates, member, plan); otherwise only the value is replaced by
    "no data". A problem without a row concerns the whole file."""

    message: str
    row: int | None = None
    column: str = ""
    value: str = ""
    breaks_row: bool = True

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            place.append(_("column “%(column)s”") % {"column": self.column})
        where = ", ".join(place)
        text = f"{where}: {self.message}" if where else self.message
        if self.value:
            text += " " + _("(value: “%(value)s”)") % {"value": self.value}
        return text


class OgpImportError(ValidationError):
    """The file cannot be imported as it is; `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems])


def report_text(problems: Sequence[Problem]) -> str:
    """The problems of a file, one a line, in the order of the file."""
    ordered = sorted(problems, key=lambda problem: (problem.row or 0, problem.column))
    return "\n".join(str(problem) for problem in ordered)


# Reading -------------------------------------------------------------------------------------


def _heading_key(heading: str) -> str:
    return re.sub(r"[^a-z0-9]", "", heading.casefold())


_KNOWN_BY_KEY = {_heading_key(column): column for column in [*KNOWN_COLUMNS, *IGNORED_COLUMNS]}


def _cell_key(value: str) -> str:
    return " ".join(value.strip().rstrip(".").casefold().replace("_", " ").split())


def _scale_lookup(field_name: str, choices: list[tuple[str, object]]) -> dict[str, str]:
    with translation.override("en"):
        lookup = {_cell_key(str(label)): value for value, label in choices}
    lookup.update({_cell_key(value): value for value, _label in choices})
    lookup.update(ALIASES.get(field_name, {}))
    return lookup


_SCALE_LOOKUPS = {
    column: _scale_lookup(field_name, choices)
    for column, (field_name, choices) in SCALE_COLUMNS.items()
}


def policy_area_name(heading: str) -> str:
    """A readable name of a policy-area column: sentence case, acronyms kept."""
    readable = []
    for position, word in enumerate(heading.split()):
        if not (word.isupper() and len(word) > 1):
            word = word[:1] + word[1:].lower() if position == 0 else word.lower()
        readable.append(word)
    return " ".join(readable)


def policy_area_code(heading: str) -> str:
    return latin_slug(heading, fallback="area")[:80]


@dataclass
class OgpRow:
    row: int
    identifier: str
    prefix: str
    member_name: str
    member_kind: str
    country_name: str
    region: str
    plan_identifier: str
    plan_number: int | None
    start_year: int | None
    end_year: int | None
    number: str
    title: str
    short_title: str
    full_text: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    lead: str
    supporting: list[str]
    theme: str
    url: str
    values: dict[str, bool]
    policy_areas: list[str]
    # report type -> assessment field -> value
    assessments: dict[str, dict[str, str]]
    broken: bool = False


@dataclass
class OgpTable:
    rows: list[OgpRow]
    problems: list[Problem]
    # code -> readable name, in the order of the file
    policy_areas: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def fatal(self) -> bool:
        return any(problem.row is None for problem in self.problems)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise OgpImportError(
            [
                Problem(
                    _(
                        "The file is not UTF-8 text (an unreadable byte on line %(line)d). Save "
                        "it as “CSV UTF-8” and import it again."
                    )
                    % {"line": line}
                )
            ]
        ) from None


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


def parse_date(text: str) -> datetime.date:
    """OGP's month/day/year (`6/30/2019`, optionally with a time of 0:00) or ISO `2019-06-30`."""
    text = text.strip()
    match = US_DATE.match(text)
    if match:
        month, day, year = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    match = ISO_DATE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    raise ValueError(text)


class _RowReader:
    """Reads the cells of one row, collecting every problem instead of stopping at the first."""

    def __init__(self, number: int, cells: dict[str, str], problems: list[Problem]) -> None:
        self.number = number
        self.cells = cells
        self.problems = problems
        self.broken = False

    def problem(self, column: str, message: str, value: str = "", breaks_row: bool = True) -> None:
        self.problems.append(Problem(message, self.number, column, value, breaks_row))
        self.broken = self.broken or breaks_row

    def raw(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def text(self, column: str, max_length: int, required: bool = False) -> str:
        value = " ".join(self.raw(column).split()) if column != FULL_TEXT else self.raw(column)
        if _cell_key(value) in EMPTY:
            value = ""
        if required and not value:
            self.problem(column, _("This column must have a value."))
        elif len(value) > max_length:
            self.problem(
                column,
                _("Longer than %(max)d characters (%(length)d).")
                % {"max": max_length, "length": len(value)},
            )
        return value

    def year(self, column: str) -> int | None:
        value = self.raw(column)
        if value.endswith(".0"):
            value = value[:-2]
        if value.isdigit() and 1990 <= int(value) <= 2100:
            return int(value)
        self.problem(column, _("Not a year."), value)
        return None

    def date(self, column: str) -> datetime.date | None:
        value = self.raw(column)
        if _cell_key(value) in EMPTY:
            return None
        try:
            return parse_date(value)
        except ValueError:
            self.problem(
                column, _("Not a date; dates are written month/day/year, as 6/30/2019."), value
            )
            return None

    def flag(self, column: str) -> bool:
        value = self.cells.get(column, "")
        if value in FLAG_VALUES:  # the common case, first
            return FLAG_VALUES[value]
        value = value.strip()
        if _cell_key(value) in EMPTY:
            return False
        if value in FLAG_VALUES:
            return FLAG_VALUES[value]
        self.problem(column, _("Not 0 or 1; stored as 0."), value, breaks_row=False)
        return False

    def scale(self, column: str) -> str:
        value = self.raw(column)
        key = _cell_key(value)
        if key in MISSING:
            return ""
        if key in MARKERS:
            return MARKERS[key]
        known = _SCALE_LOOKUPS[column].get(key)
        if known is None:
            self.problem(
                column,
                _("Not a value of this scale; stored as “no data”."),
                value,
                breaks_row=False,
            )
            return scales.NO_DATA
        return known


def _member_prefix(identifier: str, plan_identifier: str) -> str:
    letters = re.match(r"^[A-Za-z]+", identifier)
    if letters:
        return letters.group(0).upper()
    from_plan = re.match(r"^AP_([A-Za-z]+)", plan_identifier)
    return from_plan.group(1).upper() if from_plan else ""


def _commitment_number(cells: _RowReader, identifier: str) -> str:
    """The commitment's number; when the column is empty, the digits that end its identifier
    (`3` of `IAS0003`)."""
    number = cells.text(NUMBER, 16)
    if not number:
        digits = re.search(r"(\d+)$", identifier)
        if digits:
            number = str(int(digits.group(1)))
        elif identifier:
            cells.problem(NUMBER, _("This column must have a value."))
    return number


def _is_flag_column(values: Iterable[str]) -> bool:
    """A flag column: most of its values (and at least one) are 0 or 1; the others are then
    problems of their rows rather than a reason to leave the column out."""
    flags = others = 0
    for value in values:
        if value in FLAG_VALUES:
            flags += 1
        elif _cell_key(value) not in EMPTY:
            others += 1
    return flags > others


def _split_institutions(text: str) -> list[str]:
    names = []
    for part in re.split(r"[;\n|]", text):
        name = " ".join(part.split())
        if name and _cell_key(name) not in EMPTY and name not in names:
            names.append(name)
    return names


def read_ogp_table(data: bytes) -> OgpTable:
    """Read and check the whole file. Raises `OgpImportError` when the file cannot be read at all
    (encoding, headings); otherwise returns the rows with every problem found."""
    text = _decode(data)
    if not text.strip():
        raise OgpImportError([Problem(_("The file is empty."))])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        records = list(reader)
    except csv.Error as error:
        raise OgpImportError(
            [Problem(_("Not a readable CSV file: %(error)s") % {"error": error})]
        ) from None
    headings = [heading.strip() for heading in records[0]]
    canonical = [
        heading if heading.startswith("_") else _KNOWN_BY_KEY.get(_heading_key(heading), heading)
        for heading in headings
    ]
    problems: list[Problem] = []
    missing = [column for column in REQUIRED_COLUMNS if column not in canonical]
    for column in missing:
        problems.append(Problem(_("The column is missing from the heading row."), 1, column))
    repeated = sorted(
        {heading for heading in canonical if heading and canonical.count(heading) > 1}
    )
    for column in repeated:
        problems.append(Problem(_("The column appears more than once."), 1, column))
    if problems:
        raise OgpImportError(problems)

    body = [(number, cells) for number, cells in enumerate(records[1:], start=2) if any(cells)]
    candidates = [
        position
        for position, heading in enumerate(canonical)
        if heading and not heading.startswith("_") and heading not in _KNOWN_BY_KEY.values()
    ]
    area_columns = [
        canonical[position]
        for position in candidates
        if _is_flag_column(cells[position] for _n, cells in body if position < len(cells))
    ]
    ignored = [
        canonical[position] for position in candidates if canonical[position] not in area_columns
    ]
    area_codes = {column: policy_area_code(column) for column in area_columns}
    policy_areas = {area_codes[column]: policy_area_name(column) for column in area_columns}

    rows: list[OgpRow] = []
    seen: dict[str, int] = {}
    for number, cells in body:
        if len(cells) != len(canonical):
            problems.append(
                Problem(
                    _("The row has %(cells)d cells where the heading has %(columns)d.")
                    % {"cells": len(cells), "columns": len(canonical)},
                    number,
                )
            )
            continue
        values = dict(zip(canonical, cells, strict=True))
        rows.append(_read_row(_RowReader(number, values, problems), area_codes, seen))
    duplicated = {identifier for identifier, count in seen.items() if count > 1}
    for row in rows:
        if row.identifier and row.identifier.upper() in duplicated:
            first = next(
                other.row for other in rows if other.identifier.upper() == row.identifier.upper()
            )
            problems.append(
                Problem(
                    _("The identifier appears in more than one row (first in row %(first)d).")
                    % {"first": first},
                    row.row,
                    IDENTIFIER,
                    row.identifier,
                )
            )
            row.broken = True
    return OgpTable(
        rows=rows, problems=problems, policy_areas=policy_areas, ignored_columns=ignored
    )


def _read_row(cells: _RowReader, area_columns: dict[str, str], seen: dict[str, int]) -> OgpRow:
    """One row; `area_columns` maps the policy-area columns to the codes of their areas."""
    identifier = cells.raw(IDENTIFIER)
    if not identifier:
        cells.problem(IDENTIFIER, _("This column must have a value."))
    elif not IDENTIFIER_PATTERN.match(identifier) or len(identifier) > 40:
        cells.problem(
            IDENTIFIER,
            _("Not an identifier: letters, digits, “_”, “-” or “.”, at most 40."),
            identifier,
        )
    else:
        seen[identifier.upper()] = seen.get(identifier.upper(), 0) + 1
    kind_text = cells.raw(NATIONAL_OR_LOCAL)
    kind = MEMBER_KINDS.get(_cell_key(kind_text), "")
    if not kind:
        cells.problem(
            NATIONAL_OR_LOCAL,
            _("Neither National nor Local (Legacy Local, Other)."),
            kind_text,
        )
    locality = cells.text(LOCALITY, 200, required=True)
    plan_identifier = cells.text(PLAN_ID, 40, required=True)
    prefix = _member_prefix(identifier, plan_identifier)
    if identifier and not prefix:
        cells.problem(
            IDENTIFIER,
            _("The member's prefix cannot be read from the identifier or the plan identifier."),
            identifier,
        )
    elif len(prefix) > 8:
        cells.problem(IDENTIFIER, _("The member's prefix is longer than 8 letters."), identifier)
    plan_number = None
    number_text = cells.raw(PLAN_NUMBER).removesuffix(".0")
    if number_text.isdigit() and 0 < int(number_text) < 100:
        plan_number = int(number_text)
    elif _cell_key(number_text) in MISSING and re.search(r"(\d+)$", plan_identifier):
        plan_number = int(re.search(r"(\d+)$", plan_identifier).group(1))  # type: ignore[union-attr]
    else:
        cells.problem(PLAN_NUMBER, _("Not the number of a plan."), number_text)
    start_year = cells.year(SUBMITTED)
    end_year = cells.year(END_YEAR)
    if start_year and end_year and end_year < start_year:
        cells.problem(
            END_YEAR, _("The plan ends before the year of its submission."), str(end_year)
        )
    start_date = cells.date(START_DATE)
    end_date = cells.date(END_DATE)
    if start_date and end_date and end_date < start_date:
        cells.problem(END_DATE, _("The commitment ends before it starts."), cells.raw(END_DATE))
    url = cells.text(URL, 500)
    if url:
        try:
            _url_validator(url)
        except ValidationError:
            cells.problem(URL, _("Not a web address; left empty."), url, breaks_row=False)
            url = ""
    lead = cells.text(LEAD, 200)
    supporting = _split_institutions(cells.raw(SUPPORTING))
    for name in supporting:
        if len(name) > 200:
            cells.problem(SUPPORTING, _("A name is longer than 200 characters."), name[:60])
    member_name, country_name = locality, ""
    if kind == MemberKind.LOCAL and "," in locality:
        head, _comma, tail = locality.rpartition(",")
        member_name, country_name = head.strip(), tail.strip()

    values = {value: cells.flag(column) for value, column in VALUE_COLUMNS.items()}
    areas = [code for column, code in area_columns.items() if cells.flag(column)]
    refreshed = bool(cells.raw(POTENTIAL_FOR_RESULTS) or cells.raw(EARLY_RESULTS)) and not (
        _cell_key(cells.raw(POTENTIAL_FOR_RESULTS)) in MISSING
        and _cell_key(cells.raw(EARLY_RESULTS)) in MISSING
    )
    reports = REFRESHED_REPORTS if refreshed else OLDER_REPORTS
    assessments: dict[str, dict[str, str]] = defaultdict(dict)
    for column, report in reports.items():
        value = cells.scale(column)
        if value:
            assessments[report][SCALE_COLUMNS[column][0]] = value
    relevance_report = RELEVANCE_REPORT[refreshed]
    if relevance_report in assessments:
        for value, flag in values.items():
            assessments[relevance_report][f"relevance_{value}"] = "yes" if flag else "no"
    return OgpRow(
        row=cells.number,
        identifier=identifier,
        prefix=prefix,
        member_name=member_name,
        member_kind=kind,
        country_name=country_name,
        region=cells.text(REGION, 100),
        plan_identifier=plan_identifier,
        plan_number=plan_number,
        start_year=start_year,
        end_year=end_year,
        number=_commitment_number(cells, identifier),
        title=cells.text(TITLE, 500, required=True),
        short_title=cells.text(SHORT_TITLE, 200),
        full_text=cells.text(FULL_TEXT, 100_000),
        start_date=start_date,
        end_date=end_date,
        lead=lead,
        supporting=supporting,
        theme=cells.text(THEME, 300),
        url=url,
        values=values,
        policy_areas=areas,
        assessments=dict(assessments),
        broken=cells.broken,
    )


# Writing -------------------------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@dataclass
class ImportResult:
    counts: dict[str, Counts]
    problems: list[Problem]
    rows: int
    skipped_rows: int
    ignored_columns: list[str]

    @property
    def report(self) -> str:
        return report_text(self.problems)


SUMMARY_KEYS = ("members", "plans", "commitments", "assessments", "policy_areas", "organisations")


def _chunks(items: Sequence[Any], size: int = BATCH_SIZE) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _names(obj: models.Model) -> list[str]:
    return [
        getattr(obj, f"name_{language}") or ""
        for language in ("en", "uk", "ro", "bg")
        if getattr(obj, f"name_{language}", None)
    ]


@dataclass
class _MemberPlan:
    prefix: str
    first_row: int
    kind: str
    name: str
    region: str
    country_id: int | None
    municipality_id: int | None
    existing: Member | None


@dataclass
class _PlanPlan:
    identifier: str
    first_row: int
    prefix: str
    number: int
    start_year: int
    end_year: int
    existing: ActionPlan | None


class _Resolver:
    """Finds the members and plans of the rows among what is stored, reporting what cannot be
    matched; reads a fixed number of queries whatever the size of the file."""

    def __init__(self, table: OgpTable) -> None:
        self.table = table
        self.problems: list[Problem] = []
        self.members: dict[str, _MemberPlan] = {}
        self.plans: dict[str, _PlanPlan] = {}
        self.stored_members = {member.prefix: member for member in Member.objects.all()}
        self.countries: dict[str, Country] = {}
        for country in Country.objects.all():
            for name in [country.code, *_names(country)]:
                self.countries[search_key(name)] = country
        self._municipalities: dict[tuple[int | None, str], list[int]] | None = None

    def municipalities(self) -> dict[tuple[int | None, str], list[int]]:
        if self._municipalities is None:
            index: dict[tuple[int | None, str], list[int]] = defaultdict(list)
            for municipality in Municipality.objects.only(
                "pk", "country_id", "name_en", "name_uk", "name_ro", "name_bg"
            ):
                for name in {search_key(name) for name in _names(municipality)}:
                    index[(municipality.country_id, name)].append(municipality.pk)
                    index[(None, name)].append(municipality.pk)
            self._municipalities = index
        return self._municipalities

    def break_row(self, row: OgpRow, column: str, message: str, value: str = "") -> None:
        self.problems.append(Problem(message, row.row, column, value))
        row.broken = True

    def resolve(self) -> None:
        for row in self.table.rows:
            if row.broken:
                continue
            self._resolve_member(row)
        stored_plans = {plan.identifier: plan for plan in ActionPlan.all_objects.all()}
        taken_numbers = {
            (plan.member_id, plan.number): plan.identifier for plan in stored_plans.values()
        }
        file_numbers: dict[tuple[str, int], str] = {}
        for row in self.table.rows:
            if row.broken:
                continue
            self._resolve_plan(row, stored_plans, taken_numbers, file_numbers)

    def _resolve_member(self, row: OgpRow) -> None:
        known = self.members.get(row.prefix)
        if known is not None:
            if known.kind != row.member_kind or search_key(known.name) != search_key(
                row.member_name
            ):
                self.break_row(
                    row,
                    LOCALITY,
                    _("The prefix %(prefix)s already belongs to %(name)s (row %(row)d).")
                    % {"prefix": row.prefix, "name": known.name, "row": known.first_row},
                    row.member_name,
                )
            return
        stored = self.stored_members.get(row.prefix)
        if stored is not None and stored.kind != row.member_kind:
            self.break_row(
                row,
                NATIONAL_OR_LOCAL,
                _("The member with the prefix %(prefix)s is a %(kind)s.")
                % {"prefix": row.prefix, "kind": stored.get_kind_display()},
                row.member_kind,
            )
            return
        country = self.countries.get(search_key(row.country_name or row.member_name))
        municipality_id = stored.municipality_id if stored else None
        if row.member_kind == MemberKind.LOCAL and municipality_id is None:
            if row.country_name and country is None:
                self.break_row(
                    row,
                    LOCALITY,
                    _("%(country)s is not a country of this platform, so %(name)s has no "
                      "municipality here.")
                    % {"country": row.country_name, "name": row.member_name},
                    row.member_name,
                )  # fmt: skip
                return
            found = self.municipalities().get(
                (country.pk if country else None, search_key(row.member_name)), []
            )
            if len(found) != 1:
                message = (
                    _("No municipality of this platform is named so; create the local member "
                      "(prefix %(prefix)s) by hand, then import again.")
                    if not found
                    else _("%(count)d municipalities are named so; write the country after a "
                           "comma, or create the local member (prefix %(prefix)s) by hand.")
                )  # fmt: skip
                self.break_row(
                    row,
                    LOCALITY,
                    message % {"prefix": row.prefix, "count": len(found)},
                    row.member_name,
                )
                return
            municipality_id = found[0]
        if row.member_kind == MemberKind.NATIONAL:
            country_id = country.pk if country else (stored.country_id if stored else None)
        else:
            country_id = stored.country_id if stored and stored.country_id else None
            if country_id is None and municipality_id is not None:
                country_id = self._municipality_country(municipality_id, country)
        self.members[row.prefix] = _MemberPlan(
            prefix=row.prefix,
            first_row=row.row,
            kind=row.member_kind,
            name=row.member_name,
            region=row.region,
            country_id=country_id,
            municipality_id=municipality_id,
            existing=stored,
        )

    def _municipality_country(self, municipality_id: int, country: Country | None) -> int | None:
        if country is not None:
            return country.pk
        for (country_id, _name), pks in self.municipalities().items():
            if country_id is not None and municipality_id in pks:
                return country_id
        return None

    def _resolve_plan(
        self,
        row: OgpRow,
        stored_plans: dict[str, ActionPlan],
        taken_numbers: dict[tuple[int, int], str],
        file_numbers: dict[tuple[str, int], str],
    ) -> None:
        assert row.plan_number is not None and row.start_year and row.end_year
        known = self.plans.get(row.plan_identifier)
        if known is not None:
            for column, mine, theirs in (
                (LOCALITY, row.prefix, known.prefix),
                (PLAN_NUMBER, row.plan_number, known.number),
                (SUBMITTED, row.start_year, known.start_year),
                (END_YEAR, row.end_year, known.end_year),
            ):
                if mine != theirs:
                    self.break_row(
                        row,
                        column,
                        _("Row %(row)d has another value for the same plan %(plan)s.")
                        % {"row": known.first_row, "plan": row.plan_identifier},
                        str(mine),
                    )
                    return
            return
        number_key = (row.prefix, row.plan_number)
        if number_key in file_numbers:
            self.break_row(
                row,
                PLAN_NUMBER,
                _("The plan %(other)s of the same member has this number too.")
                % {"other": file_numbers[number_key]},
                str(row.plan_number),
            )
            return
        member = self.members[row.prefix].existing
        if member is not None:
            other = taken_numbers.get((member.pk, row.plan_number))
            if other is not None and other != row.plan_identifier:
                self.break_row(
                    row,
                    PLAN_NUMBER,
                    _("The member's stored plan %(other)s has this number.") % {"other": other},
                    str(row.plan_number),
                )
                return
        file_numbers[number_key] = row.plan_identifier
        self.plans[row.plan_identifier] = _PlanPlan(
            identifier=row.plan_identifier,
            first_row=row.row,
            prefix=row.prefix,
            number=row.plan_number,
            start_year=row.start_year,
            end_year=row.end_year,
            existing=stored_plans.get(row.plan_identifier),
        )


def ogp_import(
    data: bytes,
    *,
    keep_going: bool = False,
    actor: User | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import OGP's commitment table in one transaction.

    Raises `OgpImportError` with every problem when the file has any and `keep_going` is false,
    or when the file cannot be read at all; nothing is written then. With `keep_going` the
    problems are returned in the result, beside the counts."""
    table = read_ogp_table(data)
    with translation.override("en"), transaction.atomic():
        resolver = _Resolver(table)
        resolver.resolve()
        problems = [*table.problems, *resolver.problems]
        if problems and not keep_going:
            raise OgpImportError(problems)
        rows = [row for row in table.rows if not row.broken]
        writer = _Writer(actor, progress)
        writer.write(resolver, rows, table.policy_areas)
    return ImportResult(
        counts=writer.counts,
        problems=problems,
        rows=len(table.rows),
        skipped_rows=len(table.rows) - len(rows),
        ignored_columns=table.ignored_columns,
    )


COMMITMENT_COMPARED = [
    "plan_id", "number", "title_en", "short_title_en", "description_en", "start_date", "end_date",
    "lead_institution_id", "access_to_information", "civic_participation",
    "public_accountability", "technology", "theme", "url",
]  # fmt: skip
COMMITMENT_WRITTEN = [
    "plan", "number", "title", "title_en", "short_title", "short_title_en", "description",
    "description_en", "start_date", "end_date", "lead_institution", "access_to_information",
    "civic_participation", "public_accountability", "technology", "theme", "url",
]  # fmt: skip


class _Writer:
    def __init__(self, actor: User | None, progress: Progress) -> None:
        self.actor = actor if actor is not None and actor.is_authenticated else None
        self.progress = progress
        self.now = timezone.now()
        self.counts = {key: Counts() for key in SUMMARY_KEYS}

    def _save(
        self, model: type[models.Model], created: list[Any], updated: list[Any], fields: list[str]
    ) -> None:
        """Insert `created`, write `fields` of `updated`, and record the history of both."""
        if created:
            model._default_manager.bulk_create(created, batch_size=BATCH_SIZE)
        if updated:
            _update_rows(model, updated, fields)
        self._history(model, _as_rows(model, created), "+")
        self._history(model, _as_rows(model, updated), "~")

    def _history(
        self, model: type[models.Model], rows: Sequence[dict[str, Any]], history_type: str
    ) -> dict[int, int]:
        """The history records of `rows` (their values by field attname, with `id`), inserted
        with one prepared statement rather than through model instances: simple_history's
        helpers build one instance per row, with every translated field's default, which was
        most of an import's time. Returns the history record's key by the row's key."""
        if not rows:
            return {}
        history_model = model.history.model  # type: ignore[attr-defined]
        tracked = [field.attname for field in history_model.tracked_fields]
        defaults = {field.attname: field.get_default() for field in history_model.tracked_fields}
        extra = {
            "history_date": self.now,
            "history_change_reason": CHANGE_REASON,
            "history_type": history_type,
            "history_user_id": self.actor.pk if self.actor else None,
        }
        _insert_rows(
            history_model,
            [history_model._meta.get_field(name) for name in [*tracked, *extra]],
            (
                [*(row.get(name, defaults[name]) for name in tracked), *extra.values()]
                for row in rows
            ),
        )
        found: dict[int, int] = {}
        for chunk in _chunks([row["id"] for row in rows]):
            found.update(
                history_model.objects.filter(
                    history_date=self.now, history_type=history_type, id__in=chunk
                ).values_list("id", "history_id")
            )
        return found

    def _insert_new(self, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
        """Insert new rows given as values by attname; every other column takes its field's
        default. Plain rows rather than instances, for the same reason as the history."""
        if not rows:
            return
        fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        defaults = {
            model_field.attname: (
                self.now
                if getattr(model_field, "auto_now_add", False)
                or getattr(model_field, "auto_now", False)
                else model_field.get_default()
            )
            for model_field in fields
        }
        _insert_rows(
            model,
            fields,
            ([row.get(field.attname, defaults[field.attname]) for field in fields] for row in rows),
        )

    def write(self, resolver: _Resolver, rows: list[OgpRow], policy_areas: dict[str, str]) -> None:
        members = self._members(resolver)
        plans = self._plans(resolver, members)
        areas = self._policy_areas(policy_areas)
        organisations = self._organisations(rows, members)
        commitments = self._commitments(rows, plans, areas, organisations)
        self._assessments(rows, commitments, organisations[search_key(MECHANISM_NAME)])

    def _members(self, resolver: _Resolver) -> dict[str, Member]:
        created, updated = [], []
        slugs = set(Member.objects.values_list("slug", flat=True))
        result: dict[str, Member] = {}
        for prefix, plan in resolver.members.items():
            member = plan.existing
            if member is None:
                slug = base = latin_slug(plan.name, fallback="member")[:100]
                counter = 2
                while slug in slugs:
                    slug, counter = f"{base}-{counter}", counter + 1
                slugs.add(slug)
                member = Member(kind=plan.kind, prefix=prefix, slug=slug)
                created.append(member)
            changes = {
                "name_en": plan.name,
                "region": plan.region,
                "country_id": plan.country_id,
                "municipality_id": plan.municipality_id,
            }
            if plan.existing is not None:
                if all(getattr(member, key) == value for key, value in changes.items()):
                    self.counts["members"].unchanged += 1
                    result[prefix] = member
                    continue
                updated.append(member)
            for key, value in changes.items():
                setattr(member, key, value)
            member.name = plan.name
            result[prefix] = member
        self._save(
            Member, created, updated, ["name", "name_en", "region", "country", "municipality"]
        )
        self.counts["members"].created += len(created)
        self.counts["members"].updated += len(updated)
        return result

    def _plans(self, resolver: _Resolver, members: dict[str, Member]) -> dict[str, ActionPlan]:
        created, updated = [], []
        result: dict[str, ActionPlan] = {}
        this_year = timezone.localdate().year
        for identifier, spec in resolver.plans.items():
            member = members[spec.prefix]
            plan = spec.existing
            changes = {
                "member_id": member.pk,
                "number": spec.number,
                "start_year": spec.start_year,
                "end_year": spec.end_year,
            }
            if plan is None:
                status = (
                    PlanStatus.COMPLETED if spec.end_year < this_year else PlanStatus.IMPLEMENTATION
                )
                plan = ActionPlan(identifier=identifier, status=status, **changes)
                created.append(plan)
            elif all(getattr(plan, key) == value for key, value in changes.items()):
                self.counts["plans"].unchanged += 1
            else:
                for key, value in changes.items():
                    setattr(plan, key, value)
                updated.append(plan)
            result[identifier] = plan
        self._save(ActionPlan, created, updated, ["member", "number", "start_year", "end_year"])
        self.counts["plans"].created += len(created)
        self.counts["plans"].updated += len(updated)
        return result

    def _policy_areas(self, names: dict[str, str]) -> dict[str, int]:
        """A column names a stored policy area by its code or by its English name (as exports
        write it); the others are created."""
        by_code = dict(PolicyArea.objects.values_list("code", "pk"))
        by_name = {
            search_key(name): pk
            for name, pk in PolicyArea.objects.values_list("name_en", "pk")
            if name
        }
        stored = {}
        for code, name in names.items():
            pk = by_code.get(code) or by_name.get(search_key(name))
            if pk is not None:
                stored[code] = pk
        new = [
            PolicyArea(code=code, name=name, name_en=name)
            for code, name in names.items()
            if code not in stored
        ]
        PolicyArea.objects.bulk_create(new, batch_size=BATCH_SIZE)
        self.counts["policy_areas"].created += len(new)
        self.counts["policy_areas"].unchanged += len(stored)
        stored.update({area.code: area.pk for area in new})
        return stored

    def _organisations(
        self, rows: list[OgpRow], members: dict[str, Member]
    ) -> dict[str, Organisation]:
        wanted: dict[str, tuple[str, str]] = {
            search_key(MECHANISM_NAME): (MECHANISM_NAME, OrganisationKind.OTHER)
        }
        for row in rows:
            kind = (
                OrganisationKind.NATIONAL_GOVERNMENT
                if row.member_kind == MemberKind.NATIONAL
                else OrganisationKind.OTHER
            )
            for name in [row.lead, *row.supporting]:
                if name:
                    wanted.setdefault(search_key(name), (name, kind))
        found: dict[str, Organisation] = {}
        slugs = set()
        for organisation in Organisation.objects.only(
            "pk", "slug", "kind", "name_en", "name_uk", "name_ro", "name_bg"
        ).order_by("pk"):
            slugs.add(organisation.slug)
            for name in _names(organisation):
                key = search_key(name)
                if key in wanted and key not in found:
                    # The mechanism is the one of kind "other", whatever else shares the name.
                    if (
                        key == search_key(MECHANISM_NAME)
                        and organisation.kind != OrganisationKind.OTHER
                    ):
                        continue
                    found[key] = organisation
        created = []
        for key, (name, kind) in wanted.items():
            if key in found:
                continue
            slug = base = latin_slug(name, fallback="organisation")[:100]
            counter = 2
            while slug in slugs:
                slug, counter = f"{base}-{counter}", counter + 1
            slugs.add(slug)
            organisation = Organisation(name=name, name_en=name, slug=slug, kind=kind)
            created.append(organisation)
            found[key] = organisation
        self._save(Organisation, created, [], [])
        self.counts["organisations"].created += len(created)
        self.counts["organisations"].unchanged += len(wanted) - len(created)
        return found

    def _commitments(
        self,
        rows: list[OgpRow],
        plans: dict[str, ActionPlan],
        areas: dict[str, int],
        organisations: dict[str, Organisation],
    ) -> dict[str, int]:
        """Create or update the commitments; returns their keys by identifier."""
        identifiers = [row.identifier for row in rows]
        stored: dict[str, Commitment] = {}
        for chunk in _chunks(identifiers):
            stored.update(
                (commitment.identifier, commitment)
                for commitment in Commitment.all_objects.filter(identifier__in=chunk)
            )
        area_links = _links(Commitment.policy_areas.through, "policyarea_id", stored)
        supporter_links = _links(
            Commitment.supporting_institutions.through, "organisation_id", stored
        )
        created: list[dict[str, Any]] = []
        updated: list[Commitment] = []
        touched: list[Commitment] = []
        wanted_areas: dict[str, set[int]] = {}
        wanted_supporters: dict[str, set[int]] = {}
        for row in self.progress(rows, len(rows), _("commitments")):
            commitment = stored.get(row.identifier)
            lead = organisations[search_key(row.lead)] if row.lead else None
            values = {
                "plan_id": plans[row.plan_identifier].pk,
                "number": row.number,
                "title_en": row.title,
                "short_title_en": row.short_title,
                "description_en": row.full_text,
                "start_date": row.start_date,
                "end_date": row.end_date,
                "lead_institution_id": lead.pk if lead else None,
                **row.values,
                "theme": row.theme,
                "url": row.url,
            }
            wanted_areas[row.identifier] = {areas[code] for code in row.policy_areas}
            wanted_supporters[row.identifier] = {
                organisations[search_key(name)].pk for name in row.supporting
            }
            if commitment is None:
                created.append(
                    {
                        "identifier": row.identifier,
                        **values,
                        "title": row.title,
                        "short_title": row.short_title,
                        "description": row.full_text,
                    }
                )
                continue
            same = all(
                (getattr(commitment, key) or "") == (value or "")
                if key.endswith("_en")
                else getattr(commitment, key) == value
                for key, value in values.items()
            )
            links_same = (
                area_links.get(commitment.pk, {}).keys() == wanted_areas[row.identifier]
                and supporter_links.get(commitment.pk, {}).keys()
                == wanted_supporters[row.identifier]
            )
            if same and links_same:
                self.counts["commitments"].unchanged += 1
                continue
            (updated if not same else touched).append(commitment)
            for key, value in values.items():
                setattr(commitment, key, value)
            for name in ("title", "short_title", "description"):
                setattr(commitment, name, values[f"{name}_en"])
        # The rows first, the links next, then the history that shows them.
        self._insert_new(Commitment, created)
        keys = {identifier: commitment.pk for identifier, commitment in stored.items()}
        for chunk in _chunks([row["identifier"] for row in created]):
            keys.update(
                Commitment.all_objects.filter(identifier__in=chunk).values_list("identifier", "pk")
            )
        if updated:
            _update_rows(Commitment, updated, COMMITMENT_WRITTEN)
        changed = [
            *((keys[row["identifier"]], row["identifier"]) for row in created),
            *((commitment.pk, commitment.identifier) for commitment in [*updated, *touched]),
        ]
        self._set_links(
            Commitment.policy_areas.through, "policyarea_id", changed, area_links, wanted_areas
        )
        self._set_links(
            Commitment.supporting_institutions.through,
            "organisation_id",
            changed,
            supporter_links,
            wanted_supporters,
        )
        for row in created:
            row["id"] = keys[row["identifier"]]
        self._commitment_history(
            {
                **self._history(Commitment, created, "+"),
                **self._history(Commitment, _as_rows(Commitment, [*updated, *touched]), "~"),
            }
        )
        self.counts["commitments"].created += len(created)
        self.counts["commitments"].updated += len(updated) + len(touched)
        return keys

    def _set_links(
        self,
        through: type[models.Model],
        target: str,
        commitments: list[tuple[int, str]],
        stored: dict[int, dict[int, int]],
        wanted: dict[str, set[int]],
    ) -> None:
        """Make the links of each (key, identifier) of `commitments` the wanted ones."""
        remove: list[int] = []
        add = []
        for pk, identifier in commitments:
            have = stored.get(pk, {})
            want = wanted[identifier]
            remove.extend(link for target_id, link in have.items() if target_id not in want)
            add.extend([pk, target_id] for target_id in sorted(want - have.keys()))
        for chunk in _chunks(remove):
            through._default_manager.filter(pk__in=chunk).delete()
        _insert_rows(
            through,
            [
                through._meta.get_field("commitment"),
                through._meta.get_field(target.removesuffix("_id")),
            ],
            add,
        )

    def _commitment_history(self, records: dict[int, int]) -> None:
        """Beside each history record of a commitment, its policy areas and supporting
        institutions as they now are (simple_history's bulk helpers leave them out)."""
        if not records:
            return
        history_model = Commitment.history.model
        for link_field, target in (
            ("policy_areas", "policyarea_id"),
            ("supporting_institutions", "organisation_id"),
        ):
            through = getattr(Commitment, link_field).through
            snapshot_model = getattr(history_model, link_field).model
            links = []
            for chunk in _chunks(list(records)):
                links.extend(
                    through._default_manager.filter(commitment_id__in=chunk).values_list(
                        "pk", "commitment_id", target
                    )
                )
            _insert_rows(
                snapshot_model,
                [
                    snapshot_model._meta.get_field(name)
                    for name in ("id", "commitment", target.removesuffix("_id"), "history")
                ],
                (
                    [pk, commitment_id, target_id, records[commitment_id]]
                    for pk, commitment_id, target_id in links
                ),
            )

    def _assessments(
        self, rows: list[OgpRow], commitments: dict[str, int], mechanism: Organisation
    ) -> None:
        pks = [commitments[row.identifier] for row in rows]
        stored: dict[tuple[int, str], Assessment] = {}
        for chunk in _chunks(pks):
            for assessment in Assessment.objects.filter(
                commitment_id__in=chunk, organisation=mechanism, report_type__in=IRM_REPORTS
            ):
                stored[(assessment.commitment_id, assessment.report_type)] = assessment
        compared = [*ASSESSMENT_FIELDS, "starred", "assessor_kind"]
        created: list[dict[str, Any]] = []
        updated: list[Assessment] = []
        for row in rows:
            pk = commitments[row.identifier]
            for report, values in row.assessments.items():
                assessment = stored.get((pk, report))
                if assessment is None:
                    new = {
                        "commitment_id": pk,
                        "report_type": report,
                        "organisation_id": mechanism.pk,
                        "assessor_kind": AssessorKind.INDEPENDENT,
                        **dict.fromkeys(ASSESSMENT_FIELDS, ""),
                        **values,
                    }
                    new["starred"] = _starred(new)
                    created.append(new)
                    continue
                before = [getattr(assessment, name) for name in compared]
                for name, value in values.items():
                    setattr(assessment, name, value)
                assessment.assessor_kind = AssessorKind.INDEPENDENT
                assessment.starred = assessment.compute_starred()
                if before != [getattr(assessment, name) for name in compared]:
                    updated.append(assessment)
                else:
                    self.counts["assessments"].unchanged += 1
        self._insert_new(Assessment, created)
        if created:
            keys: dict[tuple[int, str], int] = {}
            for chunk in _chunks(sorted({row["commitment_id"] for row in created})):
                for pk, commitment_id, report in Assessment.objects.filter(
                    commitment_id__in=chunk, organisation=mechanism
                ).values_list("pk", "commitment_id", "report_type"):
                    keys[(commitment_id, report)] = pk
            history_rows = [
                {
                    **row,
                    "id": keys[(row["commitment_id"], row["report_type"])],
                    "created_at": self.now,
                }
                for row in created
            ]
            self._history(Assessment, history_rows, "+")
        if updated:
            _update_rows(Assessment, updated, compared)
            self._history(Assessment, _as_rows(Assessment, updated), "~")
        self.counts["assessments"].created += len(created)
        self.counts["assessments"].updated += len(updated)


def _starred(values: dict[str, Any]) -> bool:
    """The model's own rule (`Assessment.compute_starred`), on plain values."""
    assessment = Assessment.__new__(Assessment)
    assessment.__dict__.update(values)
    return assessment.compute_starred()


def _as_rows(model: type[models.Model], objs: Sequence[models.Model]) -> list[dict[str, Any]]:
    """Instances as plain values by attname, for the history."""
    history_model = model.history.model  # type: ignore[attr-defined]
    names = [field.attname for field in history_model.tracked_fields]
    return [{name: getattr(obj, name) for name in names} for obj in objs]


def _update_rows(
    model: type[models.Model], objs: Sequence[models.Model], fields: list[str]
) -> None:
    """Write `fields` of many rows: on PostgreSQL one UPDATE ... FROM (VALUES ...) per chunk,
    elsewhere one prepared UPDATE run for every row.

    Django's `bulk_update` builds a CASE with one branch per row for every field, which is slow
    to build and to run."""
    if not objs:
        return
    model_fields = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = model._meta.pk
    values = (
        [
            *(
                field.get_db_prep_save(getattr(obj, field.attname), connection)
                for field in model_fields
            ),
            obj.pk,
        ]
        for obj in objs
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = [*model_fields, pk]
            placeholder = (
                "(" + ", ".join(f"%s::{field.db_type(connection)}" for field in columns) + ")"
            )
            names = ", ".join(quote(f"v_{field.column}") for field in columns)
            assignments = ", ".join(
                f"{quote(field.column)} = v.{quote(f'v_{field.column}')}" for field in model_fields
            )
            size = max(1, 30_000 // len(columns))
            for chunk in _chunks(list(values), size):
                cursor.execute(
                    f"UPDATE {table} SET {assignments} FROM (VALUES "  # noqa: S608 (names only)
                    f"{', '.join([placeholder] * len(chunk))}) AS v({names}) "
                    f"WHERE {table}.{quote(pk.column)} = v.{quote(f'v_{pk.column}')}",
                    [value for row in chunk for value in row],
                )
            return
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in model_fields)
        statement = (
            f"UPDATE {table} SET {assignments} "  # noqa: S608 (names only)
            f"WHERE {quote(pk.column)} = %s"
        )
        for chunk in _chunks(list(values), BATCH_SIZE * 5):
            cursor.executemany(statement, chunk)


PREPARED_TYPES = {
    "DateField",
    "DateTimeField",
    "TimeField",
    "DecimalField",
    "JSONField",
    "UUIDField",
}


def _insert_rows(
    model: type[models.Model], fields: Sequence[models.Field], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert plain rows of values (for `fields`, in order) with one prepared statement run
    for every row, in chunks."""
    quote = connection.ops.quote_name
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 (names only)
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    # Only values the driver cannot take as they are go through the field (dates, datetimes in
    # SQLite's text form); the rest, most of them, are passed on unchanged.
    prepared = [field.get_internal_type() in PREPARED_TYPES for field in fields]
    if connection.vendor == "postgresql":
        # One statement of many rows: executemany sends one statement per row.
        placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        size = max(1, 30_000 // len(fields))
        head = statement.rsplit(" VALUES ", 1)[0]
        with connection.cursor() as cursor:
            batch: list[Any] = []
            count = 0
            for row in rows:
                batch.extend(
                    field.get_db_prep_save(value, connection) if prepare else value
                    for field, prepare, value in zip(fields, prepared, row, strict=True)
                )
                count += 1
                if count == size:
                    cursor.execute(f"{head} VALUES {', '.join([placeholder] * count)}", batch)
                    batch, count = [], 0
            if count:
                cursor.execute(f"{head} VALUES {', '.join([placeholder] * count)}", batch)
        return
    chunk: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(
                [
                    field.get_db_prep_save(value, connection) if prepare else value
                    for field, prepare, value in zip(fields, prepared, row, strict=True)
                ]
            )
            if len(chunk) >= BATCH_SIZE * 5:
                cursor.executemany(statement, chunk)
                chunk = []
        if chunk:
            cursor.executemany(statement, chunk)


def _links(
    through: type[models.Model], target: str, commitments: dict[str, Commitment]
) -> dict[int, dict[int, int]]:
    """commitment pk -> target pk -> pk of the link row."""
    links: dict[int, dict[int, int]] = defaultdict(dict)
    pks = [commitment.pk for commitment in commitments.values()]
    for chunk in _chunks(pks):
        for pk, commitment_id, target_id in through._default_manager.filter(
            commitment_id__in=chunk
        ).values_list("pk", "commitment_id", target):
            links[commitment_id][target_id] = pk
    return links


# Exporting -----------------------------------------------------------------------------------

# Where each scale column is read from, first assessment with a value wins.
EXPORT_SOURCES: dict[str, tuple[str, ...]] = {
    SPECIFICITY: (ReportType.MID_TERM, ReportType.ACTION_PLAN_REVIEW, ReportType.END_OF_TERM),
    VERIFIABLE: (ReportType.MID_TERM, ReportType.ACTION_PLAN_REVIEW, ReportType.END_OF_TERM),
    POTENTIAL_IMPACT: (ReportType.MID_TERM, ReportType.ACTION_PLAN_REVIEW),
    COMPLETION_MID: (ReportType.MID_TERM,),
    COMPLETION_END: (ReportType.END_OF_TERM, ReportType.RESULTS_REPORT),
    POTENTIAL_FOR_RESULTS: (ReportType.ACTION_PLAN_REVIEW, ReportType.MID_TERM),
    EARLY_RESULTS: (ReportType.RESULTS_REPORT, ReportType.END_OF_TERM),
    OPEN_GOVERNMENT: (ReportType.END_OF_TERM, ReportType.RESULTS_REPORT),
    **dict.fromkeys(
        OPEN_GOVERNMENT_VALUES.values(), (ReportType.END_OF_TERM, ReportType.RESULTS_REPORT)
    ),
}


def export_spelling(field_name: str, value: str) -> str:
    """A stored scale value as OGP writes it: `Not Started`, `Did Not Change`, `ND`."""
    if not value:
        return ""
    if value in EXPORT_SPELLING:
        return EXPORT_SPELLING[value]
    if field_name == "verifiability":
        return {"verifiable": "Yes", "not_verifiable": "No"}.get(value, value)
    choices = dict(SCALE_COLUMNS[_COLUMN_OF_FIELD[field_name]][1])
    with translation.override("en"):
        label = str(choices.get(value, value))
    return " ".join(word[:1].upper() + word[1:] for word in label.split(" "))


_COLUMN_OF_FIELD = {field_name: column for column, (field_name, _c) in SCALE_COLUMNS.items()}


def export_columns(areas: Sequence[PolicyArea]) -> list[str]:
    return [*COLUMNS_BEFORE_AREAS, *(_area_heading(area) for area in areas), *COLUMNS_AFTER_AREAS]


def _area_heading(area: PolicyArea) -> str:
    return area.name_en or area.code


def _date(value: datetime.date | None) -> str:
    return f"{value.month}/{value.day}/{value.year}" if value else ""


def export_policy_areas() -> list[PolicyArea]:
    return list(PolicyArea.objects.order_by("code"))


def export_queryset(commitments: models.QuerySet[Commitment]) -> models.QuerySet[Commitment]:
    """Commitments with everything an export row reads, in a fixed number of queries."""
    return (
        commitments.select_related(
            "plan__member__country", "plan__member__municipality__country", "lead_institution"
        )
        .prefetch_related(
            "policy_areas",
            "supporting_institutions",
            models.Prefetch(
                "assessments",
                queryset=Assessment.objects.filter(
                    assessor_kind=AssessorKind.INDEPENDENT, report_type__in=IRM_REPORTS
                ).order_by("pk"),
                to_attr="irm_assessments",
            ),
        )
        .order_by("plan__member__slug", "plan__number", "identifier")
    )


def _locality(member: Member) -> str:
    name = member.name_en or member.name
    if member.kind == MemberKind.NATIONAL:
        return name
    country = member.country or (member.municipality.country if member.municipality else None)
    return f"{name}, {country.name_en or country.name}" if country else name


def export_row(commitment: Commitment, areas: Sequence[PolicyArea]) -> dict[str, str]:
    """One commitment in OGP's layout; `commitment` comes from `export_queryset`."""
    plan = commitment.plan
    member = plan.member
    linked = {area.pk for area in commitment.policy_areas.all()}
    reports: dict[str, Assessment] = {}
    for assessment in commitment.irm_assessments:  # type: ignore[attr-defined]
        reports.setdefault(assessment.report_type, assessment)
    row = {
        IDENTIFIER: commitment.identifier,
        LOCALITY: _locality(member),
        NATIONAL_OR_LOCAL: "National" if member.kind == MemberKind.NATIONAL else "Local",
        REGION: member.region,
        PLAN_ID: plan.identifier,
        PLAN_NUMBER: str(plan.number),
        NUMBER: commitment.number,
        SUBMITTED: str(plan.start_year),
        END_YEAR: str(plan.end_year),
        TITLE: commitment.title_en or commitment.title,
        SHORT_TITLE: commitment.short_title_en or commitment.short_title or "",
        FULL_TEXT: commitment.description_en or commitment.description or "",
        START_DATE: _date(commitment.start_date),
        END_DATE: _date(commitment.end_date),
        LEAD: (
            commitment.lead_institution.name_en or commitment.lead_institution.name
            if commitment.lead_institution
            else ""
        ),
        SUPPORTING: "; ".join(
            sorted(
                organisation.name_en or organisation.name
                for organisation in commitment.supporting_institutions.all()
            )
        ),
        THEME: commitment.theme,
        **{_area_heading(area): "1" if area.pk in linked else "0" for area in areas},
        **{
            column: "1" if getattr(commitment, value) else "0"
            for value, column in VALUE_COLUMNS.items()
        },
        STARRED: "1" if any(a.starred for a in reports.values()) else "0",
        URL: commitment.url,
    }
    for column, sources in EXPORT_SOURCES.items():
        field_name = SCALE_COLUMNS[column][0]
        value = next(
            (
                getattr(reports[report], field_name)
                for report in sources
                if report in reports and getattr(reports[report], field_name)
            ),
            "",
        )
        row[column] = export_spelling(field_name, value)
    return row


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(commitments: models.QuerySet[Commitment]) -> Iterator[str]:
    """The CSV file, line by line (UTF-8 text, a heading row then a row per commitment)."""
    areas = export_policy_areas()
    columns = export_columns(areas)
    writer = csv.DictWriter(_Echo(), fieldnames=columns, lineterminator="\n")  # type: ignore[arg-type]
    yield writer.writeheader()
    for commitment in export_queryset(commitments).iterator(chunk_size=BATCH_SIZE):
        yield writer.writerow(export_row(commitment, areas))


def export_csv(commitments: models.QuerySet[Commitment]) -> str:
    with translation.override("en"):
        return "".join(csv_lines(commitments))


def export_records(commitments: models.QuerySet[Commitment]) -> Iterator[dict[str, str]]:
    areas = export_policy_areas()
    for commitment in export_queryset(commitments).iterator(chunk_size=BATCH_SIZE):
        yield export_row(commitment, areas)
