"""The answers of a cycle in and out as one table: a CSV file or an XLSX workbook, the same columns
both ways, so that a coalition brings its earlier editions, kept in spreadsheets, onto the
platform, and takes any cycle's answers back out.

One row per municipality and indicator:

`municipality_register`, `municipality_code`
    The register (katotth, siruta, ekatte) and the official code: together they name the
    municipality.
`municipality`
    Its name, for people reading the file; ignored on import.
`indicator_code`
    The indicator's code in the cycle's methodology.
`level`
    The code of a level of the indicator's scale; empty when the indicator was not answered.
`evidence_urls`
    Web addresses (http or https), separated by spaces or new lines; at most
    `services.MAX_EVIDENCE_LINKS`.
`comment`, `recommendation`
    The assessor's comment and the recommendation to the city.
`state`
    The answer's state when exported; optional and ignored on import, which records past,
    reviewed work: every imported answer is approved.

An XLSX workbook holds the table in a sheet named `answers`. A CSV file is UTF-8 (with or
without a byte-order mark), separated by commas, or by semicolons or tabs as some spreadsheet
programs save it. Row 1 holds the column names; rows are numbered as a spreadsheet shows them.

An import checks the whole file before it writes anything and reports every problem it finds,
each naming its row and column; then it writes every answer in one transaction, in bulk, with
history. Answers of the cycle that the file does not mention stay as they are; a row identical
to the approved answer already stored is left alone, so running the same import twice is safe.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from opencity.accounts.models import User
from opencity.core.permissions import require
from opencity.core.tabular import (
    CSV_CONTENT_TYPE as CSV_CONTENT_TYPE,  # the views serve downloads with these
)
from opencity.core.tabular import (
    MAX_PROBLEMS_SHOWN as MAX_PROBLEMS_SHOWN,
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
)
from opencity.places.models import Municipality, Register
from opencity.rankings.models import (
    Answer,
    AnswerState,
    Cycle,
    EvidenceArchive,
    Indicator,
    ScaleLevel,
)
from opencity.rankings.services import (
    MAX_EVIDENCE_LINKS,
    _require_unpublished,
)
from opencity.rankings.services import _url_validator as evidence_url_validator

COLUMNS = [
    "municipality_register",
    "municipality_code",
    "municipality",
    "indicator_code",
    "level",
    "evidence_urls",
    "comment",
    "recommendation",
    "state",
]
# Informative columns: a file without them imports the same.
OPTIONAL_COLUMNS = frozenset({"municipality", "state"})
REQUIRED_COLUMNS = [column for column in COLUMNS if column not in OPTIONAL_COLUMNS]
SHEET = "answers"
# A whole cycle of 1,470 hromadas x 86 indicators is about 126,000 rows.
MAX_ROWS = 200_000
MAX_BYTES = 200 * 1024 * 1024
# Rows written per statement.
BATCH_SIZE = 1_000
CHANGE_REASON = "import"
# An evidence link is archived under its address, which has this many characters at most.
MAX_URL_LENGTH = EvidenceArchive._meta.get_field("url").max_length or 2000


class AnswersFileError(TableFileError):
    """Every problem found in an answers file; nothing was written. `problems` holds them all,
    the messages only the first `MAX_PROBLEMS_SHOWN`, then how many more there are."""

    code = "answers_file"


@dataclass(frozen=True)
class ImportSummary:
    """What an import did. `unanswered` counts the rows without a level, whichever group they
    are in."""

    created: int
    updated: int
    unchanged: int
    unanswered: int

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


# --- Export ---------------------------------------------------------------------------------


def answers_export_rows(cycle: Cycle) -> list[Row]:
    """Every answer of the cycle as a row of text, by municipality, then in the methodology's
    order of indicators. One query."""
    answers = (
        Answer.objects.filter(cycle=cycle)
        .select_related("municipality", "indicator", "level")
        .order_by(
            "municipality__slug",
            "municipality__register",
            "municipality__code",
            "indicator__order",
            "indicator__code",
        )
    )
    return [
        {
            "municipality_register": answer.municipality.register,
            "municipality_code": answer.municipality.code,
            "municipality": answer.municipality.name,
            "indicator_code": answer.indicator.code,
            "level": answer.level.code if answer.level else "",
            "evidence_urls": "\n".join(answer.evidence_urls or []),
            "comment": answer.comment,
            "recommendation": answer.recommendation,
            "state": answer.state,
        }
        for answer in answers.iterator(chunk_size=2_000)
    ]


def export_csv(cycle: Cycle) -> bytes:
    """The answers as UTF-8 CSV. It starts with a byte-order mark, by which spreadsheet programs
    recognise UTF-8 and show Cyrillic and Romanian letters as they are."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(answers_export_rows(cycle))
    return text.getvalue().encode("utf-8-sig")


def export_xlsx(cycle: Cycle) -> bytes:
    """The answers as an XLSX workbook with one sheet, `answers`. Every cell is text, so that
    codes keep their leading zeros."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.append(COLUMNS)
    for row in answers_export_rows(cycle):
        sheet.append([row[column] for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Reading --------------------------------------------------------------------------------


def read_answers_file(data: IO[bytes], filename: str) -> list[tuple[int, Row]]:
    """The rows of a CSV or XLSX answers file, each with its row number, chosen by the file's
    extension. Raises `AnswersFileError` when the file itself cannot be read."""
    # The limits are read when the file is, so that a test can lower them.
    table = TableFormat(
        columns=COLUMNS,
        sheet=SHEET,
        optional=OPTIONAL_COLUMNS,
        max_rows=MAX_ROWS,
        max_bytes=MAX_BYTES,
        error=AnswersFileError,
    )
    return read_table(
        table,
        data,
        filename,
        wrong_kind=gettext_lazy(
            "“%(name)s” is neither a CSV file (.csv) nor an XLSX workbook (.xlsx). "
            "Download the answers to see the format."
        ),
    )


# --- Import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Planned:
    """One checked row, as the answer it will become."""

    row: int
    municipality_id: int
    indicator_id: int
    level_id: int | None
    evidence_urls: list[str]
    comment: str
    recommendation: str


def _check_rows(cycle: Cycle, rows: list[tuple[int, Row]]) -> list[_Planned]:
    """Every row checked against the cycle, with the lookups made once for the whole file.
    Raises `AnswersFileError` with every problem found."""
    municipalities = {
        (register, code): pk
        for pk, register, code in cycle.municipalities.values_list("pk", "register", "code")
    }
    indicators = {
        code: (pk, scale_id)
        for code, pk, scale_id in Indicator.objects.filter(
            methodology_id=cycle.methodology_id
        ).values_list("code", "pk", "scale_id")
    }
    levels: dict[tuple[int, str], int] = {}
    level_codes: dict[int, list[str]] = {}
    for scale_id, code, pk in ScaleLevel.objects.filter(
        scale__methodology_id=cycle.methodology_id
    ).values_list("scale_id", "code", "pk"):
        levels[scale_id, code] = pk
        level_codes.setdefault(scale_id, []).append(code)
    registers = list(Register.values)

    problems: list[Problem] = []
    planned: list[_Planned] = []
    outside: list[tuple[int, str, str]] = []  # rows naming a municipality not in the cycle
    seen: dict[tuple[int, int], int] = {}
    for number, row in rows:
        found = True
        register = row["municipality_register"].lower()
        code = row["municipality_code"]
        if not register:
            problems.append(Problem(number, "municipality_register", _("a value is required.")))
            found = False
        elif register not in registers:
            problems.append(
                Problem(
                    number,
                    "municipality_register",
                    _("“%(value)s” is not a register; use one of %(registers)s.")
                    % {"value": row["municipality_register"], "registers": ", ".join(registers)},
                )
            )
            found = False
        if not code:
            problems.append(Problem(number, "municipality_code", _("a value is required.")))
            found = False
        municipality_id = municipalities.get((register, code))
        if found and municipality_id is None:
            outside.append((number, register, code))
            found = False

        indicator_code = row["indicator_code"]
        indicator = indicators.get(indicator_code)
        if not indicator_code:
            problems.append(Problem(number, "indicator_code", _("a value is required.")))
        elif indicator is None:
            problems.append(
                Problem(
                    number,
                    "indicator_code",
                    _("“%(code)s” is not an indicator of the methodology %(methodology)s.")
                    % {"code": indicator_code, "methodology": cycle.methodology},
                )
            )

        level_id = None
        level_code = row["level"]
        if level_code and indicator is not None:
            level_id = levels.get((indicator[1], level_code))
            if level_id is None:
                problems.append(
                    Problem(
                        number,
                        "level",
                        _(
                            "“%(level)s” is not a level of the scale of indicator %(indicator)s; "
                            "use one of %(levels)s, or leave it empty if it was not answered."
                        )
                        % {
                            "level": level_code,
                            "indicator": indicator_code,
                            "levels": ", ".join(level_codes.get(indicator[1], [])),
                        },
                    )
                )

        urls = row["evidence_urls"].split()
        too_long = [url for url in urls if len(url) > MAX_URL_LENGTH]
        for url in too_long:
            problems.append(
                Problem(
                    number,
                    "evidence_urls",
                    _("“%(url)s…” is longer than %(count)s characters.")
                    % {"url": url[:80], "count": MAX_URL_LENGTH},
                )
            )
        if len(urls) > MAX_EVIDENCE_LINKS:
            problems.append(
                Problem(
                    number,
                    "evidence_urls",
                    _("%(count)s links; at most %(maximum)s are allowed.")
                    % {"count": len(urls), "maximum": MAX_EVIDENCE_LINKS},
                )
            )
        for url in urls:
            if url in too_long:
                continue
            try:
                evidence_url_validator(url)
            except ValidationError:
                problems.append(
                    Problem(
                        number,
                        "evidence_urls",
                        _("“%(url)s” is not a web address starting with http:// or https://.")
                        % {"url": url},
                    )
                )

        if municipality_id is not None and indicator is not None:
            key = (municipality_id, indicator[0])
            if key in seen:
                problems.append(
                    Problem(
                        number,
                        "indicator_code",
                        _(
                            "municipality %(register)s %(code)s and indicator %(indicator)s "
                            "are already in row %(row)s; keep one of the two rows."
                        )
                        % {
                            "register": register,
                            "code": code,
                            "indicator": indicator_code,
                            "row": seen[key],
                        },
                    )
                )
            else:
                seen[key] = number
                planned.append(
                    _Planned(
                        row=number,
                        municipality_id=municipality_id,
                        indicator_id=indicator[0],
                        level_id=level_id,
                        evidence_urls=urls,
                        comment=row["comment"],
                        recommendation=row["recommendation"],
                    )
                )
    problems.extend(_outside_problems(cycle, outside))
    if problems:
        problems.sort(key=lambda problem: problem.row or 0)
        raise AnswersFileError(problems)
    return planned


def _outside_problems(cycle: Cycle, outside: list[tuple[int, str, str]]) -> list[Problem]:
    """Tell a municipality missing from the register apart from one that is not in the cycle."""
    known: set[tuple[str, str]] = set()
    codes = sorted({code for _number, _register, code in outside})
    for start in range(0, len(codes), 500):
        known.update(
            Municipality.objects.filter(code__in=codes[start : start + 500]).values_list(
                "register", "code"
            )
        )
    problems = []
    for number, register, code in outside:
        if (register, code) in known:
            text = _(
                "the municipality %(register)s %(code)s is not in the cycle %(cycle)s; add it "
                "to the cycle or remove its rows."
            ) % {"register": register, "code": code, "cycle": cycle}
        else:
            text = _("no municipality has the code %(code)s in the %(register)s register.") % {
                "register": register,
                "code": code,
            }
        problems.append(Problem(number, "municipality_code", text))
    return problems


UPDATED_FIELDS = [
    "level",
    "evidence_urls",
    "comment",
    "recommendation",
    "state",
    "return_reason",
    "revision",
    "updated_by",
    "updated_at",
]


def _update_rows(answers: list[Answer], fields: list[str]) -> None:
    """Write `fields` of many answers with one prepared UPDATE run for every row.

    Django's `bulk_update` builds a CASE with one branch per row for every field, which the
    database evaluates row by row: minutes for a whole cycle. The same statement executed for
    many parameter rows takes seconds on SQLite and PostgreSQL alike.
    """
    model_fields = [Answer._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in model_fields)
    statement = (
        f"UPDATE {quote(Answer._meta.db_table)} SET {assignments} "  # noqa: S608 (names only)
        f"WHERE {quote(Answer._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(answers), BATCH_SIZE * 10):
            cursor.executemany(
                statement,
                [
                    [
                        *(
                            field.get_db_prep_save(getattr(answer, field.attname), connection)
                            for field in model_fields
                        ),
                        answer.pk,
                    ]
                    for answer in answers[start : start + BATCH_SIZE * 10]
                ],
            )


def _unchanged(answer: Answer, plan: _Planned) -> bool:
    return (
        answer.state == AnswerState.APPROVED
        and answer.level_id == plan.level_id
        and list(answer.evidence_urls or []) == plan.evidence_urls
        and answer.comment == plan.comment
        and answer.recommendation == plan.recommendation
    )


def answers_import(*, actor: User, cycle: Cycle, data: IO[bytes], filename: str) -> ImportSummary:
    """Create or update the cycle's answers from a CSV or XLSX file, all of them or none.

    Refused without `rankings.manage_cycle` and once the cycle is published. Imported answers
    are approved (past, reviewed work), recorded in their history as an import by `actor`.
    """
    require(actor, "rankings.manage_cycle")
    _require_unpublished(cycle)
    planned = _check_rows(cycle, read_answers_file(data, filename))
    now = timezone.now()
    created: list[Answer] = []
    updated: list[Answer] = []
    unchanged = 0
    try:
        with transaction.atomic():
            existing = {
                (answer.municipality_id, answer.indicator_id): answer
                for answer in Answer.objects.select_for_update()
                .filter(cycle=cycle)
                .iterator(chunk_size=2_000)
            }
            for plan in planned:
                answer = existing.get((plan.municipality_id, plan.indicator_id))
                if answer is not None and _unchanged(answer, plan):
                    unchanged += 1
                    continue
                if answer is None:
                    answer = Answer(
                        cycle=cycle,
                        municipality_id=plan.municipality_id,
                        indicator_id=plan.indicator_id,
                    )
                    created.append(answer)
                else:
                    updated.append(answer)
                answer.level_id = plan.level_id
                answer.evidence_urls = plan.evidence_urls
                answer.comment = plan.comment
                answer.recommendation = plan.recommendation
                answer.state = AnswerState.APPROVED
                answer.return_reason = ""
                answer.revision += 1
                answer.updated_by = actor
                answer.updated_at = now
            history = {
                "batch_size": BATCH_SIZE,
                "default_user": actor,
                "default_change_reason": CHANGE_REASON,
                "default_date": now,
            }
            if created:
                bulk_create_with_history(created, Answer, **history)
            if updated:
                _update_rows(updated, UPDATED_FIELDS)
                # With no fields, the helper writes only the history of the rows just updated.
                bulk_update_with_history(updated, Answer, [], **history)
    except IntegrityError as error:
        # Someone saved a first answer for one of these rows while the file was being checked.
        raise ValidationError(
            _("Answers of this cycle changed during the import; nothing was imported. Try again.")
        ) from error
    return ImportSummary(
        created=len(created),
        updated=len(updated),
        unchanged=unchanged,
        unanswered=sum(1 for plan in planned if plan.level_id is None),
    )
