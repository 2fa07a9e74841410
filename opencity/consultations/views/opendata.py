"""Consultations as open data, as CSV and JSON: every public consultation with its phase and
counts (comments, replies, hidden comments, supports, responses by outcome), and per
consultation its comments without any author, with their paragraph and section, supports, and
the organiser's outcome and reason. Hidden comments are counted, never given; drafts are not
found."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import translation
from django.views.decorators.http import require_safe

from opencity.consultations import selectors_opendata as opendata

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # A spreadsheet would run a cell starting with one of these as a formula.
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def _csv(columns: Sequence[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in columns])
    # The byte-order mark makes spreadsheets read the file as UTF-8 (Cyrillic, Romanian).
    return "\ufeff" + out.getvalue()


def _response(body: str, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def consultation_records(request: HttpRequest) -> list[dict[str, Any]]:
    found = list(opendata.consultations())
    tallies = opendata.counts([c.pk for c in found])
    return [
        opendata.consultation_record(
            consultation,
            tallies[consultation.pk],
            request.build_absolute_uri(consultation.get_absolute_url()),
        )
        for consultation in found
    ]


@require_safe
def consultations_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every public consultation with its phase and counts. Texts in the page's language."""
    if fmt not in FORMATS:
        raise Http404
    rows = consultation_records(request)
    if fmt == "json":
        body = json.dumps(
            {"columns": list(opendata.CONSULTATION_COLUMNS), "consultations": rows},
            ensure_ascii=False,
            indent=1,
        )
    else:
        body = _csv(opendata.CONSULTATION_COLUMNS, rows)
    language = translation.get_language() or "en"
    return _response(body, fmt, f"consultations-{language}")


@require_safe
def comments_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The visible comments of one public consultation, without authors; the JSON adds the
    consultation's counts, hidden comments included."""
    if fmt not in FORMATS:
        raise Http404
    consultation = opendata.public_consultation(slug)
    if consultation is None:
        raise Http404
    rows = [opendata.comment_record(c) for c in opendata.visible_comments(consultation)]
    if fmt == "json":
        tally = opendata.counts([consultation.pk])[consultation.pk]
        record = opendata.consultation_record(
            consultation, tally, request.build_absolute_uri(consultation.get_absolute_url())
        )
        body = json.dumps(
            {
                "consultation": record,
                "columns": list(opendata.COMMENT_COLUMNS),
                "comments": rows,
            },
            ensure_ascii=False,
            indent=1,
        )
    else:
        body = _csv(opendata.COMMENT_COLUMNS, rows)
    return _response(body, fmt, f"consultation-{consultation.slug}-comments")


urlpatterns: list[URLPattern] = [
    path(
        "open-data/consultations.<str:fmt>",
        consultations_download,
        name="data_consultations",
    ),
    path(
        "open-data/<slug:slug>/comments.<str:fmt>",
        comments_download,
        name="data_comments",
    ),
]
