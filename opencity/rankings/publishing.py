"""From the database to the pure scoring module and back: the snapshot a publication writes.

`scoring_input` turns a frozen methodology into `scoring` values; `build_snapshot` loads every
answer of a cycle in one query, scores the cycle once and returns the rows of a publication. The
arithmetic itself lives in `scoring.py` alone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from opencity.rankings import scoring
from opencity.rankings.models import (
    Answer,
    Area,
    Cycle,
    EvidenceArchive,
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
    )


def _number(value: Decimal | None) -> float | None:
    """A published score as a JSON number (one decimal, so a float represents it exactly
    enough to be printed back identically)."""
    return None if value is None else float(value)


def _archives_by_answer(cycle: Cycle) -> dict[int, list[dict[str, Any]]]:
    archives: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = EvidenceArchive.objects.filter(answer__cycle=cycle).values(
        "pk", "answer_id", "url", "status", "fetched_at", "sha256", "http_status", "error"
    )
    for row in rows.order_by("pk"):
        archives[row["answer_id"]].append(
            {
                "id": row["pk"],
                "url": row["url"],
                "status": row["status"],
                "archived_at": row["fetched_at"].isoformat() if row["fetched_at"] else None,
                "sha256": row["sha256"],
                "http_status": row["http_status"],
                "error": row["error"],
            }
        )
    return archives


def build_snapshot(
    cycle: Cycle,
) -> tuple[list[PublishedResult], Decimal | None, dict[str, float | None]]:
    """Score a cycle from the database: unsaved PublishedResult rows (without a publication),
    the average total and the average score of every area."""
    data = scoring_input(cycle.methodology)
    municipality_ids = list(cycle.municipalities.values_list("pk", flat=True))
    reasons = {
        str(municipality_id): reason
        for municipality_id, reason in cycle.assignments.exclude(
            disqualification_reason=""
        ).values_list("municipality_id", "disqualification_reason")
    }
    code_of = {indicator.pk: indicator.code for indicator in data.ordered}
    answers: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    scoring_answers: list[scoring.Answer] = []
    rows = Answer.objects.filter(cycle=cycle).values_list(
        "pk",
        "municipality_id",
        "indicator_id",
        "level_id",
        "evidence_urls",
        "evidence_file",
        "comment",
        "recommendation",
    )
    for pk, municipality_id, indicator_id, level_id, urls, file, comment, recommendation in rows:
        code = code_of[indicator_id]
        level = data.level_codes[level_id] if level_id else None
        scoring_answers.append((str(municipality_id), code, level))
        answers[municipality_id][code] = {
            "answer": pk,
            "level": level,
            "evidence_urls": urls,
            "file": bool(file),
            "comment": comment,
            "recommendation": recommendation,
        }
    archives = _archives_by_answer(cycle)
    results = scoring.score_cycle(
        data.indicators,
        scoring_answers,
        [scoring.Disqualification(m, reason) for m, reason in reasons.items()],
        municipalities=[str(pk) for pk in municipality_ids],
        mode=scoring.TotalMode.INDICATOR,
        area_weights=data.area_weights,
        thresholds=data.thresholds,
    )
    # Points of every (indicator, level), computed once rather than once per answer.
    points: dict[tuple[str, str | None], scoring.IndicatorScore] = {}
    for indicator in data.indicators:
        for level in [None, *indicator.scale.levels]:
            points[(indicator.code, level)] = scoring.score_indicator(indicator, level)

    published: list[PublishedResult] = []
    area_sums: dict[str, list[Decimal]] = defaultdict(list)
    totals: list[Decimal] = []
    for result in results:
        municipality_id = int(result.municipality)
        given = answers.get(municipality_id, {})
        entries = []
        levels: dict[str, str | None] = {}
        for indicator in data.ordered:
            answer = given.get(indicator.code)
            level = answer["level"] if answer else None
            levels[indicator.code] = level
            score = points[(indicator.code, level)]
            entry: dict[str, Any] = {
                "indicator": indicator.code,
                "level": level,
                "status": score.status,
                "earned": str(score.published_earned),
                "possible": str(score.published_possible),
                "full_marks": level in data.full_marks[indicator.code],
            }
            if answer:
                entry.update(answer)
                entry["archives"] = archives.get(answer["answer"], [])
            entries.append(entry)
        area_scores = {area.area: _number(area.published_score) for area in result.areas}
        for area in result.areas:
            if area.published_score is not None:
                area_sums[area.area].append(area.published_score)
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
                levels=levels,
                answers=entries,
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
