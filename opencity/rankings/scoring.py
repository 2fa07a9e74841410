"""Pure scoring of one ranking cycle: scales, indicators, areas, totals, categories and ranks.

No database, no Django: plain values in, frozen dataclasses out. The rules are explained for
non-programmers in ``docs/SCORING.md``; this docstring is the short version for programmers.

Arithmetic is exact. Points, weights and thresholds are ``int``, ``decimal.Decimal`` or
``fractions.Fraction`` (never ``float``: ``0.1`` is not exact in binary) and are stored as
``Fraction``. Every sum, area score and total is an exact ``Fraction``; nothing is rounded on the
way. Rounding happens once, at the edge, with :func:`round_half_up` (halves go away from zero, as
taught at school: 66.65 -> 66.7, 66.64 -> 66.6):

* scores out of 100 (area scores and totals) are published with ``SCORE_PLACES`` (1) decimal;
* weighted points (earned and possible) are published with ``POINTS_PLACES`` (2) decimals.

Ranks and categories are decided on the *published* total, so that what readers see is consistent:
two municipalities shown with 75.0 share a rank even if their exact totals differ in the third
decimal, and a municipality shown with 75.0 is in the ``>= 75`` category.

Rules, in one place:

* A :class:`Scale` maps each level to points, to :data:`NOT_APPLICABLE`, or (for implementation
  statuses) to ``None``: no points. A scale is either scored (every level has points or is not
  applicable) or unscored (no level has points); its maximum is its highest points value.
* An :class:`Indicator` belongs to an area, has a scale and a weight (default 1, never negative).
  A level worth ``p`` on a scale whose maximum is ``m`` earns ``weight * p / m`` points out of
  ``weight`` possible.
* Unanswered (no answer, or an answer whose level is ``None``) earns 0 but its weight stays in
  the possible points. Not applicable earns nothing and leaves the possible points too. Answers to
  indicators on unscored scales are validated and recorded, never scored.
* Area: earned and possible points; area score = earned / possible * 100 (``None`` when nothing in
  the area is applicable).
* Total, :attr:`TotalMode.INDICATOR` (default): sum of earned / sum of possible * 100 over every
  applicable indicator, i.e. sum(weight * points / max) / sum(weight) * 100. Area weights are
  ignored. :attr:`TotalMode.AREA`: the weighted mean of the area scores, sum(area weight * area
  score) / sum(area weight) over areas whose score is defined (area weight default 1). Either way
  the total is ``None`` (undefined) when nothing is applicable, or the weights that count are all 0.
* Categories: ``(minimum, code)`` thresholds; the category is the code of the highest minimum
  that the published total reaches, ``None`` if it reaches none.
* Ranks: competition ranking (1, 2, 2, 4) on the published total. Disqualified municipalities and
  municipalities with an undefined total get no rank and do not push anyone down; a disqualified
  municipality keeps its score and its reason.
* Output order never depends on input order: ranked results by rank, then municipality code;
  then unranked results by municipality code. Areas are listed by area code.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Final, TypeAlias

__all__ = [
    "BINARY",
    "FULL_HALF_NONE",
    "IMPLEMENTATION",
    "LETTERED",
    "NOT_APPLICABLE",
    "POINTS_PLACES",
    "SCORE_PLACES",
    "ZERO_ONE_TWO",
    "Answer",
    "AnswerError",
    "AreaResult",
    "Disqualification",
    "DuplicateAnswerError",
    "Indicator",
    "IndicatorScore",
    "MethodologyError",
    "MunicipalityResult",
    "MunicipalityScore",
    "NegativeWeightError",
    "Number",
    "NotApplicable",
    "Scale",
    "ScoringError",
    "TotalMode",
    "UnknownIndicatorError",
    "UnknownLevelError",
    "categorise",
    "rank",
    "round_half_up",
    "score_cycle",
    "score_indicator",
    "score_municipality",
]

Number: TypeAlias = int | Decimal | Fraction
"""An exact number: what points, weights and thresholds may be given as."""

Answer: TypeAlias = tuple[str, str, str | None]
"""(municipality, indicator code, level code or None for unanswered)."""

SCORE_PLACES: Final = 1
"""Decimals of a published score out of 100 (area scores, totals); ranks compare these."""

POINTS_PLACES: Final = 2
"""Decimals of published weighted points (earned and possible)."""


class NotApplicable(enum.Enum):
    """The marker of a level that takes the indicator out of the count."""

    NOT_APPLICABLE = "not applicable"


NOT_APPLICABLE: Final = NotApplicable.NOT_APPLICABLE

LevelValue: TypeAlias = Number | NotApplicable | None
"""What a scale maps a level to: points, not applicable, or None (no points: never scored)."""


# --- Errors -------------------------------------------------------------------------------------


class ScoringError(ValueError):
    """Base class of every error raised by this module."""


class MethodologyError(ScoringError):
    """The methodology itself is invalid: a scale, an indicator, area weights or thresholds."""


class NegativeWeightError(MethodologyError):
    """A weight below zero, on an indicator or on an area."""

    def __init__(self, subject: str, weight: Number) -> None:
        self.subject = subject
        self.weight = weight
        super().__init__(f"{subject}: weight {weight} is negative; weights must be 0 or more")


class AnswerError(ScoringError):
    """An answer that cannot be scored; names the municipality, the indicator and the level."""

    reason = "cannot be scored"

    def __init__(self, municipality: str, indicator: str, level: str | None) -> None:
        self.municipality = municipality
        self.indicator = indicator
        self.level = level
        super().__init__(
            f"municipality {municipality!r}, indicator {indicator!r}, level {level!r}: "
            f"{self.reason}"
        )


class UnknownIndicatorError(AnswerError):
    """An answer to an indicator that is not in the methodology."""

    reason = "no such indicator in this methodology"


class UnknownLevelError(AnswerError):
    """An answer with a level that is not on the indicator's scale."""

    reason = "this level is not on the indicator's scale"


class DuplicateAnswerError(AnswerError):
    """A second answer by the same municipality to the same indicator."""

    reason = "this municipality already has an answer to this indicator"


# --- Exact numbers and rounding -----------------------------------------------------------------


def _exact(value: object, what: str) -> Fraction:
    """``value`` as an exact Fraction; floats, bools, strings and non-finite Decimals refused."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        raise TypeError(
            f"{what}: {value!r} is not an exact number; "
            "use an int, a Decimal('0.5') or a Fraction(1, 2)"
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise MethodologyError(f"{what}: {value} is not a finite number")
    return Fraction(value)


def round_half_up(value: Number, places: int) -> Decimal:
    """Round an exact number once to ``places`` decimals, halves away from zero.

    ``round_half_up(Fraction(2, 3) * 100, 1) == Decimal("66.7")``; ``66.65 -> 66.7``. The result
    always has exactly ``places`` decimals (``75`` -> ``Decimal("75.0")``).
    """
    if places < 0:
        raise ValueError("places must be 0 or more")
    exact = _exact(value, "value to round")
    scaled = exact.numerator * 10**places
    magnitude = (2 * abs(scaled) + exact.denominator) // (2 * exact.denominator)
    sign = "-" if scaled < 0 and magnitude else ""
    return Decimal(f"{sign}{magnitude}E-{places}")


def _publish(value: Fraction | None, places: int) -> Decimal | None:
    return None if value is None else round_half_up(value, places)


# --- Scales and indicators ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """The levels an answer may take, each with its points (or not applicable, or no points).

    ``levels`` is given as a mapping (kept in the order given); points are stored as Fractions.
    A scored scale has at least one level with points and its highest points value (``maximum``)
    is above 0; an unscored scale (implementation statuses) maps every level to ``None``.
    """

    code: str
    levels: Mapping[str, LevelValue]
    maximum: Fraction | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        if not self.levels:
            raise MethodologyError(f"scale {self.code!r}: it has no levels")
        normalised: dict[str, Fraction | NotApplicable | None] = {}
        for level, value in self.levels.items():
            if not isinstance(level, str) or not level:
                raise MethodologyError(f"scale {self.code!r}: level {level!r} is not a code")
            if value is None or value is NOT_APPLICABLE:
                normalised[level] = value
                continue
            points = _exact(value, f"scale {self.code!r}, level {level!r}")
            if points < 0:
                raise MethodologyError(
                    f"scale {self.code!r}, level {level!r}: points {value} are negative"
                )
            normalised[level] = points
        points_values = [v for v in normalised.values() if isinstance(v, Fraction)]
        unscored = [level for level, v in normalised.items() if v is None]
        if points_values and unscored:
            raise MethodologyError(
                f"scale {self.code!r}: levels {unscored} have no points while others do; "
                "a scale is either scored or unscored"
            )
        if not unscored and not points_values:
            raise MethodologyError(f"scale {self.code!r}: no level has points")
        maximum = max(points_values) if points_values else None
        if maximum is not None and maximum <= 0:
            raise MethodologyError(f"scale {self.code!r}: its highest points value must be above 0")
        object.__setattr__(self, "levels", MappingProxyType(normalised))
        object.__setattr__(self, "maximum", maximum)

    def __hash__(self) -> int:
        return hash((self.code, tuple(self.levels.items())))

    @property
    def scored(self) -> bool:
        """False for implementation statuses: answers are recorded, never scored."""
        return self.maximum is not None

    def with_not_applicable(self, level: str = "na", code: str | None = None) -> Scale:
        """This scale plus a not-applicable level (e.g. binary with "na")."""
        if level in self.levels:
            raise MethodologyError(f"scale {self.code!r}: level {level!r} already exists")
        return Scale(code or f"{self.code}+{level}", {**self.levels, level: NOT_APPLICABLE})


BINARY: Final = Scale("binary", {"0": 0, "1": 1})
ZERO_ONE_TWO: Final = Scale("zero_one_two", {"0": 0, "1": 1, "2": 2})
FULL_HALF_NONE: Final = Scale("full_half_none", {"full": 1, "half": Fraction(1, 2), "none": 0})
LETTERED: Final = Scale("lettered", {"a": 100, "b": 67, "c": 33, "d": 0, "e": NOT_APPLICABLE})
IMPLEMENTATION: Final = Scale(
    "implementation",
    {"not_started": None, "in_progress": None, "implemented": None},
)


@dataclass(frozen=True)
class Indicator:
    """One question of the methodology. ``weight`` (default 1) is stored as a Fraction."""

    code: str
    area: str
    scale: Scale
    weight: Number = 1

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise MethodologyError(f"indicator code {self.code!r} is not a code")
        if not isinstance(self.area, str) or not self.area:
            raise MethodologyError(f"indicator {self.code!r}: area {self.area!r} is not a code")
        weight = _exact(self.weight, f"indicator {self.code!r}, weight")
        if weight < 0:
            raise NegativeWeightError(f"indicator {self.code!r}", self.weight)
        object.__setattr__(self, "weight", weight)


@dataclass(frozen=True)
class Disqualification:
    """A municipality denied a rank, with the reason published next to its result."""

    municipality: str
    reason: str

    def __post_init__(self) -> None:
        if not self.reason or not self.reason.strip():
            raise ScoringError(f"disqualification of {self.municipality!r}: a reason is required")


class TotalMode(enum.StrEnum):
    """How the total weighs things: indicators (default) or areas."""

    INDICATOR = "indicator"
    """sum(weight * points / max) / sum(weight) * 100 over all applicable indicators."""
    AREA = "area"
    """sum(area weight * area score) / sum(area weight) over areas with a defined score."""


# --- Results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorScore:
    """One answer turned into points. ``status``: scored, not_applicable, unanswered, unscored."""

    indicator: str
    level: str | None
    status: str
    earned: Fraction
    possible: Fraction

    @property
    def published_earned(self) -> Decimal:
        return round_half_up(self.earned, POINTS_PLACES)

    @property
    def published_possible(self) -> Decimal:
        return round_half_up(self.possible, POINTS_PLACES)


@dataclass(frozen=True, slots=True)
class AreaResult:
    """The subtotal of one area: weighted points earned out of possible, and counts."""

    area: str
    earned: Fraction
    possible: Fraction
    not_applicable: int
    unanswered: int

    @property
    def score(self) -> Fraction | None:
        """earned / possible * 100, exact; None when nothing in the area is applicable."""
        return self.earned * 100 / self.possible if self.possible else None

    @property
    def published_score(self) -> Decimal | None:
        return _publish(self.score, SCORE_PLACES)

    @property
    def published_earned(self) -> Decimal:
        return round_half_up(self.earned, POINTS_PLACES)

    @property
    def published_possible(self) -> Decimal:
        return round_half_up(self.possible, POINTS_PLACES)


@dataclass(frozen=True)
class MunicipalityScore:
    """A municipality's score before ranking.

    ``earned``/``possible`` sum every area; ``total`` is out of 100 and exact (None: undefined).
    ``recorded`` holds the (indicator, level) answers on unscored scales, by indicator code.
    """

    municipality: str
    areas: tuple[AreaResult, ...]
    earned: Fraction
    possible: Fraction
    total: Fraction | None
    mode: TotalMode
    recorded: tuple[tuple[str, str], ...]

    @property
    def published_total(self) -> Decimal | None:
        return _publish(self.total, SCORE_PLACES)

    def area(self, code: str) -> AreaResult:
        for result in self.areas:
            if result.area == code:
                return result
        raise KeyError(code)


@dataclass(frozen=True)
class MunicipalityResult:
    """A municipality's place in a cycle: its score, published total, category and rank.

    ``rank`` is None for a disqualified municipality (see ``disqualification_reason``) and for
    one whose total is undefined.
    """

    score: MunicipalityScore
    published_total: Decimal | None
    category: str | None
    rank: int | None
    disqualification_reason: str | None = None

    @property
    def municipality(self) -> str:
        return self.score.municipality

    @property
    def total(self) -> Fraction | None:
        return self.score.total

    @property
    def areas(self) -> tuple[AreaResult, ...]:
        return self.score.areas

    @property
    def disqualified(self) -> bool:
        return self.disqualification_reason is not None


# --- The compiled methodology -------------------------------------------------------------------


class _Plan:
    """A methodology turned into integer tables, built once per cycle.

    Every weighted value ``weight * points / max`` and every weight is stored as an integer
    numerator over one common denominator, so scoring a municipality only adds integers; the
    Fractions are built once per area at the end. Exactness is unaffected.
    """

    __slots__ = ("area_weights", "areas", "denominator", "levels", "mode", "scored", "unscored")

    def __init__(
        self,
        indicators: Iterable[Indicator],
        mode: TotalMode,
        area_weights: Mapping[str, Number] | None,
    ) -> None:
        by_code: dict[str, Indicator] = {}
        for indicator in indicators:
            if not isinstance(indicator, Indicator):
                raise TypeError(f"{indicator!r} is not an Indicator")
            if indicator.code in by_code:
                raise MethodologyError(f"indicator {indicator.code!r} appears twice")
            by_code[indicator.code] = indicator
        ordered = [by_code[code] for code in sorted(by_code)]
        self.mode = TotalMode(mode)
        self.areas: tuple[str, ...] = tuple(sorted({i.area for i in ordered}))
        area_index = {area: n for n, area in enumerate(self.areas)}

        weights: dict[str, Fraction] = {}
        for area, weight in (area_weights or {}).items():
            if area not in area_index:
                raise MethodologyError(f"area weight given for {area!r}, which has no indicator")
            exact = _exact(weight, f"area {area!r}, weight")
            if exact < 0:
                raise NegativeWeightError(f"area {area!r}", weight)
            weights[area] = exact
        self.area_weights: tuple[Fraction, ...] = tuple(
            weights.get(area, Fraction(1)) for area in self.areas
        )

        # Valid levels of every indicator, for validating answers.
        self.levels: dict[str, Mapping[str, object]] = {i.code: i.scale.levels for i in ordered}

        scored = [i for i in ordered if i.scale.scored]
        self.unscored: tuple[str, ...] = tuple(i.code for i in ordered if not i.scale.scored)
        values: dict[str, dict[str, Fraction | None]] = {}
        denominator = 1
        for indicator in scored:
            maximum = indicator.scale.maximum
            assert maximum is not None  # scored scales have one
            table: dict[str, Fraction | None] = {}
            for level, points in indicator.scale.levels.items():
                if isinstance(points, Fraction):
                    value = _as_fraction(indicator.weight) * points / maximum
                    table[level] = value
                    denominator = math.lcm(denominator, value.denominator)
                else:
                    table[level] = None
            denominator = math.lcm(denominator, _as_fraction(indicator.weight).denominator)
            values[indicator.code] = table
        self.denominator = denominator
        self.scored: tuple[tuple[str, int, dict[str, int | None], int], ...] = tuple(
            (
                indicator.code,
                area_index[indicator.area],
                {
                    level: None
                    if value is None
                    else value.numerator * (denominator // value.denominator)
                    for level, value in values[indicator.code].items()
                },
                int(_as_fraction(indicator.weight) * denominator),
            )
            for indicator in scored
        )

    def add_answer(
        self,
        given: dict[str, str | None],
        municipality: str,
        indicator: str,
        level: str | None,
    ) -> None:
        """Validate one answer and file it in ``given`` (indicator code -> level)."""
        levels = self.levels.get(indicator)
        if levels is None:
            raise UnknownIndicatorError(municipality, indicator, level)
        if level is not None and level not in levels:
            raise UnknownLevelError(municipality, indicator, level)
        if indicator in given:
            raise DuplicateAnswerError(municipality, indicator, level)
        given[indicator] = level

    def score(self, municipality: str, given: Mapping[str, str | None]) -> MunicipalityScore:
        """Score one municipality's validated answers."""
        n = len(self.areas)
        earned = [0] * n
        possible = [0] * n
        not_applicable = [0] * n
        unanswered = [0] * n
        get = given.get
        for code, area, table, weight in self.scored:
            level = get(code)
            if level is None:
                unanswered[area] += 1
                possible[area] += weight
                continue
            value = table[level]
            if value is None:
                not_applicable[area] += 1
            else:
                earned[area] += value
                possible[area] += weight
        d = self.denominator
        areas = tuple(
            AreaResult(
                area=self.areas[i],
                earned=Fraction(earned[i], d),
                possible=Fraction(possible[i], d),
                not_applicable=not_applicable[i],
                unanswered=unanswered[i],
            )
            for i in range(n)
        )
        all_earned = sum(earned)
        all_possible = sum(possible)
        total: Fraction | None
        if self.mode is TotalMode.INDICATOR:
            total = Fraction(all_earned * 100, all_possible) if all_possible else None
        else:
            weighted = Fraction(0)
            weight_sum = Fraction(0)
            for i in range(n):
                if possible[i]:
                    weighted += self.area_weights[i] * Fraction(earned[i] * 100, possible[i])
                    weight_sum += self.area_weights[i]
            total = weighted / weight_sum if weight_sum else None
        recorded = tuple(
            (code, level) for code in self.unscored if (level := get(code)) is not None
        )
        return MunicipalityScore(
            municipality=municipality,
            areas=areas,
            earned=Fraction(all_earned, d),
            possible=Fraction(all_possible, d),
            total=total,
            mode=self.mode,
            recorded=recorded,
        )


def _as_optional_fraction(value: Decimal | None) -> Fraction | None:
    return None if value is None else Fraction(value)


def _as_fraction(value: Number) -> Fraction:
    """An Indicator's weight, already normalised to a Fraction by its __post_init__."""
    return value if isinstance(value, Fraction) else Fraction(value)


# --- Public functions ---------------------------------------------------------------------------


def score_indicator(indicator: Indicator, level: str | None) -> IndicatorScore:
    """One answer as weighted points: what a city page shows against the indicator's maximum.

    Raises :class:`UnknownLevelError` (municipality left blank) for a level not on the scale.
    """
    scale = indicator.scale
    weight = _as_fraction(indicator.weight)
    if level is not None and level not in scale.levels:
        raise UnknownLevelError("", indicator.code, level)
    if not scale.scored:
        return IndicatorScore(indicator.code, level, "unscored", Fraction(0), Fraction(0))
    if level is None:
        return IndicatorScore(indicator.code, None, "unanswered", Fraction(0), weight)
    points = scale.levels[level]
    if not isinstance(points, Fraction):
        return IndicatorScore(indicator.code, level, "not_applicable", Fraction(0), Fraction(0))
    assert scale.maximum is not None  # scored scales have one
    return IndicatorScore(indicator.code, level, "scored", weight * points / scale.maximum, weight)


def score_municipality(
    municipality: str,
    indicators: Iterable[Indicator],
    answers: Mapping[str, str | None],
    *,
    mode: TotalMode = TotalMode.INDICATOR,
    area_weights: Mapping[str, Number] | None = None,
) -> MunicipalityScore:
    """Score one municipality from its answers (indicator code -> level, None = unanswered)."""
    plan = _Plan(indicators, mode, area_weights)
    given: dict[str, str | None] = {}
    for indicator, level in answers.items():
        plan.add_answer(given, municipality, indicator, level)
    return plan.score(municipality, given)


def _thresholds(thresholds: Iterable[tuple[Number, str]]) -> list[tuple[Fraction, str]]:
    parsed = sorted(
        ((_exact(minimum, f"threshold of {code!r}"), code) for minimum, code in thresholds),
        key=lambda pair: pair[0],
        reverse=True,
    )
    for (higher, a), (lower, b) in zip(parsed, parsed[1:], strict=False):
        if higher == lower:
            raise MethodologyError(f"categories {a!r} and {b!r} have the same minimum {higher}")
    return parsed


def categorise(total: Number | None, thresholds: Iterable[tuple[Number, str]]) -> str | None:
    """The category of a total: the code of the highest ``minimum`` that ``total`` reaches.

    ``thresholds`` are ``(minimum, code)`` pairs in any order, e.g.
    ``[(75, "transparent"), (50, "partially_transparent"), (0, "non_transparent")]``. Pass the
    published (rounded) total. Returns None for an undefined total or one below every minimum.
    """
    return _category(None if total is None else _exact(total, "total"), _thresholds(thresholds))


def _category(total: Fraction | None, thresholds: list[tuple[Fraction, str]]) -> str | None:
    if total is None:
        return None
    for minimum, code in thresholds:
        if total >= minimum:
            return code
    return None


def rank(
    totals: Mapping[str, Number | None],
    disqualified: Collection[str] = (),
) -> dict[str, int | None]:
    """Competition ranks (1, 2, 2, 4) of municipalities by total, highest first.

    Totals are compared once rounded to ``SCORE_PLACES`` decimals (the published total).
    Disqualified municipalities and undefined (None) totals get None and push no one down.
    """
    published = {
        municipality: None if total is None else round_half_up(total, SCORE_PLACES)
        for municipality, total in totals.items()
    }
    return _ranks(published, disqualified)


def _ranks(
    published: Mapping[str, Decimal | None], disqualified: Collection[str]
) -> dict[str, int | None]:
    ranks: dict[str, int | None] = dict.fromkeys(published)
    ranked = sorted(
        (
            (total, municipality)
            for municipality, total in published.items()
            if total is not None and municipality not in disqualified
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )
    previous: Decimal | None = None
    current = 0
    for position, (total, municipality) in enumerate(ranked, start=1):
        if total != previous:
            current, previous = position, total
        ranks[municipality] = current
    return ranks


def score_cycle(
    indicators: Iterable[Indicator],
    answers: Iterable[Answer],
    disqualifications: Iterable[Disqualification | tuple[str, str]] = (),
    *,
    municipalities: Iterable[str] = (),
    mode: TotalMode = TotalMode.INDICATOR,
    area_weights: Mapping[str, Number] | None = None,
    thresholds: Iterable[tuple[Number, str]] = (),
) -> tuple[MunicipalityResult, ...]:
    """Score, categorise and rank every municipality of a cycle.

    The municipalities are those named in ``municipalities``, ``answers`` and
    ``disqualifications``; one without answers has every indicator unanswered. Every answer is
    validated (:class:`UnknownIndicatorError`, :class:`UnknownLevelError`,
    :class:`DuplicateAnswerError`). The result is ordered by rank then municipality code,
    unranked municipalities last by code, whatever the order of the inputs.
    """
    plan = _Plan(indicators, mode, area_weights)
    levels = _thresholds(thresholds)
    by_municipality: dict[str, dict[str, str | None]] = {m: {} for m in municipalities}
    add = plan.add_answer
    for municipality, indicator, level in answers:
        given = by_municipality.get(municipality)
        if given is None:
            given = by_municipality[municipality] = {}
        add(given, municipality, indicator, level)

    reasons: dict[str, str] = {}
    for item in disqualifications:
        entry = item if isinstance(item, Disqualification) else Disqualification(*item)
        if entry.municipality in reasons:
            raise ScoringError(f"municipality {entry.municipality!r} is disqualified twice")
        reasons[entry.municipality] = entry.reason
        by_municipality.setdefault(entry.municipality, {})

    scores = {m: plan.score(m, given) for m, given in by_municipality.items()}
    published = {m: score.published_total for m, score in scores.items()}
    ranks = _ranks(published, reasons)
    results = [
        MunicipalityResult(
            score=score,
            published_total=published[m],
            category=_category(_as_optional_fraction(published[m]), levels),
            rank=ranks[m],
            disqualification_reason=reasons.get(m),
        )
        for m, score in scores.items()
    ]
    results.sort(
        key=lambda r: (r.rank is None, r.rank if r.rank is not None else 0, r.municipality)
    )
    return tuple(results)
