"""The milestones of an action plan in and out as one table: a CSV file or an XLSX workbook with
the same columns both ways, so that a member keeps its milestones in a spreadsheet and brings
them onto the platform, or takes them back out.

One row per milestone:

`commitment`
    The identifier of a commitment of the plan, e.g. `ABI0003`.
`number`
    The milestone's number within its commitment (1, 2, ...). A commitment and a number name a
    milestone: a row updates the milestone they name, or creates it.
`deliverable_en`, `deliverable_uk`, `deliverable_ro`, `deliverable_bg`
    What can be checked when it is done, in each language; at least one.
`description_en`, ... `description_bg`
    The activity, in each language; optional columns.
`responsible`
    The responsible body.
`start_date`, `end_date`
    Dates in ISO form, 2025-06-30; either may be empty.
`status`
    `not_started`, `in_progress` or `complete` ("delayed" is not stored: it follows from the end
    date).
`weight`
    Its share in the commitment's progress, a positive number such as 1 or 1.5.

A column left out of the file leaves that field as it is. An XLSX workbook holds the table in a
sheet named `milestones`; a CSV file is UTF-8. The import checks the whole file first and reports
every problem with its row and column; then it writes every row through the services (each change
kept in the milestone's history), all of them or none. A row equal to the stored milestone is left
alone, so importing an export changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from opencity.accounts.models import User
from opencity.actionplans import services
from opencity.actionplans.models import ActionPlan, Commitment, Milestone
from opencity.actionplans.scales import MilestoneStatus
from opencity.core.permissions import require
from opencity.core.tabular import (
    CSV_CONTENT_TYPE as CSV_CONTENT_TYPE,  # the views serve downloads with these
)
from opencity.core.tabular import (
    XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE,
)
from opencity.core.tabular import (
    Problem,
    Row,
    TableFileError,
    TableFormat,
    read_table,
    text_of,
)

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
DELIVERABLE_COLUMNS = [f"deliverable_{language}" for language in LANGUAGES]
DESCRIPTION_COLUMNS = [f"description_{language}" for language in LANGUAGES]
COLUMNS = [
    "commitment",
    "number",
    *DELIVERABLE_COLUMNS,
    *DESCRIPTION_COLUMNS,
    "responsible",
    "start_date",
    "end_date",
    "status",
    "weight",
]
OPTIONAL_COLUMNS = frozenset(
    [column for column in DELIVERABLE_COLUMNS if column != "deliverable_en"]
    + DESCRIPTION_COLUMNS
    + ["responsible"]
)
SHEET = "milestones"
# A plan has tens or hundreds of milestones; each row goes through the services one by one, and
# the checked file waits in the session between the preview and the confirmation.
MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024
MAX_NUMBER = 32_767
# The fields a row sets, besides the commitment and the number, each read from its column.
TEXT_FIELDS = [*DELIVERABLE_COLUMNS, *DESCRIPTION_COLUMNS, "responsible"]
DELIVERABLE_LENGTH = Milestone._meta.get_field("deliverable").max_length or 500
RESPONSIBLE_LENGTH = Milestone._meta.get_field("responsible").max_length or 300


class MilestonesFileError(TableFileError):
    """Every problem found in a milestones file; nothing was written."""

    code = "milestones_file"


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


# --- Export ---------------------------------------------------------------------------------


def _milestones(plan: ActionPlan) -> list[Milestone]:
    return list(
        Milestone.objects.filter(commitment__plan=plan)
        .select_related("commitment")
        .order_by("commitment__identifier", "number")
    )


def milestone_row(milestone: Milestone) -> Row:
    row = {
        "commitment": milestone.commitment.identifier,
        "number": str(milestone.number),
        "responsible": milestone.responsible,
        "start_date": text_of(milestone.start_date),
        "end_date": text_of(milestone.end_date),
        "status": milestone.status,
        "weight": text_of(milestone.weight),
    }
    for column in DELIVERABLE_COLUMNS + DESCRIPTION_COLUMNS:
        row[column] = getattr(milestone, column) or ""
    return row


def export_rows(plan: ActionPlan) -> list[Row]:
    """Every milestone of the plan as a row of text, by commitment and number. One query."""
    return [milestone_row(milestone) for milestone in _milestones(plan)]


def export_csv(plan: ActionPlan) -> bytes:
    """UTF-8 with a byte-order mark, by which spreadsheet programs recognise UTF-8."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(export_rows(plan))
    return text.getvalue().encode("utf-8-sig")


def export_xlsx(plan: ActionPlan) -> bytes:
    """One sheet, `milestones`; every cell is text, so that dates and numbers read back as
    written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.append(COLUMNS)
    for row in export_rows(plan):
        sheet.append([row[column] for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Import ---------------------------------------------------------------------------------


def read_milestones_file(data: IO[bytes], filename: str) -> list[tuple[int, Row]]:
    table = TableFormat(
        columns=COLUMNS,
        sheet=SHEET,
        optional=OPTIONAL_COLUMNS,
        max_rows=MAX_ROWS,
        max_bytes=MAX_BYTES,
        error=MilestonesFileError,
    )
    return read_table(
        table,
        data,
        filename,
        wrong_kind=gettext_lazy(
            "“%(name)s” is neither a CSV file (.csv) nor an XLSX workbook (.xlsx). "
            "Download the milestones to see the format."
        ),
    )


@dataclass
class _Planned:
    row: int
    commitment: Commitment
    number: int
    fields: dict[str, Any] = field(default_factory=dict)


def _date(value: str, number: int, column: str, problems: list[Problem]) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(
            Problem(
                number,
                column,
                _("“%(value)s” is not a date; write it as year-month-day, e.g. 2025-06-30.")
                % {"value": value},
            )
        )
        return None


def _check_rows(plan: ActionPlan, rows: list[tuple[int, Row]]) -> list[_Planned]:
    """Every row checked against the plan, with the lookups made once for the whole file."""
    commitments = {
        commitment.identifier: commitment
        for commitment in Commitment.all_objects.filter(plan=plan).select_related("plan__member")
    }
    mentioned = {row["commitment"] for _number, row in rows} - set(commitments)
    elsewhere = dict(
        Commitment.all_objects.filter(identifier__in=mentioned).values_list(
            "identifier", "plan__identifier"
        )
    )
    statuses = list(MilestoneStatus.values)
    problems: list[Problem] = []
    planned: list[_Planned] = []
    seen: dict[tuple[str, int], int] = {}
    for row_number, row in rows:
        identifier = row["commitment"]
        commitment = commitments.get(identifier)
        if not identifier:
            problems.append(Problem(row_number, "commitment", _("a value is required.")))
        elif commitment is None and identifier in elsewhere:
            problems.append(
                Problem(
                    row_number,
                    "commitment",
                    _(
                        "the commitment %(identifier)s belongs to the plan %(other)s, not to "
                        "%(plan)s; import it with that plan."
                    )
                    % {
                        "identifier": identifier,
                        "other": elsewhere[identifier],
                        "plan": plan.identifier,
                    },
                )
            )
        elif commitment is None:
            problems.append(
                Problem(
                    row_number,
                    "commitment",
                    _("no commitment of the plan %(plan)s has the identifier “%(identifier)s”.")
                    % {"identifier": identifier, "plan": plan.identifier},
                )
            )

        number: int | None = None
        text = row["number"]
        if not text:
            problems.append(Problem(row_number, "number", _("a value is required.")))
        elif not text.isdigit() or not 1 <= int(text) <= MAX_NUMBER:
            problems.append(
                Problem(
                    row_number,
                    "number",
                    _("“%(value)s” is not a whole number from 1 to %(maximum)s.")
                    % {"value": text, "maximum": MAX_NUMBER},
                )
            )
        else:
            number = int(text)

        fields: dict[str, Any] = {}
        for column in TEXT_FIELDS:
            if column in row:
                fields[column] = row[column]
        if not any(row.get(column) for column in DELIVERABLE_COLUMNS):
            problems.append(
                Problem(
                    row_number,
                    "deliverable_en",
                    _("a deliverable is required, in at least one language."),
                )
            )
        for column in DELIVERABLE_COLUMNS:
            if len(row.get(column, "")) > DELIVERABLE_LENGTH:
                problems.append(
                    Problem(
                        row_number,
                        column,
                        _("the text is longer than %(count)s characters.")
                        % {"count": DELIVERABLE_LENGTH},
                    )
                )
        if len(row.get("responsible", "")) > RESPONSIBLE_LENGTH:
            problems.append(
                Problem(
                    row_number,
                    "responsible",
                    _("the text is longer than %(count)s characters.")
                    % {"count": RESPONSIBLE_LENGTH},
                )
            )

        start = _date(row["start_date"], row_number, "start_date", problems)
        end = _date(row["end_date"], row_number, "end_date", problems)
        if start and end and end < start:
            problems.append(
                Problem(row_number, "end_date", _("the milestone cannot end before it starts."))
            )
        fields["start_date"], fields["end_date"] = start, end

        status = row["status"].strip().lower()
        if status not in statuses:
            problems.append(
                Problem(
                    row_number,
                    "status",
                    _("“%(value)s” is not a status; use one of %(statuses)s.")
                    % {"value": row["status"], "statuses": ", ".join(statuses)},
                )
            )
        fields["status"] = status

        weight_text = row["weight"].replace(",", ".")
        try:
            weight = Decimal(weight_text)
            if not weight.is_finite() or weight < Decimal("0.01") or weight >= 10_000:
                raise InvalidOperation
            weight = weight.quantize(Decimal("0.01"))
        except InvalidOperation:
            problems.append(
                Problem(
                    row_number,
                    "weight",
                    _("“%(value)s” is not a number from 0.01 to 9999, such as 1 or 1.5.")
                    % {"value": row["weight"]},
                )
            )
        else:
            fields["weight"] = weight

        if commitment is not None and number is not None:
            key = (identifier, number)
            if key in seen:
                problems.append(
                    Problem(
                        row_number,
                        "number",
                        _(
                            "milestone %(number)s of %(identifier)s is already in row %(row)s; "
                            "keep one of the two rows."
                        )
                        % {"number": number, "identifier": identifier, "row": seen[key]},
                    )
                )
            else:
                seen[key] = row_number
                planned.append(_Planned(row_number, commitment, number, fields))
    if problems:
        problems.sort(key=lambda problem: problem.row or 0)
        raise MilestonesFileError(problems)
    return planned


def _changes(milestone: Milestone, fields: dict[str, Any]) -> dict[str, Any]:
    changes = {}
    for name, value in fields.items():
        stored = getattr(milestone, name)
        if name in TEXT_FIELDS:
            stored = stored or ""
        if stored != value:
            changes[name] = value
    return changes


# Fields of the model whose errors belong to a column of a different name.
_FIELD_COLUMNS = {"deliverable": "deliverable_en", "description": "description_en"}


def _service_problems(row: int, error: ValidationError) -> list[Problem]:
    if not hasattr(error, "error_dict"):
        return [Problem(row, None, message) for message in error.messages]
    problems = []
    for name, errors in error.message_dict.items():
        column = _FIELD_COLUMNS.get(name, name if name in COLUMNS else None)
        problems.extend(Problem(row, column, message) for message in errors)
    return problems


def milestones_import(
    *, actor: User, plan: ActionPlan, data: IO[bytes], filename: str, dry_run: bool = False
) -> ImportSummary:
    """Create or update the plan's milestones from a CSV or XLSX file, all of them or none.
    With `dry_run`, everything is checked and counted, and nothing is kept."""
    require(actor, "actionplans.manage_plan", plan)
    planned = _check_rows(plan, read_milestones_file(data, filename))
    created = updated = unchanged = 0
    problems: list[Problem] = []
    with transaction.atomic():
        existing = {
            (milestone.commitment_id, milestone.number): milestone
            for milestone in Milestone.objects.select_for_update().filter(commitment__plan=plan)
        }
        for row in planned:
            milestone = existing.get((row.commitment.pk, row.number))
            try:
                if milestone is None:
                    services.milestone_create(
                        actor=actor, commitment=row.commitment, number=row.number, **row.fields
                    )
                    created += 1
                    continue
                changes = _changes(milestone, row.fields)
                if not changes:
                    unchanged += 1
                    continue
                services.milestone_update(actor=actor, milestone=milestone, **changes)
                updated += 1
            except ValidationError as error:
                problems.extend(_service_problems(row.row, error))
        if problems or dry_run:
            transaction.set_rollback(True)
    if problems:
        raise MilestonesFileError(problems)
    return ImportSummary(created=created, updated=updated, unchanged=unchanged)
