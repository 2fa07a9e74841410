"""From the database to the pure scoring module and back: the snapshot a publication writes.

`scoring_input` turns a frozen methodology into `scoring` values; `build_snapshot` loads every
answer of a cycle in one query, scores the cycle once and returns the rows of a publication. The
arithmetic itself lives in `scoring.py` alone.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from opencity.rankings import scoring
from opencity.rankings.models import (
    Answer,
    Area,
    Cycle,
    Indicator,
    Methodology,
    PublishedResult,
    ScaleLevel,
)


@dataclass(frozen=True)
class ScoringInput:
    """A methodology as the scoring module wants it, with the lookups the snapshot needs."""

    indicators: list[scoring.Indicator]
    area_weights: dict[str, Decimal]
    thresholds: list[tuple[Decimal, str]]
    ordered: list[Indicator]  # database indicators in the methodology's order
    areas: list[Area]
    level_codes: dict[int, str]  # ScaleLevel pk -> code
    full_marks: dict[str, frozenset[str]]  # indicator code -> levels worth the maximum
    level_scales: dict[int, int] = dataclasses.field(
        default_factory=dict
    )  # ScaleLevel pk -> Scale pk


def scoring_input(methodology: Methodology) -> ScoringInput:
    """Four queries, whatever the size of the methodology."""
    levels_by_scale: dict[int, list[ScaleLevel]] = defaultdict(list)
    for level in ScaleLevel.objects.filter(scale__methodology=methodology).order_by("order"):
        levels_by_scale[level.scale_id].append(level)
    scales: dict[int, scoring.Scale] = {}
    for scale_id, levels in levels_by_scale.items():
        scales[scale_id] = scoring.Scale(
            str(scale_id),
            {
                level.code: scoring.NOT_APPLICABLE if level.not_applicable else level.points
                for level in levels
            },
        )
    areas = list(methodology.areas.order_by("order", "code"))
    ordered = list(
        methodology.indicators.select_related("area").order_by("area__order", "order", "code")
    )
    indicators = [
        scoring.Indicator(
            code=indicator.code,
            area=indicator.area.code,
            scale=scales[indicator.scale_id],
            weight=indicator.weight,
        )
        for indicator in ordered
    ]
    full_marks = {}
    for indicator in indicators:
        scale = indicator.scale
        full_marks[indicator.code] = frozenset(
            code
            for code, points in scale.levels.items()
            if scale.maximum is not None and points == scale.maximum
        )
    return ScoringInput(
        indicators=indicators,
        area_weights={area.code: area.weight for area in areas},
        thresholds=[(t.minimum, t.code) for t in methodology.thresholds.all()],
        ordered=ordered,
        areas=areas,
        level_codes={
            level.pk: level.code for levels in levels_by_scale.values() for level in levels
        },
        full_marks=full_marks,
        level_scales={
            level.pk: scale_id for scale_id, levels in levels_by_scale.items() for level in levels
        },
    )


def _number(value: Decimal | None) -> float | None:
    """A published score as a JSON number (one decimal, so a float represents it exactly
    enough to be printed back identically)."""
    return None if value is None else float(value)


# The answers of a snapshot are written by the database, not by Python. A cycle's answers with
# their evidence, comments and archived copies come to a hundred megabytes of JSON; reading them
# into Python, building the entries and sending them back took most of the time of a
# publication. Python decides everything that is scoring: every entry's level, status and
# points, and the order of the entries. It gives them per municipality as a skeleton, a JSON
# list of [indicator pk, the entry's JSON text without its closing brace]; the database adds to
# each answered entry what the answer says (its pk, evidence links, whether it has a file,
# comment, recommendation, archived copies oldest first) and closes it. The entries are written
# as text rather than built as JSON values, which costs the database half as much; the column
# checks what it receives (PostgreSQL parses `json` input, SQLite has a JSON_VALID constraint).
#
# The two databases differ in how: SQLite (in the process, no planner to speak of) computes each
# row's answers in the INSERT itself, as a subquery of the row. PostgreSQL would plan and
# JIT-compile a subquery for every row of an INSERT, so it computes every municipality's answers
# in one query beforehand, and the INSERT sends them back as text.

# Every municipality's answers at once. The first %s lists [indicator pk, level pk (0: none),
# position, entry's JSON text without its closing brace] for every (indicator, level) of the
# methodology; the second the municipalities' pks; then the cycle, twice.
_POSTGRESQL_ANSWERS = """
WITH base AS (
    SELECT (item ->> 0)::bigint AS indicator_id, (item ->> 1)::bigint AS level_id,
        (item ->> 2)::integer AS position, item ->> 3 AS head
    FROM jsonb_array_elements(%s::jsonb) AS item
),
indicator AS (SELECT DISTINCT indicator_id, position FROM base),
municipality AS (
    SELECT value::bigint AS municipality_id FROM jsonb_array_elements_text(%s::jsonb)
),
copies AS (
    SELECT archive.answer_id, string_agg(
        '{"id": ' || archive.id
        || ', "url": ' || to_json(archive.url)::text
        || ', "status": ' || to_json(archive.status)::text
        || ', "archived_at": ' || COALESCE('"' || to_char(
            archive.fetched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'
        ) || CASE
            WHEN mod(EXTRACT(MICROSECONDS FROM archive.fetched_at)::bigint, 1000000) = 0
            THEN '' ELSE to_char(archive.fetched_at AT TIME ZONE 'UTC', '.US')
        END || '+00:00"', 'null')
        || ', "sha256": ' || to_json(archive.sha256)::text
        || ', "http_status": ' || COALESCE(archive.http_status::text, 'null')
        || ', "error": ' || to_json(archive.error)::text
        || '}',
        ', ' ORDER BY archive.id
    ) AS copies
    FROM rankings_evidencearchive AS archive
    JOIN rankings_answer AS answer ON answer.id = archive.answer_id
    WHERE answer.cycle_id = %s
    GROUP BY archive.answer_id
)
SELECT municipality.municipality_id, '[' || string_agg(
    base.head || CASE WHEN answer.id IS NULL THEN '}'
    ELSE ', "answer": ' || answer.id
        || ', "evidence_urls": ' || answer.evidence_urls::text
        || ', "file": ' || CASE WHEN answer.evidence_file <> '' THEN 'true' ELSE 'false' END
        || ', "comment": ' || to_json(answer.comment)::text
        || ', "recommendation": ' || to_json(answer.recommendation)::text
        || ', "archives": [' || COALESCE(copies.copies, '') || ']}' END,
    ', ' ORDER BY indicator.position
) || ']'
FROM municipality
CROSS JOIN indicator
LEFT JOIN rankings_answer AS answer
    ON answer.cycle_id = %s
    AND answer.municipality_id = municipality.municipality_id
    AND answer.indicator_id = indicator.indicator_id
JOIN base
    ON base.indicator_id = indicator.indicator_id
    AND base.level_id = COALESCE(answer.level_id, 0)
LEFT JOIN copies ON copies.answer_id = answer.id
GROUP BY municipality.municipality_id
"""

# One municipality's answers, as a subquery of its row: %s is its skeleton, then the cycle and
# the municipality. group_concat joins the rows in the order it gets them: the ORDER BY's.
_SQLITE_ANSWERS = """(
SELECT '[' || COALESCE(group_concat(entry, ', '), '') || ']' FROM (
    SELECT json_extract(skeleton.value, '$[1]') || CASE WHEN answer.id IS NULL THEN '}'
    ELSE ', "answer": ' || answer.id
        || ', "evidence_urls": ' || answer.evidence_urls
        || ', "file": ' || CASE WHEN answer.evidence_file <> '' THEN 'true' ELSE 'false' END
        || ', "comment": ' || json_quote(answer.comment)
        || ', "recommendation": ' || json_quote(answer.recommendation)
        || ', "archives": [' || COALESCE((
            SELECT group_concat(copy, ', ') FROM (
                SELECT '{"id": ' || archive.id
                    || ', "url": ' || json_quote(archive.url)
                    || ', "status": ' || json_quote(archive.status)
                    || ', "archived_at": ' || COALESCE(
                        '"' || replace(archive.fetched_at, ' ', 'T') || '+00:00"', 'null'
                    )
                    || ', "sha256": ' || json_quote(archive.sha256)
                    || ', "http_status": ' || COALESCE(archive.http_status, 'null')
                    || ', "error": ' || json_quote(archive.error)
                    || '}' AS copy
                FROM rankings_evidencearchive AS archive
                WHERE archive.answer_id = answer.id
                ORDER BY archive.id
            )
        ), '') || ']}' END AS entry
    FROM json_each(%s) AS skeleton
    LEFT JOIN rankings_answer AS answer
        ON answer.cycle_id = %s
        AND answer.municipality_id = %s
        AND answer.indicator_id = json_extract(skeleton.value, '$[0]')
    ORDER BY skeleton.key
)
)"""


def _postgresql_answers(
    data: ScoringInput,
    bases: dict[tuple[str, str | None], str],
    municipalities: list[int],
    cycle: Cycle,
) -> dict[int, str]:
    """Every municipality's answers (JSON text) by municipality pk, in one query. Its plan has
    no use for the JIT compiler (whose compiling alone takes seconds on a query this size) and
    sorts more than the default working memory holds: both are set for its transaction."""
    heads = []
    for position, indicator in enumerate(data.ordered):
        levels = [(0, None)] + [
            (pk, code)
            for pk, code in data.level_codes.items()
            if data.level_scales.get(pk) == indicator.scale_id
        ]
        for level_pk, code in levels:
            heads.append([indicator.pk, level_pk, position, bases[(indicator.code, code)]])
    # SET LOCAL lasts until the transaction ends: this one, unless it is nested in another.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '256MB'")
        cursor.execute(
            _POSTGRESQL_ANSWERS,
            (json.dumps(heads), json.dumps(municipalities), cycle.pk, cycle.pk),
        )
        written = dict(cursor.fetchall())
    return written


def _answers_values(
    data: ScoringInput,
    bases: dict[tuple[str, str | None], str],
    given: dict[int, dict[str, str | None]],
    municipalities: list[int],
    cycle: Cycle,
) -> dict[int, RawSQL]:
    """The value of each municipality's `answers`, by municipality pk, as the expression the
    INSERT of its row writes. `bases` holds the JSON text (without its closing brace) of every
    (indicator code, level code) entry, `given` each municipality's levels by indicator code."""
    field = PublishedResult._meta.get_field("answers")
    if connection.vendor == "postgresql":
        written = _postgresql_answers(data, bases, municipalities, cycle)
        return {
            pk: RawSQL("%s::json", (written.get(pk, "[]"),), output_field=field)
            for pk in municipalities
        }
    if connection.vendor == "sqlite":
        pk_of = {indicator.code: indicator.pk for indicator in data.ordered}
        items = {
            (code, level): json.dumps([pk_of[code], head]) for (code, level), head in bases.items()
        }
        codes = [indicator.code for indicator in data.ordered]
        values = {}
        for pk in municipalities:
            levels = given.get(pk, {})
            skeleton = "[" + ", ".join(items[(code, levels.get(code))] for code in codes) + "]"
            values[pk] = RawSQL(  # noqa: S611 (constant SQL; the values are parameters)
                _SQLITE_ANSWERS, (skeleton, cycle.pk, pk), output_field=field
            )
        return values
    raise NotImplementedError(f"publishing needs SQLite or PostgreSQL, not {connection.vendor}")


def _entry_bases(data: ScoringInput) -> dict[tuple[str, str | None], dict[str, Any]]:
    """What an entry of the snapshot holds that depends only on the indicator and the level
    given: its points and status, computed once per (indicator, level). An unanswered
    indicator's entry is this alone."""
    bases: dict[tuple[str, str | None], dict[str, Any]] = {}
    for indicator in data.indicators:
        full_marks = data.full_marks[indicator.code]
        for level in [None, *indicator.scale.levels]:
            score = scoring.score_indicator(indicator, level)
            bases[(indicator.code, level)] = {
                "indicator": indicator.code,
                "level": level,
                "status": score.status,
                "earned": str(score.published_earned),
                "possible": str(score.published_possible),
                "full_marks": level in full_marks,
            }
    return bases


def build_snapshot(
    cycle: Cycle,
) -> tuple[list[PublishedResult], Decimal | None, dict[str, float | None]]:
    """Score a cycle from the database: unsaved PublishedResult rows (without a publication),
    the average total and the average score of every area. Each row's `answers` is an
    expression that the INSERT of the row writes (`_answers_values`)."""
    data = scoring_input(cycle.methodology)
    municipality_ids = list(cycle.municipalities.values_list("pk", flat=True))
    reasons = {
        str(municipality_id): reason
        for municipality_id, reason in cycle.assignments.exclude(
            disqualification_reason=""
        ).values_list("municipality_id", "disqualification_reason")
    }
    code_of = {indicator.pk: indicator.code for indicator in data.ordered}
    level_codes = data.level_codes
    # Per municipality, indicator code -> level code (None: answered without a level).
    given: dict[int, dict[str, str | None]] = defaultdict(dict)
    scoring_answers: list[scoring.Answer] = []
    rows = Answer.objects.filter(cycle=cycle).values_list(
        "municipality_id", "indicator_id", "level_id"
    )
    for municipality_id, indicator_id, level_id in rows:
        code = code_of[indicator_id]
        level = level_codes[level_id] if level_id else None
        scoring_answers.append((str(municipality_id), code, level))
        given[municipality_id][code] = level
    results = scoring.score_cycle(
        data.indicators,
        scoring_answers,
        [scoring.Disqualification(m, reason) for m, reason in reasons.items()],
        municipalities=[str(pk) for pk in municipality_ids],
        mode=scoring.TotalMode.INDICATOR,
        area_weights=data.area_weights,
        thresholds=data.thresholds,
    )
    # Every (indicator, level) entry as JSON text without its closing brace, which the
    # database adds after the answer's own keys (`_answers_values`).
    bases = {key: json.dumps(base)[:-1] for key, base in _entry_bases(data).items()}
    municipalities = [int(result.municipality) for result in results]
    answers = _answers_values(data, bases, given, municipalities, cycle)
    codes = [indicator.code for indicator in data.ordered]

    published: list[PublishedResult] = []
    area_sums: dict[str, list[Decimal]] = defaultdict(list)
    totals: list[Decimal] = []
    for result in results:
        municipality_id = int(result.municipality)
        levels = given.get(municipality_id, {})
        area_scores: dict[str, float | None] = {}
        for area in result.areas:
            score = area.published_score
            area_scores[area.area] = _number(score)
            if score is not None:
                area_sums[area.area].append(score)
        if result.published_total is not None:
            totals.append(result.published_total)
        published.append(
            PublishedResult(
                municipality_id=municipality_id,
                total=result.published_total,
                rank=result.rank,
                category=result.category or "",
                earned=scoring.round_half_up(result.score.earned, scoring.POINTS_PLACES),
                possible=scoring.round_half_up(result.score.possible, scoring.POINTS_PLACES),
                disqualification_reason=result.disqualification_reason or "",
                area_scores=area_scores,
                levels={code: levels.get(code) for code in codes},
                answers=answers[municipality_id],
            )
        )
    average = scoring.round_half_up(sum(totals) / len(totals), 1) if totals else None
    area_averages = {
        area.code: _number(
            scoring.round_half_up(sum(area_sums[area.code]) / len(area_sums[area.code]), 1)
        )
        if area_sums[area.code]
        else None
        for area in data.areas
    }
    return published, average, area_averages


def changelog(
    previous: list[PublishedResult], current: list[PublishedResult], names: dict[int, str]
) -> list[dict[str, Any]]:
    """What a new version changed: per municipality, its total, rank, category and levels."""
    before = {result.municipality_id: result for result in previous}
    entries = []
    for result in current:
        old = before.get(result.municipality_id)
        if old is None:
            entries.append({"municipality": names.get(result.municipality_id, ""), "added": True})
            continue
        change: dict[str, Any] = {}
        for field in ("total", "rank", "category", "disqualification_reason"):
            old_value, new_value = getattr(old, field), getattr(result, field)
            if old_value != new_value:
                change[field] = [
                    None if old_value is None else str(old_value),
                    None if new_value is None else str(new_value),
                ]
        levels = [
            {"indicator": code, "before": old.levels.get(code), "after": level}
            for code, level in result.levels.items()
            if old.levels.get(code) != level
        ]
        if levels:
            change["levels"] = levels
        if change:
            entries.append(
                {
                    "municipality_id": result.municipality_id,
                    "municipality": names.get(result.municipality_id, ""),
                    **change,
                }
            )
    return entries
