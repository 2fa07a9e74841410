"""Reads for the public results pages: published snapshots only, each page a fixed few queries.

Everything here starts from a `Publication` and its `PublishedResult` rows, never from live
answers, so nothing the coalition is still working on can leak onto a public page. The only live
rows shown are a published cycle's disputes (public once the cycle is published), and of those
only the city hall is named, never a person.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OrderBy,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.http import HttpRequest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext_lazy as _

from opencity.core.text import search_key
from opencity.places.models import Municipality, Region
from opencity.rankings import scoring
from opencity.rankings.models import (
    ArchiveStatus,
    Area,
    CategoryThreshold,
    Cycle,
    Dispute,
    Indicator,
    Methodology,
    Publication,
    PublishedResult,
    ScaleLevel,
)

RANKING_PAGE_SIZE = 100
COMPARE_MINIMUM = 2
COMPARE_MAXIMUM = 4


# --- JSON keys -----------------------------------------------------------------------------------


class ObjectKeyText(Func):
    """The value at `key` of a JSON object column, as text (NULL for a missing key or JSON null).

    Django's key transforms read a key made of digits ("3", as area codes often are) as an array
    index, which finds nothing in an object, on SQLite and PostgreSQL alike. This always reads an
    object key.
    """

    output_field = TextField()

    def __init__(self, column: str, key: str) -> None:
        self.key = key
        super().__init__(F(column))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.get_source_expressions()[0])
        return f"({column} ->> %s::text)", (*params, self.key)

    def as_sqlite(
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.get_source_expressions()[0])
        return f"JSON_EXTRACT({column}, %s)", (*params, "$." + json.dumps(self.key))


def area_score(code: str) -> Cast:
    """A result's score in one area, as a number the database can sort."""
    return Cast(ObjectKeyText("area_scores", code), FloatField())


def _ranked_count() -> Coalesce:
    """How many municipalities the result's publication ranks, as a subquery."""
    ranked = (
        PublishedResult.objects.filter(publication=OuterRef("publication"), rank__isnull=False)
        .order_by()
        .values("publication")
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    return Coalesce(Subquery(ranked, output_field=IntegerField()), Value(0))


# --- Publications --------------------------------------------------------------------------------


def published_cycles() -> QuerySet[Publication]:
    """The current version of every published cycle, newest first. One query."""
    return (
        Publication.objects.latest_per_cycle()
        .select_related("cycle__methodology")
        .order_by("-cycle__year", "cycle__name", "cycle_id")
    )


def public_publication(cycle_pk: int, version: int | None = None) -> Publication | None:
    """A cycle's current publication, or the given earlier version; None if the cycle is not
    published (or has no such version). `current_version` says which version is current.
    One query."""
    latest = Publication.objects.filter(cycle=OuterRef("cycle")).order_by("-version")
    publications = (
        Publication.objects.filter(cycle_id=cycle_pk)
        .select_related("cycle__methodology")
        .annotate(current_version=Subquery(latest.values("version")[:1]))
    )
    if version is None:
        return publications.latest_per_cycle().first()
    return publications.filter(version=version).first()


@dataclass(frozen=True)
class Labels:
    """What a methodology calls its areas and categories, loaded once per page. Two queries."""

    areas: list[Area]
    categories: dict[str, str]

    def category(self, code: str) -> str:
        return self.categories.get(code, code)


def methodology_labels(methodology: Methodology | int) -> Labels:
    methodology_id = methodology if isinstance(methodology, int) else methodology.pk
    areas = list(Area.objects.filter(methodology_id=methodology_id).order_by("order", "code"))
    thresholds = CategoryThreshold.objects.filter(methodology_id=methodology_id)
    return Labels(areas, {threshold.code: threshold.label for threshold in thresholds})


def _level_labels(methodology_id: int | Iterable[int]) -> dict[tuple[int, str], str]:
    """(scale pk, level code) -> label, for whole methodologies. One query."""
    ids = [methodology_id] if isinstance(methodology_id, int) else list(methodology_id)
    levels = ScaleLevel.objects.filter(scale__methodology_id__in=ids)
    return {(level.scale_id, level.code): level.label for level in levels}


# --- The ranking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PopulationGroup:
    code: str
    label: Any
    minimum: int | None  # inclusive
    below: int | None  # exclusive


# A municipality whose population is unknown is in no group.
POPULATION_GROUPS = [
    PopulationGroup("under-10k", _("under 10,000 inhabitants"), None, 10_000),
    PopulationGroup("10k-50k", _("10,000 to 50,000 inhabitants"), 10_000, 50_000),
    PopulationGroup("50k-100k", _("50,000 to 100,000 inhabitants"), 50_000, 100_000),
    PopulationGroup("100k-500k", _("100,000 to 500,000 inhabitants"), 100_000, 500_000),
    PopulationGroup("over-500k", _("over 500,000 inhabitants"), 500_000, None),
]
POPULATION_GROUP_BY_CODE = {group.code: group for group in POPULATION_GROUPS}

# Sort keys besides "area-<code>", with the direction a click on the column header starts with.
SORT_DEFAULT_DESCENDING = {"rank": False, "total": True, "area": True}


@dataclass(frozen=True)
class RankingFilters:
    query: str = ""
    region: int | None = None
    category: str = ""
    population: str = ""
    sort: str = "rank"  # "rank", "total" or "area-<code>"
    descending: bool = False


def ranking_regions(publication: Publication) -> list[Region]:
    """The regions of the ranked municipalities, for the region filter. One query."""
    regions = Region.objects.filter(
        Exists(
            PublishedResult.objects.filter(
                publication=publication, municipality__region=OuterRef("pk")
            )
        )
    ).select_related("country")
    return sorted(regions, key=lambda region: (search_key(region.name), region.pk))


def _sort_expression(sort: str) -> Any:
    if sort == "total":
        return F("total")
    if sort.startswith("area-"):
        return area_score(sort.removeprefix("area-"))
    return F("rank")


def ranking_results(publication: Publication, filters: RankingFilters) -> QuerySet[PublishedResult]:
    """The publication's results, filtered and sorted in the database; unranked municipalities
    (disqualified, or without a total) always come last."""
    # The answers (every indicator with its evidence) are the bulk of a row; a list needs none.
    results = (
        PublishedResult.objects.filter(publication=publication)
        .select_related("municipality__region")
        .defer("answers", "levels")
    )
    if filters.query:
        results = results.filter(
            municipality__in=Municipality.objects.search(filters.query).values("pk")
        )
    if filters.region is not None:
        results = results.filter(municipality__region_id=filters.region)
    if filters.category:
        results = results.filter(category=filters.category)
    group = POPULATION_GROUP_BY_CODE.get(filters.population)
    if group is not None:
        results = results.filter(municipality__population__isnull=False)
        if group.minimum is not None:
            results = results.filter(municipality__population__gte=group.minimum)
        if group.below is not None:
            results = results.filter(municipality__population__lt=group.below)
    key = _sort_expression(filters.sort)
    order: OrderBy = key.desc(nulls_last=True) if filters.descending else key.asc(nulls_last=True)
    unranked_last = Case(When(rank__isnull=True, then=Value(1)), default=Value(0))
    return results.order_by(
        unranked_last, order, F("rank").asc(nulls_last=True), "municipality__slug", "pk"
    )


def score_text(value: float | Decimal | None) -> str | None:
    """A score as the tables print it (one decimal, in the active language), None for no
    score: the same text as the template filter `floatformat:1`, made here because a page of
    the ranking prints some 1,500 of them."""
    return None if value is None else floatformat(value, 1)


@dataclass(frozen=True)
class RankingRow:
    result: PublishedResult
    area_scores: list[float | None]
    category_label: str
    total_text: str | None  # `score_text` of the total and of each area score
    area_texts: list[str | None]


def ranking_rows(results: Iterable[PublishedResult], labels: Labels) -> list[RankingRow]:
    """One page of results with their area scores in the methodology's order, and the same
    numbers as printed. No query."""
    codes = [area.code for area in labels.areas]
    rows = []
    for result in results:
        scores = [result.area_scores.get(code) for code in codes]
        rows.append(
            RankingRow(
                result=result,
                area_scores=scores,
                category_label=labels.category(result.category) if result.category else "",
                total_text=score_text(result.total),
                area_texts=[score_text(score) for score in scores],
            )
        )
    return rows


# --- Versions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelChange:
    indicator: str
    before: str
    after: str


@dataclass(frozen=True)
class ChangeLine:
    municipality_id: int | None
    municipality: str
    added: bool = False
    total: tuple[Decimal | None, Decimal | None] | None = None
    rank: tuple[int | None, int | None] | None = None
    category: tuple[str, str] | None = None
    disqualification: tuple[str, str] | None = None
    levels: list[LevelChange] = field(default_factory=list)


@dataclass(frozen=True)
class Version:
    publication: Publication
    changes: list[ChangeLine]


def _decimal(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _integer(value: str | None) -> int | None:
    return None if value in (None, "") else int(str(value))


def publication_versions(cycle_pk: int) -> list[Version] | None:
    """Every version of a published cycle, newest first, each with what it changed. None if
    the cycle is not published. Four queries."""
    publications = list(
        Publication.objects.filter(cycle_id=cycle_pk)
        .select_related("cycle__methodology")
        .order_by("-version")
    )
    if not publications:
        return None
    methodology_id = publications[0].cycle.methodology_id
    labels = methodology_labels(methodology_id)
    scales = dict(
        Indicator.objects.filter(methodology_id=methodology_id).values_list("code", "scale_id")
    )
    level_labels = _level_labels(methodology_id)

    def level(indicator: str, code: str | None) -> str:
        if code is None:
            return str(_("not answered"))
        return level_labels.get((scales.get(indicator, 0), code), code)

    def category(code: str | None) -> str:
        return labels.category(code) if code else "—"

    versions = []
    for publication in publications:
        changes = []
        for entry in publication.changelog or []:
            if entry.get("added"):
                changes.append(
                    ChangeLine(entry.get("municipality_id"), entry.get("municipality", ""), True)
                )
                continue
            total = entry.get("total")
            rank = entry.get("rank")
            categories = entry.get("category")
            reasons = entry.get("disqualification_reason")
            changes.append(
                ChangeLine(
                    municipality_id=entry.get("municipality_id"),
                    municipality=entry.get("municipality", ""),
                    total=(_decimal(total[0]), _decimal(total[1])) if total else None,
                    rank=(_integer(rank[0]), _integer(rank[1])) if rank else None,
                    category=(category(categories[0]), category(categories[1]))
                    if categories
                    else None,
                    disqualification=(reasons[0] or "", reasons[1] or "") if reasons else None,
                    levels=[
                        LevelChange(
                            change["indicator"],
                            level(change["indicator"], change.get("before")),
                            level(change["indicator"], change.get("after")),
                        )
                        for change in entry.get("levels", [])
                    ],
                )
            )
        versions.append(Version(publication, changes))
    return versions


# --- A municipality's profile --------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceLink:
    url: str
    archive: dict[str, Any] | None
    archived_at: datetime.datetime | None = None
    archive_url: str = ""  # the archived copy's page, when it was archived


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    level_label: str
    entry: dict[str, Any]
    evidence: list[EvidenceLink]
    url: str = ""  # the indicator's page in this cycle
    file_url: str = ""  # the uploaded evidence file, when there is one

    @property
    def earned(self) -> Decimal:
        return Decimal(self.entry.get("earned") or "0")

    @property
    def possible(self) -> Decimal:
        return Decimal(self.entry.get("possible") or "0")


@dataclass(frozen=True)
class AreaLine:
    area: Area
    score: float | None
    average: float | None
    indicators: list[IndicatorLine]


@dataclass(frozen=True)
class Profile:
    publication: Publication
    result: PublishedResult
    ranked_count: int
    category_label: str
    previous: PublishedResult | None
    total_change: Decimal | None
    areas: list[AreaLine]
    disputes: list[Dispute]

    @property
    def change_size(self) -> Decimal | None:
        """How far the total moved since the previous cycle, whichever way."""
        return None if self.total_change is None else abs(self.total_change)


_ADDRESS_MARK = "0000000000"


def _addresses(name: str, vary: str, **fixed: Any) -> Callable[[int | str], str]:
    """The address of the named page for any value of its argument `vary`, reversed once: a
    profile links some 200 archived copies and indicators, and reversing each costs more than
    the rest of the page's work on them. The value is quoted as `reverse` quotes it."""
    prefix, suffix = reverse(name, kwargs={**fixed, vary: _ADDRESS_MARK}).split(_ADDRESS_MARK, 1)

    def address(value: int | str) -> str:
        return f"{prefix}{quote(str(value), safe=RFC3986_SUBDELIMS + '/~:@')}{suffix}"

    return address


def _evidence(entry: dict[str, Any], archive_url: Callable[[int | str], str]) -> list[EvidenceLink]:
    archives = {archive.get("url"): archive for archive in entry.get("archives") or []}
    links = []
    for url in entry.get("evidence_urls") or []:
        archive = archives.get(url)
        archived_at = None
        if archive and archive.get("archived_at"):
            archived_at = datetime.datetime.fromisoformat(archive["archived_at"])
        address = ""
        if archive and archive.get("status") == ArchiveStatus.ARCHIVED:
            address = archive_url(archive["id"])
        links.append(EvidenceLink(url, archive, archived_at, address))
    return links


def _indicators(methodology_id: int) -> list[Indicator]:
    return list(
        Indicator.objects.filter(methodology_id=methodology_id)
        .select_related("area")
        .order_by("area__order", "area__code", "order", "code")
    )


def municipality_profile(publication: Publication, municipality_pk: int) -> Profile | None:
    """One municipality in a publication: its result, the change on its previous published
    cycle, every indicator by area and the city's disputes. None if it is not in the
    publication. Seven queries."""
    result = (
        PublishedResult.objects.filter(publication=publication, municipality_id=municipality_pk)
        .select_related("municipality__region", "municipality__country")
        .annotate(ranked_count=_ranked_count())
        .first()
    )
    if result is None:
        return None
    cycle = publication.cycle
    previous = (
        PublishedResult.objects.filter(
            municipality_id=municipality_pk,
            publication__in=Publication.objects.latest_per_cycle(),
            publication__cycle__year__lt=cycle.year,
        )
        .select_related("publication__cycle")
        .defer("answers", "levels")
        .annotate(ranked_count=_ranked_count())
        .order_by(
            "-publication__cycle__year",
            "-publication__cycle__publication_date",
            "-publication__cycle_id",
        )
        .first()
    )
    labels = methodology_labels(cycle.methodology_id)
    indicators = _indicators(cycle.methodology_id)
    level_labels = _level_labels(cycle.methodology_id)
    entries = {entry.get("indicator"): entry for entry in result.answers or []}
    indicator_url = _addresses("rankings:results_indicator", "code", cycle_pk=cycle.pk)
    archive_url = _addresses("rankings:evidence_archive", "pk")
    file_url = _addresses("rankings:evidence_file", "pk")
    by_area: dict[int, list[IndicatorLine]] = defaultdict(list)
    for indicator in indicators:
        entry = entries.get(indicator.code, {"indicator": indicator.code, "level": None})
        level = entry.get("level")
        by_area[indicator.area_id].append(
            IndicatorLine(
                indicator=indicator,
                level_label=level_labels.get((indicator.scale_id, level), level) if level else "",
                entry=entry,
                evidence=_evidence(entry, archive_url),
                url=indicator_url(indicator.code),
                file_url=file_url(entry["answer"]) if entry.get("file") else "",
            )
        )
    averages = publication.area_averages or {}
    areas = [
        AreaLine(
            area=area,
            score=(result.area_scores or {}).get(area.code),
            average=averages.get(area.code),
            indicators=by_area.get(area.pk, []),
        )
        for area in labels.areas
    ]
    # Only the city hall is named: neither the author nor whoever decided is loaded.
    disputes = list(
        Dispute.objects.filter(answer__cycle=cycle, answer__municipality_id=municipality_pk)
        .select_related("organisation", "proposed_level", "level_before", "answer__indicator")
        .defer("author", "resolved_by")
        .order_by("answer__indicator__order", "answer__indicator__code", "created_at", "pk")
    )
    change = None
    if previous is not None and previous.total is not None and result.total is not None:
        change = result.total - previous.total
    return Profile(
        publication=publication,
        result=result,
        ranked_count=result.ranked_count,
        category_label=labels.category(result.category) if result.category else "",
        previous=previous,
        total_change=change,
        areas=areas,
        disputes=disputes,
    )


# --- Comparison ----------------------------------------------------------------------------------


def compare_choices(publication: Publication) -> list[Municipality]:
    """The municipalities of a publication, by name, for the comparison form. One query."""
    municipalities = Municipality.objects.filter(
        Exists(PublishedResult.objects.filter(publication=publication, municipality=OuterRef("pk")))
    )
    return sorted(municipalities, key=lambda m: (search_key(m.name), m.pk))


@dataclass(frozen=True)
class ComparedIndicator:
    indicator: Indicator
    levels: list[str]  # one label per municipality compared ("" unanswered)


@dataclass(frozen=True)
class Comparison:
    results: list[PublishedResult]
    category_labels: list[str]
    areas: list[tuple[Area, list[float | None]]]
    indicators: list[ComparedIndicator]


def comparison(publication: Publication, municipality_pks: Sequence[int]) -> Comparison:
    """Two to four municipalities of a publication side by side, in the order asked. Four
    queries."""
    found = {
        result.municipality_id: result
        for result in PublishedResult.objects.filter(
            publication=publication, municipality_id__in=municipality_pks
        )
        .select_related("municipality__region")
        .defer("answers")
    }
    results = [found[pk] for pk in municipality_pks if pk in found]
    methodology_id = publication.cycle.methodology_id
    labels = methodology_labels(methodology_id)
    indicators = _indicators(methodology_id)
    level_labels = _level_labels(methodology_id)
    compared = []
    for indicator in indicators:
        levels = []
        for result in results:
            code = (result.levels or {}).get(indicator.code)
            levels.append(level_labels.get((indicator.scale_id, code), code) if code else "")
        compared.append(ComparedIndicator(indicator, levels))
    return Comparison(
        results=results,
        category_labels=[
            labels.category(result.category) if result.category else "" for result in results
        ],
        areas=[
            (area, [(result.area_scores or {}).get(area.code) for result in results])
            for area in labels.areas
        ],
        indicators=compared,
    )


# --- History across cycles -----------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryCell:
    code: str  # the indicator's code in that cycle's edition ("" if the edition lacks it)
    level: str  # the label of the level given ("" if not answered)
    renamed: bool  # the code differs from the latest edition's


@dataclass(frozen=True)
class IndicatorHistory:
    indicator: Indicator  # in the latest cycle's methodology
    cells: list[HistoryCell]  # one per cycle, oldest first


@dataclass(frozen=True)
class HistoryRow:
    result: PublishedResult
    category_label: str


@dataclass(frozen=True)
class History:
    municipality: Municipality
    rows: list[HistoryRow]  # the current version of each cycle, oldest first
    indicators: list[IndicatorHistory]


def _lineage(methodology_id: int) -> list[int]:
    """A methodology and every earlier edition it was cloned from. One query (the table of
    methodologies is small: one row per edition)."""
    parents = dict(Methodology.objects.values_list("pk", "predecessor_id"))
    lineage, current = [], methodology_id
    while current is not None and current not in lineage:
        lineage.append(current)
        current = parents.get(current)
    return lineage


def municipality_history(municipality_pk: int) -> History | None:
    """A municipality's result in every published cycle, and, for each indicator of the latest
    cycle, its level in every earlier cycle, following the indicator across editions of the
    methodology (`Indicator.predecessor`). None if it has no published result. Six queries."""
    municipality = (
        Municipality.objects.filter(pk=municipality_pk).select_related("region", "country").first()
    )
    if municipality is None:
        return None
    results = list(
        PublishedResult.objects.filter(
            municipality=municipality, publication__in=Publication.objects.latest_per_cycle()
        )
        .select_related("publication__cycle__methodology")
        .defer("answers")
        .annotate(ranked_count=_ranked_count())
        .order_by(
            "publication__cycle__year",
            "publication__cycle__publication_date",
            "publication__cycle_id",
        )
    )
    if not results:
        return None
    methodology_ids = {result.publication.cycle.methodology_id for result in results}
    latest_methodology = results[-1].publication.cycle.methodology_id
    # Every edition between the latest and the oldest, even those no cycle of this
    # municipality used: an indicator's chain of predecessors runs through them.
    wanted = set(_lineage(latest_methodology)) | methodology_ids
    indicators = list(
        Indicator.objects.filter(methodology_id__in=wanted)
        .select_related("area")
        .order_by("area__order", "area__code", "order", "code")
    )
    by_pk = {indicator.pk: indicator for indicator in indicators}
    level_labels = _level_labels(methodology_ids)
    thresholds: dict[tuple[int, str], str] = {
        (threshold.methodology_id, threshold.code): threshold.label
        for threshold in CategoryThreshold.objects.filter(methodology_id__in=methodology_ids)
    }
    history = []
    for indicator in indicators:
        if indicator.methodology_id != latest_methodology:
            continue
        # The indicator as it was in each edition: itself, its predecessor, and so on.
        editions: dict[int, Indicator] = {}
        current: Indicator | None = indicator
        while current is not None and current.methodology_id not in editions:
            editions[current.methodology_id] = current
            current = by_pk.get(current.predecessor_id) if current.predecessor_id else None
        cells = []
        for result in results:
            then = editions.get(result.publication.cycle.methodology_id)
            if then is None:
                cells.append(HistoryCell("", "", False))
                continue
            code = (result.levels or {}).get(then.code)
            label = level_labels.get((then.scale_id, code), code) if code else ""
            cells.append(HistoryCell(then.code, label, then.code != indicator.code))
        history.append(IndicatorHistory(indicator, cells))
    return History(
        municipality=municipality,
        rows=[
            HistoryRow(
                result,
                thresholds.get((result.publication.cycle.methodology_id, result.category), ""),
            )
            for result in results
        ],
        indicators=history,
    )


# --- One indicator in a publication --------------------------------------------------------------


@dataclass(frozen=True)
class LevelCount:
    level: ScaleLevel | None  # None: not answered
    label: str
    count: int
    full_marks: bool


@dataclass(frozen=True)
class IndicatorResults:
    indicator: Indicator
    levels: list[ScaleLevel]
    full_mark_codes: frozenset[str]
    counts: list[LevelCount]
    full_marks: QuerySet[PublishedResult]


def full_mark_codes(levels: Sequence[ScaleLevel]) -> frozenset[str]:
    """The levels worth the scale's maximum, as the scoring module decides it."""
    if not levels:
        return frozenset()
    scale = scoring.Scale(
        "scale",
        {
            level.code: scoring.NOT_APPLICABLE if level.not_applicable else level.points
            for level in levels
        },
    )
    if scale.maximum is None:
        return frozenset()
    return frozenset(code for code, points in scale.levels.items() if points == scale.maximum)


def indicator_results(publication: Publication, code: str) -> IndicatorResults | None:
    """An indicator of a published cycle: its scale, how many municipalities gave each level,
    and those with full marks (a query set to paginate). None if the methodology has no such
    indicator. Three queries, and two for the page of full marks."""
    indicator = (
        Indicator.objects.filter(methodology_id=publication.cycle.methodology_id, code=code)
        .select_related("area", "scale")
        .first()
    )
    if indicator is None:
        return None
    levels = list(indicator.scale.levels.order_by("order", "code"))
    full = full_mark_codes(levels)
    level = ObjectKeyText("levels", indicator.code)
    counted = dict(
        PublishedResult.objects.filter(publication=publication)
        .annotate(level=level)
        .order_by()
        .values("level")
        .annotate(count=Count("pk"))
        .values_list("level", "count")
    )
    counts = [
        LevelCount(item, item.label, counted.get(item.code, 0), item.code in full)
        for item in levels
    ]
    if counted.get(None):
        counts.append(LevelCount(None, str(_("not answered")), counted[None], False))
    full_marks = (
        PublishedResult.objects.filter(publication=publication)
        .alias(level=level)
        .filter(level__in=sorted(full))
        .select_related("municipality__region")
        .defer("answers", "levels")
        .order_by(F("rank").asc(nulls_last=True), "municipality__slug", "pk")
    )
    return IndicatorResults(indicator, levels, full, counts, full_marks)


def published_indicator_cycle(methodology: Methodology) -> Cycle | None:
    """The latest published cycle on a methodology, for links from the methodology page to its
    indicators' results. One query."""
    return (
        Cycle.objects.published()
        .filter(methodology=methodology)
        .order_by("-year", "-publication_date", "-pk")
        .first()
    )


# --- The rankings section of a municipality page -------------------------------------------------


def municipality_rankings_section(
    request: HttpRequest, municipality: Municipality
) -> dict[str, Any] | None:
    """The municipality's result in the current version of every published cycle, newest
    first; None (no section) if it has none. One query, and one more for the categories when
    there are results."""
    results = list(
        PublishedResult.objects.filter(
            municipality=municipality, publication__in=Publication.objects.latest_per_cycle()
        )
        .select_related("publication__cycle")
        .defer("answers", "levels")
        .annotate(ranked_count=_ranked_count())
        .order_by("-publication__cycle__year", "publication__cycle__name", "-publication_id")
    )
    if not results:
        return None
    methodology_ids = {result.publication.cycle.methodology_id for result in results}
    labels = {
        (threshold.methodology_id, threshold.code): threshold.label
        for threshold in CategoryThreshold.objects.filter(methodology_id__in=methodology_ids)
    }
    return {
        "municipality": municipality,
        "rows": [
            (result, labels.get((result.publication.cycle.methodology_id, result.category), ""))
            for result in results
        ],
    }
