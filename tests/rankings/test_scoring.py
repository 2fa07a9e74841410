"""opencity.rankings.scoring: scales, points, areas, totals, categories, ranks, errors, and the
worked example of docs/SCORING.md. Pure functions: no database."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opencity.rankings.scoring import (
    BINARY,
    FULL_HALF_NONE,
    IMPLEMENTATION,
    LETTERED,
    NOT_APPLICABLE,
    ZERO_ONE_TWO,
    AnswerError,
    Disqualification,
    DuplicateAnswerError,
    Indicator,
    MethodologyError,
    MunicipalityResult,
    NegativeWeightError,
    Scale,
    ScoringError,
    TotalMode,
    UnknownIndicatorError,
    UnknownLevelError,
    categorise,
    rank,
    round_half_up,
    score_cycle,
    score_indicator,
    score_municipality,
)

SCORING_MD = Path(__file__).resolve().parents[2] / "docs" / "SCORING.md"
THRESHOLDS = [(75, "transparent"), (50, "partially_transparent"), (0, "non_transparent")]
PROPERTY_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def total_of(indicators, answers, **options):
    return score_municipality("M", indicators, answers, **options).total


def by_municipality(results: tuple[MunicipalityResult, ...]) -> dict[str, MunicipalityResult]:
    return {result.municipality: result for result in results}


# --- Scales -------------------------------------------------------------------------------------


def test_predefined_scales_map_levels_to_points_and_have_a_maximum():
    assert dict(BINARY.levels) == {"0": 0, "1": 1}
    assert BINARY.maximum == 1
    assert dict(ZERO_ONE_TWO.levels) == {"0": 0, "1": 1, "2": 2}
    assert ZERO_ONE_TWO.maximum == 2
    assert dict(FULL_HALF_NONE.levels) == {"full": 1, "half": Fraction(1, 2), "none": 0}
    assert FULL_HALF_NONE.maximum == 1
    assert dict(LETTERED.levels) == {"a": 100, "b": 67, "c": 33, "d": 0, "e": NOT_APPLICABLE}
    assert LETTERED.maximum == 100
    assert all(points is None for points in IMPLEMENTATION.levels.values())
    assert IMPLEMENTATION.maximum is None
    assert not IMPLEMENTATION.scored
    assert BINARY.scored


def test_scale_points_are_stored_exactly_and_keep_their_order():
    scale = Scale("thirds", {"low": Decimal("0.5"), "mid": Fraction(4, 3), "top": 2})
    assert list(scale.levels) == ["low", "mid", "top"]
    assert all(isinstance(points, Fraction) for points in scale.levels.values())
    assert scale.levels["low"] == Fraction(1, 2)
    assert scale.maximum == 2


def test_scales_are_immutable_and_hashable():
    scale = Scale("s", {"0": 0, "1": 1})
    with pytest.raises(TypeError):
        scale.levels["2"] = 2  # type: ignore[index]
    assert hash(scale) == hash(Scale("s", {"0": 0, "1": 1}))
    assert scale == Scale("s", {"0": 0, "1": 1})
    assert scale != Scale("s", {"0": 0, "1": 2})


def test_with_not_applicable_adds_a_level_that_is_not_applicable():
    scale = BINARY.with_not_applicable()
    assert dict(scale.levels) == {"0": 0, "1": 1, "na": NOT_APPLICABLE}
    assert scale.maximum == 1
    with pytest.raises(MethodologyError):
        scale.with_not_applicable()


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ({}, "no levels"),
        ({"a": 1, "b": None}, "either scored or unscored"),
        ({"a": -1, "b": 1}, "negative"),
        ({"a": 0, "b": 0}, "above 0"),
        ({"a": NOT_APPLICABLE}, "no level has points"),
        ({"": 1}, "not a code"),
    ],
)
def test_invalid_scales_are_refused(levels, message):
    with pytest.raises(MethodologyError, match=message):
        Scale("bad", levels)


@pytest.mark.parametrize("points", [0.5, "0.5", True, Decimal("NaN")])
def test_points_must_be_exact_numbers(points):
    with pytest.raises((TypeError, MethodologyError)):
        Scale("bad", {"a": points, "b": 1})


# --- Indicators and weights ---------------------------------------------------------------------


def test_indicator_weight_defaults_to_one_and_is_exact():
    assert Indicator("I1", "A", BINARY).weight == 1
    assert Indicator("I1", "A", BINARY, weight=Decimal("1.5")).weight == Fraction(3, 2)
    assert isinstance(Indicator("I1", "A", BINARY, weight=2).weight, Fraction)


def test_negative_indicator_weight_is_an_error_naming_the_indicator():
    with pytest.raises(NegativeWeightError, match="I7") as raised:
        Indicator("I7", "A", BINARY, weight=-1)
    assert isinstance(raised.value, ValueError)


def test_negative_area_weight_is_an_error_naming_the_area():
    indicators = [Indicator("I1", "A", BINARY)]
    with pytest.raises(NegativeWeightError, match="'A'"):
        score_municipality("M", indicators, {}, mode=TotalMode.AREA, area_weights={"A": -2})


def test_area_weight_for_an_unknown_area_is_an_error():
    with pytest.raises(MethodologyError, match="'Z'"):
        score_cycle([Indicator("I1", "A", BINARY)], [], area_weights={"Z": 1})


def test_duplicate_indicator_codes_are_an_error():
    with pytest.raises(MethodologyError, match="I1"):
        score_cycle([Indicator("I1", "A", BINARY), Indicator("I1", "B", BINARY)], [])


# --- From an answer to points -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "weight", "level", "earned", "possible", "status"),
    [
        (BINARY, 1, "1", 1, 1, "scored"),
        (BINARY, 1, "0", 0, 1, "scored"),
        (ZERO_ONE_TWO, 1, "1", Fraction(1, 2), 1, "scored"),
        (ZERO_ONE_TWO, 2, "2", 2, 2, "scored"),
        (FULL_HALF_NONE, 1, "half", Fraction(1, 2), 1, "scored"),
        (FULL_HALF_NONE, 2, "full", 2, 2, "scored"),
        (LETTERED, 1, "b", Fraction(67, 100), 1, "scored"),
        (LETTERED, 2, "c", Fraction(66, 100), 2, "scored"),
        (LETTERED, 1, "d", 0, 1, "scored"),
        (LETTERED, 2, "e", 0, 0, "not_applicable"),
        (LETTERED, 2, None, 0, 2, "unanswered"),
        (IMPLEMENTATION, 1, "in_progress", 0, 0, "unscored"),
        (IMPLEMENTATION, 1, None, 0, 0, "unscored"),
    ],
)
def test_score_indicator(scale, weight, level, earned, possible, status):
    result = score_indicator(Indicator("I1", "A", scale, weight), level)
    assert (result.earned, result.possible, result.status) == (earned, possible, status)


def test_score_indicator_publishes_points_with_two_decimals():
    result = score_indicator(Indicator("I1", "A", LETTERED, 2), "b")
    assert result.published_earned == Decimal("1.34")
    assert str(result.published_possible) == "2.00"


def test_total_is_weighted_points_over_weights_times_100():
    indicators = [
        Indicator("I1", "A", BINARY),
        Indicator("I2", "A", ZERO_ONE_TWO, weight=2),
        Indicator("I3", "B", FULL_HALF_NONE),
        Indicator("I4", "B", LETTERED),
    ]
    answers = {"I1": "1", "I2": "1", "I3": "half", "I4": "b"}
    # (1 + 2*1/2 + 1/2 + 67/100) / (1 + 2 + 1 + 1) * 100
    expected = (1 + Fraction(1) + Fraction(1, 2) + Fraction(67, 100)) / 5 * 100
    score = score_municipality("M", indicators, answers)
    assert score.total == expected
    assert score.published_total == Decimal("63.4")
    assert score.earned == Fraction(317, 100)
    assert score.possible == 5


def test_area_subtotals_are_weighted_and_normalised():
    indicators = [
        Indicator("I1", "A", BINARY),
        Indicator("I2", "A", ZERO_ONE_TWO, weight=2),
        Indicator("I3", "B", LETTERED, weight=3),
    ]
    score = score_municipality("M", indicators, {"I1": "1", "I2": "1", "I3": "c"})
    area_a, area_b = score.areas
    assert (area_a.area, area_a.earned, area_a.possible) == ("A", 2, 3)
    assert area_a.score == Fraction(200, 3)
    assert area_a.published_score == Decimal("66.7")
    assert (area_b.area, area_b.earned, area_b.possible) == ("B", Fraction(99, 100), 3)
    assert area_b.published_score == Decimal("33.0")
    assert area_b.published_earned == Decimal("0.99")
    assert score.area("B") is area_b
    with pytest.raises(KeyError):
        score.area("Z")


def test_areas_are_listed_by_code_whatever_the_indicator_order():
    indicators = [Indicator("I1", "B", BINARY), Indicator("I2", "A", BINARY)]
    assert [a.area for a in score_municipality("M", indicators, {}).areas] == ["A", "B"]


def test_not_applicable_leaves_numerator_and_denominator():
    indicators = [Indicator("I1", "A", BINARY), Indicator("I2", "A", LETTERED, weight=5)]
    score = score_municipality("M", indicators, {"I1": "1", "I2": "e"})
    assert score.total == 100
    assert score.possible == 1
    assert score.areas[0].not_applicable == 1


def test_unanswered_scores_zero_but_stays_in_the_denominator():
    indicators = [Indicator("I1", "A", BINARY), Indicator("I2", "A", BINARY, weight=3)]
    missing = score_municipality("M", indicators, {"I1": "1"})
    explicit_none = score_municipality("M", indicators, {"I1": "1", "I2": None})
    worst = score_municipality("M", indicators, {"I1": "1", "I2": "0"})
    assert missing.total == explicit_none.total == worst.total == 25
    assert missing.areas[0].unanswered == 1
    assert missing.possible == 4


def test_implementation_levels_are_recorded_but_never_scored():
    indicators = [
        Indicator("I1", "A", BINARY),
        Indicator("S1", "A", IMPLEMENTATION, weight=4),
        Indicator("S2", "B", IMPLEMENTATION),
    ]
    score = score_municipality("M", indicators, {"I1": "1", "S1": "in_progress", "S2": None})
    assert score.total == 100
    assert score.possible == 1
    assert score.recorded == (("S1", "in_progress"),)
    area_b = score.area("B")
    assert (area_b.earned, area_b.possible, area_b.score, area_b.unanswered) == (0, 0, None, 0)


def test_every_indicator_not_applicable_gives_an_undefined_total():
    indicators = [Indicator("I1", "A", LETTERED), Indicator("I2", "B", LETTERED)]
    score = score_municipality("M", indicators, {"I1": "e", "I2": "e"})
    assert score.total is None
    assert score.published_total is None
    assert all(area.score is None for area in score.areas)


def test_zero_weights_count_for_nothing():
    indicators = [Indicator("I1", "A", BINARY), Indicator("I2", "A", BINARY, weight=0)]
    assert total_of(indicators, {"I1": "1", "I2": "0"}) == 100
    assert total_of([Indicator("I1", "A", BINARY, weight=0)], {"I1": "1"}) is None


# --- Total modes --------------------------------------------------------------------------------


AREA_INDICATORS = [
    Indicator("A1", "A", BINARY),
    Indicator("A2", "A", BINARY),
    Indicator("A3", "A", BINARY),
    Indicator("B1", "B", BINARY),
]
AREA_ANSWERS = {"A1": "1", "A2": "1", "A3": "1", "B1": "0"}


def test_indicator_mode_is_the_default_and_ignores_area_weights():
    assert total_of(AREA_INDICATORS, AREA_ANSWERS) == 75
    assert total_of(AREA_INDICATORS, AREA_ANSWERS, area_weights={"A": 1, "B": 9}) == 75
    assert score_municipality("M", AREA_INDICATORS, AREA_ANSWERS).mode is TotalMode.INDICATOR


def test_area_mode_is_the_weighted_mean_of_area_scores():
    assert total_of(AREA_INDICATORS, AREA_ANSWERS, mode=TotalMode.AREA) == 50
    weighted = total_of(AREA_INDICATORS, AREA_ANSWERS, mode="area", area_weights={"A": 3})
    assert weighted == 75  # (3 * 100 + 1 * 0) / 4; B weighs 1 by default
    assert total_of(
        AREA_INDICATORS, AREA_ANSWERS, mode=TotalMode.AREA, area_weights={"A": 1, "B": 3}
    ) == Fraction(25)


def test_area_mode_leaves_out_areas_without_a_score():
    indicators = [*AREA_INDICATORS, Indicator("C1", "C", LETTERED)]
    answers = {**AREA_ANSWERS, "C1": "e"}
    assert total_of(indicators, answers, mode=TotalMode.AREA, area_weights={"C": 5}) == 50
    assert total_of(indicators, {"C1": "e"} | dict.fromkeys(["A1"], None), mode="area") == 0
    everything_na = {"C1": "e"}
    assert total_of([Indicator("C1", "C", LETTERED)], everything_na, mode="area") is None


def test_area_mode_with_only_zero_area_weights_is_undefined():
    assert (
        total_of(AREA_INDICATORS, AREA_ANSWERS, mode="area", area_weights={"A": 0, "B": 0}) is None
    )


# --- Rounding -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(200, 3), 1, "66.7"),
        (Decimal("66.65"), 1, "66.7"),
        (Decimal("66.64999"), 1, "66.6"),
        (Decimal("0.05"), 1, "0.1"),
        (Decimal("0.04"), 1, "0.0"),
        (75, 1, "75.0"),
        (0, 1, "0.0"),
        (100, 1, "100.0"),
        (Fraction(1, 8), 2, "0.13"),
        (Decimal("-0.05"), 1, "-0.1"),
        (Decimal("-0.04"), 1, "0.0"),
        (Fraction(5, 2), 0, "3"),
    ],
)
def test_round_half_up(value, places, expected):
    rounded = round_half_up(value, places)
    assert str(rounded) == expected


def test_round_half_up_refuses_floats():
    with pytest.raises(TypeError):
        round_half_up(66.65, 1)  # type: ignore[arg-type]


# --- Categories ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "category"),
    [
        (Decimal("100.0"), "transparent"),
        (Decimal("75.0"), "transparent"),
        (Decimal("74.9"), "partially_transparent"),
        (50, "partially_transparent"),
        (Decimal("49.9"), "non_transparent"),
        (0, "non_transparent"),
        (None, None),
    ],
)
def test_categorise(total, category):
    assert categorise(total, THRESHOLDS) == category
    assert categorise(total, list(reversed(THRESHOLDS))) == category


def test_categorise_below_every_minimum_is_none():
    assert categorise(Decimal("39.9"), [(80, "transparent"), (40, "partial")]) is None


def test_categorise_refuses_two_categories_with_the_same_minimum():
    with pytest.raises(MethodologyError, match="same minimum"):
        categorise(50, [(50, "a"), (50, "b")])


def test_category_uses_the_published_total():
    # 2 of 3 indicators plus one b (67) on a 4th: 74.96..., published 75.0.
    indicators = [Indicator(f"I{n}", "A", LETTERED) for n in range(3)]
    results = score_cycle(
        indicators, [("M", "I0", "a"), ("M", "I1", "a"), ("M", "I2", "b")], thresholds=THRESHOLDS
    )
    (result,) = results
    assert result.total == Fraction(267, 3)
    indicators = [Indicator(f"I{n}", "A", BINARY) for n in range(4)] + [
        Indicator("L", "A", LETTERED, weight=Fraction(1, 1000))
    ]
    # (3 + 0.001 * 0.33) / 4.001 * 100 = 74.9894..., published 75.0
    answers = [("M", f"I{n}", "1") for n in range(3)] + [("M", "I3", "0"), ("M", "L", "c")]
    (result,) = score_cycle(indicators, answers, thresholds=THRESHOLDS)
    assert result.total is not None and result.total < 75
    assert result.published_total == Decimal("75.0")
    assert result.category == "transparent"


# --- Ranks --------------------------------------------------------------------------------------


def test_rank_is_competition_ranking():
    totals = {"a": 80, "b": 75, "c": 75, "d": 60}
    assert rank(totals) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_rank_compares_published_totals():
    totals = {"a": Decimal("75.04"), "b": Decimal("74.96"), "c": Decimal("74.94")}
    assert rank(totals) == {"a": 1, "b": 1, "c": 3}


def test_rank_leaves_out_disqualified_and_undefined_without_pushing_others_down():
    totals = {"a": 90, "b": 80, "c": None, "d": 80, "e": 70}
    assert rank(totals, disqualified={"a"}) == {"a": None, "b": 1, "c": None, "d": 1, "e": 3}


def test_cycle_ranks_ties_and_orders_ties_by_municipality():
    indicators = [Indicator("I1", "A", BINARY), Indicator("I2", "A", BINARY)]
    answers = [
        ("zeta", "I1", "1"),
        ("zeta", "I2", "0"),
        ("alpha", "I1", "0"),
        ("alpha", "I2", "1"),
        ("best", "I1", "1"),
        ("best", "I2", "1"),
        ("last", "I1", "0"),
        ("last", "I2", "0"),
    ]
    results = score_cycle(indicators, answers)
    assert [(r.municipality, r.rank) for r in results] == [
        ("best", 1),
        ("alpha", 2),
        ("zeta", 2),
        ("last", 4),
    ]


def test_disqualified_municipality_keeps_its_result_and_reason_but_has_no_rank():
    indicators = [Indicator("I1", "A", ZERO_ONE_TWO)]
    answers = [("a", "I1", "2"), ("b", "I1", "1"), ("c", "I1", "0")]
    results = by_municipality(
        score_cycle(indicators, answers, [("a", "falsified links")], thresholds=THRESHOLDS)
    )
    assert results["a"].rank is None
    assert results["a"].disqualified
    assert results["a"].disqualification_reason == "falsified links"
    assert results["a"].total == 100
    assert results["a"].published_total == Decimal("100.0")
    assert results["a"].category == "transparent"
    assert (results["b"].rank, results["c"].rank) == (1, 2)
    assert not results["b"].disqualified


def test_undefined_total_gets_no_rank_and_no_category():
    indicators = [Indicator("I1", "A", LETTERED)]
    results = by_municipality(
        score_cycle(indicators, [("a", "I1", "e"), ("b", "I1", "d")], thresholds=THRESHOLDS)
    )
    assert (results["a"].total, results["a"].rank, results["a"].category) == (None, None, None)
    assert (results["b"].rank, results["b"].category) == (1, "non_transparent")


def test_cycle_output_lists_ranked_first_then_unranked_by_code():
    indicators = [Indicator("I1", "A", LETTERED)]
    answers = [("d", "I1", "e"), ("c", "I1", "d"), ("b", "I1", "a"), ("a", "I1", "c")]
    results = score_cycle(indicators, answers, [Disqualification("b", "late")])
    assert [(r.municipality, r.rank) for r in results] == [
        ("a", 1),
        ("c", 2),
        ("b", None),
        ("d", None),
    ]


def test_cycle_includes_named_and_disqualified_municipalities_without_answers():
    indicators = [Indicator("I1", "A", BINARY)]
    results = by_municipality(
        score_cycle(indicators, [("a", "I1", "1")], [("x", "gone")], municipalities=["silent"])
    )
    assert set(results) == {"a", "silent", "x"}
    assert results["silent"].total == 0
    assert results["silent"].areas[0].unanswered == 1
    assert results["silent"].rank == 2
    assert results["x"].rank is None


def test_disqualification_needs_a_reason_and_happens_once():
    with pytest.raises(ScoringError, match="reason"):
        Disqualification("a", "  ")
    with pytest.raises(ScoringError, match="twice"):
        score_cycle([Indicator("I1", "A", BINARY)], [], [("a", "one"), ("a", "two")])


# --- Errors in answers --------------------------------------------------------------------------


def test_level_not_on_the_scale_is_an_error_naming_municipality_indicator_and_level():
    indicators = [Indicator("I1", "A", BINARY), Indicator("I2", "A", LETTERED)]
    with pytest.raises(UnknownLevelError) as raised:
        score_cycle(indicators, [("Ashford", "I1", "1"), ("Ashford", "I2", "f")])
    error = raised.value
    assert isinstance(error, ValueError)
    assert isinstance(error, AnswerError)
    assert (error.municipality, error.indicator, error.level) == ("Ashford", "I2", "f")
    assert "'Ashford'" in str(error)
    assert "'I2'" in str(error)
    assert "'f'" in str(error)


def test_unscored_scale_levels_are_validated_too():
    with pytest.raises(UnknownLevelError, match="'done'"):
        score_cycle([Indicator("S1", "A", IMPLEMENTATION)], [("M", "S1", "done")])


def test_answer_to_an_unknown_indicator_is_an_error():
    with pytest.raises(UnknownIndicatorError) as raised:
        score_cycle([Indicator("I1", "A", BINARY)], [("Brookvale", "I9", "1")])
    error = raised.value
    assert isinstance(error, ValueError)
    assert isinstance(error, UnknownIndicatorError)
    assert (error.municipality, error.indicator, error.level) == ("Brookvale", "I9", "1")
    assert "'Brookvale'" in str(error)
    assert "'I9'" in str(error)
    assert "'1'" in str(error)


def test_two_answers_to_the_same_indicator_are_an_error():
    with pytest.raises(DuplicateAnswerError, match="'Corrin'.*'I1'"):
        score_cycle([Indicator("I1", "A", BINARY)], [("Corrin", "I1", "1"), ("Corrin", "I1", None)])


def test_score_municipality_validates_answers():
    indicators = [Indicator("I1", "A", BINARY)]
    with pytest.raises(UnknownLevelError, match="'Corrin'"):
        score_municipality("Corrin", indicators, {"I1": "yes"})
    with pytest.raises(UnknownIndicatorError, match="'I2'"):
        score_municipality("Corrin", indicators, {"I2": "1"})
    with pytest.raises(UnknownLevelError):
        score_indicator(indicators[0], "2")


# --- The worked example of docs/SCORING.md ------------------------------------------------------


def fenced_blocks(text: str) -> dict[str, str]:
    blocks = dict(re.findall(r"^```json (scoring-example-[a-z-]+)\n(.*?)^```", text, re.S | re.M))
    return blocks


def load(block: str) -> Any:
    return json.loads(block, parse_float=Decimal)


def build_example(data: dict[str, Any]) -> dict[str, Any]:
    """Turn the example's JSON input into arguments of score_cycle."""
    scales = {
        code: Scale(
            code,
            {
                level: NOT_APPLICABLE if points == "not applicable" else points
                for level, points in levels.items()
            },
        )
        for code, levels in data["scales"].items()
    }
    return {
        "indicators": [
            Indicator(item["code"], item["area"], scales[item["scale"]], item["weight"])
            for item in data["indicators"]
        ],
        "answers": [tuple(answer) for answer in data["answers"]],
        "disqualifications": [tuple(item) for item in data["disqualifications"]],
        "thresholds": [tuple(item) for item in data["thresholds"]],
        "mode": TotalMode(data["mode"]),
    }


def as_published(result: MunicipalityResult) -> dict[str, Any]:
    """A result in the shape of the documented output, with published (rounded) numbers."""
    return {
        "municipality": result.municipality,
        "areas": {
            area.area: {
                "earned": area.published_earned,
                "possible": area.published_possible,
                "score": area.published_score,
            }
            for area in result.areas
        },
        "earned": round_half_up(result.score.earned, 2),
        "possible": round_half_up(result.score.possible, 2),
        "total": result.published_total,
        "category": result.category,
        "rank": result.rank,
        "disqualification": result.disqualification_reason,
        "recorded": dict(result.score.recorded),
    }


def points(value: Decimal) -> str:
    """Points as the document's tables show them: two decimals at most, trailing zeros dropped."""
    return format(value.normalize(), "f")


def markdown_table(text: str, marker: str) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the Markdown table right after ``<!-- marker -->``."""
    after = text.split(f"<!-- {marker} -->\n", 1)[1]
    lines = []
    for line in after.splitlines():
        if not line.startswith("|"):
            break
        lines.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    header, _separator, *rows = lines
    return header, rows


def score_text(value: Decimal | None) -> str:
    """A score as the document's tables show it: one decimal, or "none" when undefined."""
    return "none" if value is None else str(value)


def answer_cell(indicator: Indicator, level: str | None) -> str:
    scored = score_indicator(indicator, level)
    label = "no answer" if level is None else level
    if scored.status == "unscored":
        return f"{label} → not scored"
    if scored.status == "not_applicable":
        return f"{label} → not applicable"
    return f"{label} → {points(scored.published_earned)} of {points(scored.published_possible)}"


def example_mismatches(text: str) -> list[str]:
    """Every difference between docs/SCORING.md's worked example and what scoring.py computes."""
    problems: list[str] = []
    blocks = fenced_blocks(text)
    for tag in ("scoring-example-input", "scoring-example-output", "scoring-example-area-mode"):
        if tag not in blocks:
            problems.append(f"missing ```json {tag} block")
    if problems:
        return problems
    data = load(blocks["scoring-example-input"])
    arguments = build_example(data)
    results = score_cycle(**arguments)

    # 1. The machine-readable expected output.
    computed = [as_published(result) for result in results]
    documented = load(blocks["scoring-example-output"])
    if computed != documented:
        problems.append(f"scoring-example-output differs:\n{computed}\n!=\n{documented}")

    # 2. The area-weighted variant.
    variant = load(blocks["scoring-example-area-mode"])
    area_results = score_cycle(
        **{**arguments, "mode": TotalMode.AREA}, area_weights=variant["area_weights"]
    )
    computed_variant = [
        {
            "municipality": r.municipality,
            "total": r.published_total,
            "category": r.category,
            "rank": r.rank,
        }
        for r in area_results
    ]
    if computed_variant != variant["results"]:
        problems.append(f"area-mode differs:\n{computed_variant}\n!=\n{variant['results']}")

    # 3. The table of answers, cell by cell.
    indicators = {indicator.code: indicator for indicator in arguments["indicators"]}
    levels = {(m, i): level for m, i, level in arguments["answers"]}
    header, rows = markdown_table(text, "scoring-example-answers")
    municipalities = header[4:]
    if {r.municipality for r in results} != set(municipalities):
        problems.append(f"answers table columns {municipalities} are not the municipalities")
    if sorted(row[0].split()[0] for row in rows) != sorted(indicators):
        problems.append("answers table rows are not the indicators")
    for row in rows:
        indicator = indicators.get(row[0].split()[0])
        if indicator is None:
            continue
        expected = [
            indicator.area,
            indicator.scale.code,
            points(round_half_up(indicator.weight, 2)),
        ]
        expected += [
            answer_cell(indicator, levels.get((m, indicator.code))) for m in municipalities
        ]
        if row[1:] != expected:
            problems.append(f"answers table row {row[0]!r}: {row[1:]} != {expected}")

    # 4. The table of results, cell by cell.
    header, rows = markdown_table(text, "scoring-example-results")
    found = by_municipality(results)
    columns = header[1:]
    if set(columns) != set(found):
        problems.append(f"results table columns {columns} are not the municipalities")
        return problems
    expected_rows: dict[str, list[str]] = {}
    for area in found[columns[0]].areas:
        expected_rows[f"Area {area.area} points"] = [
            f"{points(found[m].score.area(area.area).published_earned)} of "
            f"{points(found[m].score.area(area.area).published_possible)}"
            for m in columns
        ]
        expected_rows[f"Area {area.area} score"] = [
            score_text(found[m].score.area(area.area).published_score) for m in columns
        ]
    expected_rows["Total points"] = [
        f"{points(round_half_up(found[m].score.earned, 2))} of "
        f"{points(round_half_up(found[m].score.possible, 2))}"
        for m in columns
    ]
    expected_rows["Total (out of 100)"] = [score_text(found[m].published_total) for m in columns]
    expected_rows["Category"] = [
        str(found[m].category).replace("_", " ") if found[m].category else "none" for m in columns
    ]
    expected_rows["Rank"] = [
        str(found[m].rank)
        if found[m].rank is not None
        else "none (disqualified)"
        if found[m].disqualified
        else "none"
        for m in columns
    ]
    documented_rows = {row[0]: row[1:] for row in rows}
    if documented_rows != expected_rows:
        problems.append(f"results table differs:\n{documented_rows}\n!=\n{expected_rows}")
    return problems


def test_worked_example_in_scoring_md_matches_the_code():
    assert example_mismatches(SCORING_MD.read_text(encoding="utf-8")) == []


def test_worked_example_has_the_promised_features():
    data = load(fenced_blocks(SCORING_MD.read_text(encoding="utf-8"))["scoring-example-input"])
    results = score_cycle(**build_example(data))
    assert len(results) == 3
    assert len({indicator["area"] for indicator in data["indicators"]}) == 2
    assert any(level == "e" for _m, _i, level in data["answers"])  # not applicable
    assert len({r.rank for r in results if r.rank is not None}) == 1  # a tie
    assert sum(r.disqualified for r in results) == 1


@pytest.mark.parametrize(
    ("original", "edited"),
    [
        ('"total": 80.7', '"total": 80.6'),  # expected output
        ('"earned": 2.34', '"earned": 2.33'),
        (
            '"rank": null,\n    "disqualification": "Supplied',
            '"rank": 2,\n    "disqualification": "Supplied',
        ),
        (
            '"total": 66.7, "category": "partially_transparent", "rank": 2',
            '"total": 66.7, "category": "partially_transparent", "rank": 3',
        ),
        ('["Corrin", "B1", "b"]', '["Corrin", "B1", "c"]'),  # input without updating the output
        (
            "| Total (out of 100) | 75.0 | 75.0 | 80.7 |",
            "| Total (out of 100) | 75.0 | 75.0 | 80.6 |",
        ),
        ("| b → 1.34 of 2 |", "| b → 1.33 of 2 |"),
        ("| Rank | 1 | 1 | none (disqualified) |", "| Rank | 1 | 2 | none (disqualified) |"),
    ],
)
def test_worked_example_check_fails_when_the_document_is_edited_wrongly(original, edited):
    text = SCORING_MD.read_text(encoding="utf-8")
    assert text.count(original) == 1, original
    assert example_mismatches(text.replace(original, edited)) != []


# --- Properties ---------------------------------------------------------------------------------

PROPERTY_SCALES = [
    BINARY,
    ZERO_ONE_TWO,
    FULL_HALF_NONE,
    LETTERED,
    BINARY.with_not_applicable(),
    IMPLEMENTATION,
]
WEIGHTS = [0, 1, 1, 2, 3, Fraction(1, 3), Decimal("1.5")]
MISSING = object()


@dataclass(frozen=True)
class Cycle:
    indicators: list[Indicator]
    answers: list[tuple[str, str, str | None]]
    disqualifications: list[tuple[str, str]]
    municipalities: list[str]
    mode: TotalMode
    area_weights: dict[str, Any] | None

    def score(self) -> tuple[MunicipalityResult, ...]:
        return score_cycle(
            self.indicators,
            self.answers,
            self.disqualifications,
            municipalities=self.municipalities,
            mode=self.mode,
            area_weights=self.area_weights,
            thresholds=THRESHOLDS,
        )


@st.composite
def cycles(draw: st.DrawFn) -> Cycle:
    indicators = [
        Indicator(
            f"I{n}",
            draw(st.sampled_from("ABC")),
            draw(st.sampled_from(PROPERTY_SCALES)),
            draw(st.sampled_from(WEIGHTS)),
        )
        for n in range(draw(st.integers(1, 7)))
    ]
    municipalities = [f"M{n}" for n in range(draw(st.integers(1, 7)))]
    answers = []
    for municipality in municipalities:
        for indicator in indicators:
            level = draw(st.sampled_from([MISSING, None, *indicator.scale.levels]))
            if level is not MISSING:
                answers.append((municipality, indicator.code, level))
    disqualified = draw(st.sets(st.sampled_from(municipalities), max_size=2))
    areas = sorted({indicator.area for indicator in indicators})
    area_weights = (
        {area: draw(st.sampled_from(WEIGHTS)) for area in areas} if draw(st.booleans()) else None
    )
    return Cycle(
        indicators=indicators,
        answers=answers,
        disqualifications=[(m, f"reason for {m}") for m in sorted(disqualified)],
        municipalities=municipalities,
        mode=draw(st.sampled_from(list(TotalMode))),
        area_weights=area_weights,
    )


@PROPERTY_SETTINGS
@given(cycles())
def test_property_totals_and_area_scores_stay_between_0_and_100(cycle):
    for result in cycle.score():
        if result.total is not None:
            assert 0 <= result.total <= 100
            assert result.published_total is not None
            assert Decimal(0) <= result.published_total <= Decimal(100)
        for area in result.areas:
            assert 0 <= area.earned <= area.possible
            if area.score is not None:
                assert 0 <= area.score <= 100


@PROPERTY_SETTINGS
@given(cycles(), st.data())
def test_property_raising_one_answer_never_lowers_the_total(cycle, data):
    scored = [i for i in cycle.indicators if i.scale.scored]
    if not scored:
        return
    indicator = data.draw(st.sampled_from(scored))
    municipality = data.draw(st.sampled_from(cycle.municipalities))
    with_points = {
        level: points
        for level, points in indicator.scale.levels.items()
        if isinstance(points, Fraction)
    }
    low = data.draw(st.sampled_from([None, *with_points]))  # None: unanswered, worth 0
    low_points = 0 if low is None else with_points[low]
    higher = [level for level, points in with_points.items() if points > low_points]
    if not higher:
        return
    high = data.draw(st.sampled_from(higher))
    others = [a for a in cycle.answers if (a[0], a[1]) != (municipality, indicator.code)]

    def total(level: str | None) -> Fraction | None:
        changed = replace(cycle, answers=[*others, (municipality, indicator.code, level)])
        return by_municipality(changed.score())[municipality].total

    before, after = total(low), total(high)
    assert (before is None) == (after is None)
    if before is not None and after is not None:
        assert after >= before


@PROPERTY_SETTINGS
@given(cycles(), st.randoms(use_true_random=False))
def test_property_input_order_does_not_change_any_result(cycle, rng):
    shuffled = replace(
        cycle,
        indicators=rng.sample(cycle.indicators, len(cycle.indicators)),
        answers=rng.sample(cycle.answers, len(cycle.answers)),
        disqualifications=rng.sample(cycle.disqualifications, len(cycle.disqualifications)),
        municipalities=rng.sample(cycle.municipalities, len(cycle.municipalities)),
        area_weights=None
        if cycle.area_weights is None
        else dict(rng.sample(list(cycle.area_weights.items()), len(cycle.area_weights))),
    )
    assert shuffled.score() == cycle.score()


@PROPERTY_SETTINGS
@given(cycles())
def test_property_ranks_are_consistent_with_totals(cycle):
    results = cycle.score()
    ranked = [r for r in results if r.rank is not None]
    for result in results:
        assert (result.rank is None) == (result.disqualified or result.total is None)
    for a in ranked:
        assert a.rank == 1 + sum(
            1
            for b in ranked
            if b.published_total is not None
            and a.published_total is not None
            and b.published_total > a.published_total
        )
        for b in ranked:
            assert a.published_total is not None and b.published_total is not None
            if a.published_total > b.published_total:
                assert a.rank < b.rank
            if a.published_total == b.published_total:
                assert a.rank == b.rank
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)


@PROPERTY_SETTINGS
@given(cycles())
def test_property_areas_add_up_to_the_indicators(cycle):
    levels = {(m, i): level for m, i, level in cycle.answers}
    for result in cycle.score():
        for area in result.areas:
            parts = [
                score_indicator(indicator, levels.get((result.municipality, indicator.code)))
                for indicator in cycle.indicators
                if indicator.area == area.area
            ]
            assert area.earned == sum(part.earned for part in parts)
            assert area.possible == sum(part.possible for part in parts)
        if result.score.mode is TotalMode.INDICATOR and result.score.possible:
            assert result.total == result.score.earned * 100 / result.score.possible
