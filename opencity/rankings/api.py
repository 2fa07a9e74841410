"""Open data on transparency rankings: frozen methodologies and published results, read-only.

Only what is public exists here: frozen methodologies, and cycles that have at least one
publication, read from the publication's snapshot. A draft methodology, an unpublished cycle or
an unknown version is not found (404), whoever asks. Nothing names a person: no assessor,
reviewer, publisher or author of a city's reply; a reply names its city hall only.

Texts (names, titles, labels) are in the language of the `Accept-Language` header (en, uk, ro,
bg), English by default. Every endpoint makes a fixed number of queries.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from opencity.places.models import Municipality
from opencity.rankings import opendata, selectors
from opencity.rankings.models import (
    ArchiveStatus,
    Dispute,
    Methodology,
    Publication,
    PublishedResult,
)

router = Router(tags=["rankings"])

MAX_PAGE = 500


# --- Methodologies ------------------------------------------------------------------------------


class MethodologyOut(Schema):
    id: int
    name: str
    edition: int
    version: int
    frozen_at: datetime.datetime | None
    predecessor_id: int | None = Field(..., description="The previous edition, if any.")
    area_count: int
    indicator_count: int
    url: str = Field(..., description="The methodology's page on the site.")

    @staticmethod
    def resolve_url(methodology: Methodology, context: dict[str, Any]) -> str:
        return context["request"].build_absolute_uri(methodology.get_absolute_url())


class LevelOut(Schema):
    code: str
    label: str
    points: float | None = Field(..., description="Empty for levels without points.")
    not_applicable: bool = Field(..., description="The indicator then leaves the total.")
    order: int


class ScaleOut(Schema):
    code: str
    kind: str
    name: str
    levels: list[LevelOut]


class IndicatorOut(Schema):
    code: str
    title: str
    guidance: str
    check_method: str
    requirement_type: str
    scale: str
    weight: float
    order: int
    previous_code: str | None = Field(
        ..., description="The code of this indicator in the previous edition, if it had one."
    )

    @staticmethod
    def resolve_scale(indicator: Any) -> str:
        return indicator.scale.code

    @staticmethod
    def resolve_previous_code(indicator: Any) -> str | None:
        return indicator.predecessor.code if indicator.predecessor else None


class AreaOut(Schema):
    code: str
    title: str
    order: int
    weight: float
    indicators: list[IndicatorOut]


class ThresholdOut(Schema):
    code: str
    label: str
    minimum: float = Field(..., description="The lowest total in this category.")


class MethodologyDetailOut(MethodologyOut):
    areas: list[AreaOut]
    scales: list[ScaleOut]
    thresholds: list[ThresholdOut]


# The lists also answer with a trailing slash, as their addresses are often written; the
# schema lists each once.
@router.get("/methodologies", response=list[MethodologyOut])
@router.get("/methodologies/", response=list[MethodologyOut], include_in_schema=False)
def methodologies(request: HttpRequest) -> list[Methodology]:
    """Frozen methodologies, newest edition first. Drafts are not public."""
    # As the public sees them, whoever is logged in: the API never shows drafts.
    return list(selectors.methodologies_visible_to(AnonymousUser()))


@router.get("/methodologies/{methodology_id}", response=MethodologyDetailOut)
def methodology(request: HttpRequest, methodology_id: int) -> Methodology:
    """A frozen methodology with its areas and their indicators, scales and categories."""
    found = selectors.methodology_detail(AnonymousUser(), methodology_id)
    if found is None:
        raise Http404
    return found


# --- Cycles and their versions -----------------------------------------------------------------


class CycleRef(Schema):
    id: int
    year: int
    name: str


class DownloadsOut(Schema):
    ranking_csv: str
    ranking_xlsx: str
    ranking_json: str
    answers_csv: str


class CycleOut(CycleRef):
    methodology_id: int
    current_version: int
    published_at: datetime.datetime = Field(
        ..., description="When the current version was published."
    )
    municipality_count: int
    average_total: float | None
    downloads: DownloadsOut = Field(..., description="Files of the current version.")


class LevelChangeOut(Schema):
    indicator: str
    before: str | None
    after: str | None


class ChangeOut(Schema):
    """What a version changed for one municipality; a pair is [before, after]."""

    municipality_id: int | None = None
    municipality: str
    added: bool = False
    total: list[str | None] | None = None
    rank: list[str | None] | None = None
    category: list[str | None] | None = None
    disqualification_reason: list[str | None] | None = None
    levels: list[LevelChangeOut] = []


class VersionOut(Schema):
    version: int
    published_at: datetime.datetime
    reason: str = Field(..., description="Why a correction was published; empty for version 1.")
    municipality_count: int
    average_total: float | None
    area_averages: dict[str, float | None]
    changelog: list[ChangeOut]


class CycleDetailOut(CycleOut):
    methodology: str
    versions: list[VersionOut] = Field(..., description="Newest first.")


def _downloads(request: HttpRequest, publication: Publication) -> dict[str, str]:
    cycle_pk = publication.cycle_id

    def url(name: str, **kwargs: Any) -> str:
        return request.build_absolute_uri(reverse(name, kwargs={"cycle_pk": cycle_pk, **kwargs}))

    return {
        "ranking_csv": url("rankings:ranking_download", fmt="csv"),
        "ranking_xlsx": url("rankings:ranking_download", fmt="xlsx"),
        "ranking_json": url("rankings:ranking_download", fmt="json"),
        "answers_csv": url("rankings:answers_download"),
    }


def _cycle(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    """A published cycle as its current publication describes it."""
    cycle = publication.cycle
    return {
        "id": cycle.pk,
        "year": cycle.year,
        "name": cycle.name,
        "methodology_id": cycle.methodology_id,
        "current_version": publication.version,
        "published_at": publication.published_at,
        "municipality_count": publication.municipality_count,
        "average_total": opendata.number(publication.average_total),
        "downloads": _downloads(request, publication),
    }


@router.get("/cycles", response=list[CycleOut])
@router.get("/cycles/", response=list[CycleOut], include_in_schema=False)
def cycles(request: HttpRequest) -> list[dict[str, Any]]:
    """Published cycles, newest first, each with its current version."""
    return [_cycle(request, publication) for publication in opendata.current_publications()]


@router.get("/cycles/{cycle_id}", response=CycleDetailOut)
def cycle(request: HttpRequest, cycle_id: int) -> dict[str, Any]:
    """A published cycle with every version: when, why, and what each correction changed."""
    versions = opendata.cycle_versions(cycle_id)
    if not versions:
        raise Http404
    return {
        **_cycle(request, versions[0]),
        "methodology": str(versions[0].cycle.methodology),
        "versions": versions,
    }


# --- Results ----------------------------------------------------------------------------------


class MunicipalityRef(Schema):
    id: int
    # `register` would hide pydantic's own attribute of that name; the JSON key is `register`.
    register_code: str = Field(..., alias="register", description="katotth, siruta or ekatte.")
    code: str = Field(..., description="The official code in its register.")
    name: str
    name_en: str
    country: str
    region_code: str
    region: str


class ResultBase(Schema):
    rank: int | None = Field(..., description="Empty when disqualified or without a total.")
    total: float | None = Field(..., description="Out of 100.")
    category: str
    category_label: str
    earned: float
    possible: float
    disqualification_reason: str


class ResultOut(ResultBase):
    municipality: MunicipalityRef
    areas: dict[str, float | None] = Field(..., description="Score out of 100 per area code.")
    levels: dict[str, str | None] = Field(..., description="Level code per indicator code.")


class ResultPage(Schema):
    count: int
    items: list[ResultOut]


class ArchiveOut(Schema):
    url: str
    status: str = Field(..., description="pending, archived or failed.")
    archived_at: datetime.datetime | None
    sha256: str
    http_status: int | None
    error: str
    copy_url: str | None = Field(..., description="The stored copy, when it was archived.")


class AnswerOut(Schema):
    indicator: str
    area: str
    title: str
    level: str | None
    level_label: str
    status: str = Field(..., description="scored, not_applicable, unanswered or unscored.")
    earned: float
    possible: float
    full_marks: bool
    evidence_urls: list[str]
    evidence_file: str | None = Field(..., description="The uploaded evidence file, if any.")
    archives: list[ArchiveOut]
    comment: str
    recommendation: str


class AreaScoreOut(Schema):
    code: str
    title: str
    score: float | None
    average: float | None = Field(..., description="The cycle's average in this area.")


class DisputeOut(Schema):
    """A city hall's reply to one answer, and the decision on it."""

    indicator: str
    city_hall: str
    state: str = Field(..., description="open, accepted or rejected.")
    level_before: str | None
    proposed_level: str
    explanation: str
    evidence_urls: list[str]
    resolution_reason: str
    sent_at: datetime.datetime
    decided_at: datetime.datetime | None


class ResultDetailOut(ResultBase):
    municipality: MunicipalityRef
    cycle: CycleRef
    version: int
    published_at: datetime.datetime
    areas: list[AreaScoreOut]
    answers: list[AnswerOut]
    disputes: list[DisputeOut]


class MunicipalityResultOut(ResultBase):
    cycle: CycleRef
    version: int
    published_at: datetime.datetime
    areas: dict[str, float | None]


class MunicipalityHistoryOut(Schema):
    municipality: MunicipalityRef
    results: list[MunicipalityResultOut] = Field(..., description="Newest cycle first.")


class VersionQuery(Schema):
    version: int | None = Field(
        None, ge=1, description="A version number; the current version when omitted."
    )


class ResultsQuery(VersionQuery):
    limit: int = Field(100, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0)


def _municipality(municipality: Municipality) -> dict[str, Any]:
    identity = opendata.municipality_identity(municipality)
    return {
        "id": municipality.pk,
        "register": identity["municipality_register"],
        "code": identity["municipality_code"],
        **{key: identity[key] for key in ("name", "name_en", "country", "region_code", "region")},
    }


def _result(result: PublishedResult, category_label: str) -> dict[str, Any]:
    return {
        "rank": result.rank,
        "total": opendata.number(result.total),
        "category": result.category,
        "category_label": category_label,
        "earned": opendata.number(result.earned),
        "possible": opendata.number(result.possible),
        "disqualification_reason": result.disqualification_reason,
    }


def _publication(cycle_id: int, version: int | None) -> Publication:
    publication = opendata.published_publication(cycle_id, version)
    if publication is None:
        raise Http404
    return publication


@router.get("/cycles/{cycle_id}/results", response=ResultPage, by_alias=True)
def results(request: HttpRequest, cycle_id: int, query: Query[ResultsQuery]) -> dict[str, Any]:
    """The ranking of a published cycle, by rank (unranked last), `limit` at a time."""
    data = opendata.dataset(_publication(cycle_id, query.version))
    # A page shows areas and levels only; each result's answers stay in the database.
    rows = opendata.publication_results(data.publication).defer("answers")
    items = [
        {
            **_result(result, data.category_labels.get(result.category, "")),
            "municipality": _municipality(result.municipality),
            "areas": {area.code: result.area_scores.get(area.code) for area in data.areas},
            "levels": {
                indicator.code: result.levels.get(indicator.code) for indicator in data.indicators
            },
        }
        for result in rows[query.offset : query.offset + query.limit]
    ]
    return {"count": rows.count(), "items": items}


def _archives(request: HttpRequest, entry: dict[str, Any]) -> list[dict[str, Any]]:
    cited = entry.get("evidence_urls") or []
    by_url = {archive["url"]: archive for archive in entry.get("archives") or []}
    archives = []
    for url in cited:
        archive = by_url.get(url)
        if archive is None:
            continue
        archived = archive["status"] == ArchiveStatus.ARCHIVED
        archives.append(
            {
                **{key: archive[key] for key in ("url", "status", "sha256", "http_status")},
                "archived_at": archive["archived_at"],
                "error": archive["error"],
                "copy_url": opendata.archived_copy_link(archive, request.build_absolute_uri)
                if archived
                else None,
            }
        )
    return archives


def _answers(
    request: HttpRequest, data: opendata.Dataset, result: PublishedResult
) -> list[dict[str, Any]]:
    entries = {entry["indicator"]: entry for entry in result.answers}
    answers = []
    for indicator in data.indicators:
        entry = entries.get(indicator.code, {})
        level = entry.get("level")
        answers.append(
            {
                "indicator": indicator.code,
                "area": indicator.area.code,
                "title": indicator.title,
                "level": level,
                "level_label": data.level_labels.get((indicator.code, level), "") if level else "",
                "status": entry.get("status", "unanswered"),
                "earned": opendata.number(entry.get("earned")) or 0.0,
                "possible": opendata.number(entry.get("possible")) or 0.0,
                "full_marks": bool(entry.get("full_marks")),
                "evidence_urls": list(entry.get("evidence_urls") or []),
                "evidence_file": opendata.evidence_file_link(entry, request.build_absolute_uri),
                "archives": _archives(request, entry),
                "comment": entry.get("comment", ""),
                "recommendation": entry.get("recommendation", ""),
            }
        )
    return answers


def _dispute(dispute: Dispute) -> dict[str, Any]:
    # The city hall speaks; the person who wrote or decided the reply is not named.
    return {
        "indicator": dispute.answer.indicator.code,
        "city_hall": dispute.organisation.name,
        "state": dispute.state,
        "level_before": dispute.level_before.code if dispute.level_before else None,
        "proposed_level": dispute.proposed_level.code,
        "explanation": dispute.explanation,
        "evidence_urls": list(dispute.evidence_urls or []),
        "resolution_reason": dispute.resolution_reason,
        "sent_at": dispute.created_at,
        "decided_at": dispute.resolved_at,
    }


@router.get("/cycles/{cycle_id}/results/{municipality_id}", response=ResultDetailOut, by_alias=True)
def result(
    request: HttpRequest, cycle_id: int, municipality_id: int, query: Query[VersionQuery]
) -> dict[str, Any]:
    """One municipality's result: areas, every indicator's answer with its evidence and archived
    copies, and the city's replies with their decisions."""
    publication = _publication(cycle_id, query.version)
    found = opendata.published_result(publication, municipality_id)
    if found is None:
        raise Http404
    data = opendata.dataset(publication, with_level_labels=True)
    cycle = publication.cycle
    return {
        **_result(found, data.category_labels.get(found.category, "")),
        "municipality": _municipality(found.municipality),
        "cycle": {"id": cycle.pk, "year": cycle.year, "name": cycle.name},
        "version": publication.version,
        "published_at": publication.published_at,
        "areas": [
            {
                "code": area.code,
                "title": area.title,
                "score": found.area_scores.get(area.code),
                "average": publication.area_averages.get(area.code),
            }
            for area in data.areas
        ],
        "answers": _answers(request, data, found),
        "disputes": [
            _dispute(dispute) for dispute in opendata.result_disputes(publication, municipality_id)
        ],
    }


@router.get(
    "/municipalities/{municipality_id}/results", response=MunicipalityHistoryOut, by_alias=True
)
def municipality_results(request: HttpRequest, municipality_id: int) -> dict[str, Any]:
    """A municipality's result in the current version of every published cycle."""
    municipality, found = opendata.municipality_results(municipality_id)
    if municipality is None:
        raise Http404
    history = []
    for row in found:
        publication = row.publication
        cycle = publication.cycle
        history.append(
            {
                **_result(row, row.category_label),
                "cycle": {"id": cycle.pk, "year": cycle.year, "name": cycle.name},
                "version": publication.version,
                "published_at": publication.published_at,
                "areas": row.area_scores,
            }
        )
    return {"municipality": _municipality(municipality), "results": history}
