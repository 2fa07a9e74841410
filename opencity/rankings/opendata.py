"""Published rankings as open data: the reads behind the downloads and the API, and the files.

Everything here reads the immutable snapshot of a publication (`Publication`,
`PublishedResult`) and the frozen methodology it was scored on, never the live answers, so that
what is downloaded is exactly what was published. Every read makes a fixed number of queries,
whatever the number of municipalities; files are produced row by row, so that a cycle of every
municipality of a country never has to sit in memory at once.

The formats and their columns are described for the public in `docs/API.md`.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from opencity.places.models import Municipality
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

RANKING_FORMATS = ("csv", "xlsx", "json")

# Identity and totals of a municipality, before the columns of the methodology's areas and
# indicators. Column names are identifiers, the same in every language; values in the
# request's language are the municipality's `name`, its `region` and the `category_label`.
RANKING_COLUMNS = [
    "rank",
    "municipality_register",
    "municipality_code",
    "name",
    "name_en",
    "country",
    "region_code",
    "region",
    "total",
    "category",
    "category_label",
    "earned",
    "possible",
    "disqualification_reason",
]

ANSWER_COLUMNS = [
    "municipality_register",
    "municipality_code",
    "name",
    "name_en",
    "indicator_code",
    "level",
    "status",
    "earned",
    "possible",
    "evidence_urls",
    "archived_sha256",
    "archived_at",
    "evidence_file",
    "comment",
    "recommendation",
]

# Several values in one CSV cell (evidence links and their archived copies) are separated by a
# line break: a link never contains one, and a spreadsheet shows each on its own line. The
# archived columns have one line per evidence link, in the same order, empty where a link has
# no archived copy, so that splitting both cells on line breaks pairs them up.
LIST_SEPARATOR = "\n"

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Rows fetched from the database at a time while a file is written.
CHUNK_SIZE = 500

Value = str | int | float | Decimal | None


# --- Reads ------------------------------------------------------------------------------------


def published_publication(cycle_pk: int, version: int | None = None) -> Publication | None:
    """The current publication of a cycle, or its version `version`; None when the cycle (or
    that version) was never published. One query."""
    publications = Publication.objects.select_related("cycle__methodology").filter(
        cycle_id=cycle_pk
    )
    if version is not None:
        publications = publications.filter(version=version)
    return publications.order_by("-version").first()


def cycle_versions(cycle_pk: int) -> list[Publication]:
    """Every publication of a cycle, newest first; empty when it was never published. One
    query."""
    return list(
        Publication.objects.select_related("cycle__methodology")
        .filter(cycle_id=cycle_pk)
        .order_by("-version")
    )


def current_publications() -> QuerySet[Publication]:
    """The current version of every published cycle, newest cycle first. One query; without
    the changelog, which a list does not show and a large correction makes long."""
    return (
        Publication.objects.latest_per_cycle()
        .defer("changelog")
        .select_related("cycle__methodology")
        .order_by("-cycle__year", "cycle__name", "cycle_id")
    )


@dataclass(frozen=True)
class Dataset:
    """What a publication's files need besides its rows: the methodology in its order."""

    publication: Publication
    areas: list[Area]
    indicators: list[Indicator]
    category_labels: dict[str, str]
    level_labels: dict[tuple[str, str], str]  # (indicator code, level code) -> label

    @property
    def cycle(self) -> Cycle:
        return self.publication.cycle

    @property
    def methodology(self) -> Methodology:
        return self.publication.cycle.methodology


def dataset(publication: Publication, *, with_level_labels: bool = False) -> Dataset:
    """Three queries (four with the level labels), whatever the size of the methodology."""
    methodology = publication.cycle.methodology
    areas = list(methodology.areas.order_by("order", "code"))
    # The order in which the snapshot lists its answers (publishing.scoring_input).
    indicators = list(
        methodology.indicators.select_related("area").order_by("area__order", "order", "code")
    )
    level_labels: dict[tuple[str, str], str] = {}
    if with_level_labels:
        labels_by_scale: dict[int, dict[str, str]] = {}
        for level in ScaleLevel.objects.filter(scale__methodology=methodology):
            labels_by_scale.setdefault(level.scale_id, {})[level.code] = level.label
        for indicator in indicators:
            for code, label in labels_by_scale.get(indicator.scale_id, {}).items():
                level_labels[(indicator.code, code)] = label
    return Dataset(
        publication=publication,
        areas=areas,
        indicators=indicators,
        category_labels={
            threshold.code: threshold.label for threshold in methodology.thresholds.all()
        },
        level_labels=level_labels,
    )


def ranked(results: QuerySet[PublishedResult]) -> QuerySet[PublishedResult]:
    """In the order of the ranking: by rank, a shared rank by the municipality's slug (its
    name in Latin letters), unranked (disqualified or without a total) last, the same on
    SQLite, which puts nulls first, and PostgreSQL, which puts them last."""
    return results.select_related("municipality__country", "municipality__region").order_by(
        F("rank").asc(nulls_last=True), "municipality__slug", "municipality_id"
    )


def publication_results(publication: Publication) -> QuerySet[PublishedResult]:
    return ranked(PublishedResult.objects.filter(publication=publication))


def published_result(publication: Publication, municipality_pk: int) -> PublishedResult | None:
    return publication_results(publication).filter(municipality_id=municipality_pk).first()


def result_disputes(publication: Publication, municipality_pk: int) -> list[Dispute]:
    """The city's replies to the answers of a published cycle, with what was decided. One
    query; the person who wrote or decided a reply is not loaded, only the city hall."""
    return list(
        Dispute.objects.filter(
            answer__cycle_id=publication.cycle_id, answer__municipality_id=municipality_pk
        )
        .select_related("organisation", "answer__indicator", "proposed_level", "level_before")
        .order_by("created_at", "pk")
    )


def municipality_results(municipality_pk: int) -> tuple[Municipality | None, list[Any]]:
    """A municipality and its result in the current version of every published cycle, newest
    cycle first, with the category labels of each cycle's methodology. Three queries."""
    municipality = (
        Municipality.objects.select_related("country", "region").filter(pk=municipality_pk).first()
    )
    if municipality is None:
        return None, []
    results = list(
        PublishedResult.objects.filter(
            municipality=municipality,
            publication__in=Publication.objects.latest_per_cycle(),
        )
        .select_related("publication__cycle__methodology")
        .order_by("-publication__cycle__year", "publication__cycle__name", "publication_id")
    )
    methodology_ids = {result.publication.cycle.methodology_id for result in results}
    labels: dict[tuple[int, str], str] = {}
    if methodology_ids:
        for threshold in CategoryThreshold.objects.filter(methodology_id__in=methodology_ids):
            labels[(threshold.methodology_id, threshold.code)] = threshold.label
    for result in results:
        # The shared municipality row, so that each result does not load it again.
        result.municipality = municipality
        result.category_label = labels.get(
            (result.publication.cycle.methodology_id, result.category), ""
        )
    return municipality, results


# --- Values of one result -------------------------------------------------------------------


def number(value: Decimal | float | str | None) -> float | None:
    """A published score or number of points as a JSON number. Scores have one decimal and
    points two, which a float prints back unchanged."""
    if value is None or value == "":
        return None
    return float(value)


def municipality_identity(municipality: Municipality) -> dict[str, str]:
    return {
        "municipality_register": municipality.register,
        "municipality_code": municipality.code,
        # `name` is in the active language, falling back to another when it has no such name.
        "name": municipality.name,
        "name_en": municipality.name_en or "",
        "country": municipality.country.code,
        "region_code": municipality.region.code,
        "region": municipality.region.name,
    }


def _entries(result: PublishedResult) -> dict[str, dict[str, Any]]:
    return {entry["indicator"]: entry for entry in result.answers}


def archived_copies(entry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The archived copies of an answer's evidence links, by link: only links the answer still
    cites, and only copies that were fetched (not those waiting or failed)."""
    cited = set(entry.get("evidence_urls") or [])
    return {
        archive["url"]: archive
        for archive in entry.get("archives") or []
        if archive["status"] == ArchiveStatus.ARCHIVED and archive["url"] in cited
    }


def ranking_columns(data: Dataset) -> list[str]:
    columns = [*RANKING_COLUMNS, *(f"area_{area.code}" for area in data.areas)]
    for indicator in data.indicators:
        columns += [f"{indicator.code}_level", f"{indicator.code}_points"]
    return columns


def ranking_row(data: Dataset, result: PublishedResult) -> list[Value]:
    """One municipality's row of the ranking file, in the order of `ranking_columns`."""
    identity = municipality_identity(result.municipality)
    row: list[Value] = [
        result.rank,
        identity["municipality_register"],
        identity["municipality_code"],
        identity["name"],
        identity["name_en"],
        identity["country"],
        identity["region_code"],
        identity["region"],
        result.total,
        result.category,
        data.category_labels.get(result.category, ""),
        result.earned,
        result.possible,
        result.disqualification_reason,
    ]
    row += [result.area_scores.get(area.code) for area in data.areas]
    entries = _entries(result)
    for indicator in data.indicators:
        entry = entries.get(indicator.code, {})
        earned = entry.get("earned")
        row += [entry.get("level"), Decimal(earned) if earned is not None else None]
    return row


def evidence_file_link(entry: dict[str, Any], link: Callable[[str], str]) -> str | None:
    """The address of the file uploaded with an answer, when it has one."""
    if not entry.get("file"):
        return None
    return link(reverse("rankings:evidence_file", kwargs={"pk": entry["answer"]}))


def archived_copy_link(archive: dict[str, Any], link: Callable[[str], str]) -> str:
    return link(reverse("rankings:evidence_archive", kwargs={"pk": archive["id"]}))


def answer_rows(
    data: Dataset, result: PublishedResult, link: Callable[[str], str]
) -> Iterator[list[Value]]:
    """One row per indicator of one municipality, in the order of `ANSWER_COLUMNS`; `link`
    turns a path into an absolute address."""
    identity = municipality_identity(result.municipality)
    entries = _entries(result)
    for indicator in data.indicators:
        entry = entries.get(indicator.code, {})
        urls = entry.get("evidence_urls") or []
        copies = archived_copies(entry)
        yield [
            identity["municipality_register"],
            identity["municipality_code"],
            identity["name"],
            identity["name_en"],
            indicator.code,
            entry.get("level"),
            entry.get("status"),
            Decimal(entry["earned"]) if "earned" in entry else None,
            Decimal(entry["possible"]) if "possible" in entry else None,
            LIST_SEPARATOR.join(urls),
            LIST_SEPARATOR.join(copies[url]["sha256"] if url in copies else "" for url in urls),
            LIST_SEPARATOR.join(
                (copies[url]["archived_at"] or "") if url in copies else "" for url in urls
            ),
            evidence_file_link(entry, link),
            entry.get("comment", ""),
            entry.get("recommendation", ""),
        ]


def result_record(
    data: Dataset, result: PublishedResult, link: Callable[[str], str]
) -> dict[str, Any]:
    """One municipality of the JSON file: its row, with areas and indicators as objects.
    `link` turns a path into an absolute address, for uploaded files and archived copies."""
    record: dict[str, Any] = {
        "rank": result.rank,
        **municipality_identity(result.municipality),
        "total": number(result.total),
        "category": result.category,
        "category_label": data.category_labels.get(result.category, ""),
        "earned": number(result.earned),
        "possible": number(result.possible),
        "disqualification_reason": result.disqualification_reason,
        "areas": {area.code: result.area_scores.get(area.code) for area in data.areas},
    }
    entries = _entries(result)
    indicators: dict[str, dict[str, Any]] = {}
    for indicator in data.indicators:
        entry = entries.get(indicator.code, {})
        copies = archived_copies(entry)
        indicators[indicator.code] = {
            "level": entry.get("level"),
            "status": entry.get("status"),
            "earned": number(entry.get("earned")),
            "possible": number(entry.get("possible")),
            "evidence_urls": list(entry.get("evidence_urls") or []),
            "evidence_file": evidence_file_link(entry, link),
            "archived": [
                {
                    "url": url,
                    "archived_at": copies[url]["archived_at"],
                    "sha256": copies[url]["sha256"],
                    "copy": archived_copy_link(copies[url], link),
                }
                for url in entry.get("evidence_urls") or []
                if url in copies
            ],
            "comment": entry.get("comment", ""),
            "recommendation": entry.get("recommendation", ""),
        }
    record["indicators"] = indicators
    return record


def publication_header(data: Dataset) -> dict[str, Any]:
    """What the JSON file says about the publication before its results."""
    publication, cycle, methodology = data.publication, data.cycle, data.methodology
    return {
        "cycle": {"id": cycle.pk, "year": cycle.year, "name": cycle.name},
        "methodology": {
            "id": methodology.pk,
            "name": methodology.name,
            "edition": methodology.edition,
            "version": methodology.version,
        },
        "version": publication.version,
        "published_at": publication.published_at.isoformat(),
        "reason": publication.reason,
        "municipality_count": publication.municipality_count,
        "average_total": number(publication.average_total),
        "areas": [
            {
                "code": area.code,
                "title": area.title,
                "weight": number(area.weight),
                "average": publication.area_averages.get(area.code),
            }
            for area in data.areas
        ],
        "indicators": [
            {
                "code": indicator.code,
                "area": indicator.area.code,
                "title": indicator.title,
                "weight": number(indicator.weight),
            }
            for indicator in data.indicators
        ],
        "categories": [
            {"code": code, "label": label} for code, label in data.category_labels.items()
        ],
    }


# --- Files ------------------------------------------------------------------------------------


def filename(publication: Publication, kind: str, extension: str, language: str) -> str:
    """E.g. `transparent-cities-2024-v2-ranking-uk.csv`: cycle, year, version, what, language."""
    cycle = publication.cycle
    stem = slugify(f"{cycle.name}-{cycle.year}-v{publication.version}-{kind}-{language}")
    return f"{stem}.{extension}"


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    return str(value)


def csv_lines(columns: list[str], rows: Iterable[list[Value]]) -> Iterator[str]:
    """CSV as it is written, line by line: UTF-8 without a byte-order mark (the file is for
    programs first), comma-separated, quoted where needed, lines ending in CRLF (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def ranking_rows(data: Dataset) -> Iterator[list[Value]]:
    for result in publication_results(data.publication).iterator(chunk_size=CHUNK_SIZE):
        yield ranking_row(data, result)


def all_answer_rows(data: Dataset, link: Callable[[str], str]) -> Iterator[list[Value]]:
    for result in publication_results(data.publication).iterator(chunk_size=CHUNK_SIZE):
        yield from answer_rows(data, result, link)


def json_chunks(data: Dataset, link: Callable[[str], str]) -> Iterator[str]:
    """The JSON file piece by piece: the header, then one result at a time."""
    header = json.dumps(publication_header(data), ensure_ascii=False)
    yield header[:-1] + ', "results": ['
    separator = ""
    for result in publication_results(data.publication).iterator(chunk_size=CHUNK_SIZE):
        yield separator + json.dumps(result_record(data, result, link), ensure_ascii=False)
        separator = ", "
    yield "]}\n"


def _xlsx_cell(sheet: Any, value: Value) -> WriteOnlyCell | Value:
    if not isinstance(value, str):
        return value
    # A text starting with "=" stays text: a comment must never become a formula that a
    # spreadsheet program runs. Control characters are not allowed in XLSX at all.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def write_xlsx(columns: list[str], rows: Iterable[list[Value]], sheet_name: str) -> IO[bytes]:
    """An XLSX workbook with one sheet, written row by row into a temporary file (openpyxl's
    write-only mode), returned open at its start. Numbers are numbers; codes stay text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(columns)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    # Returned open: the response that sends it closes it, and closing deletes it.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output
