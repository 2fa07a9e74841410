"""Events as open data: every public event (published or cancelled, never a draft) with its
attendance figures, organisations present, minutes, outcomes and links, as CSV and JSON. Counts
of registrations only; nobody who registered is named."""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import translation
from django.views.decorators.http import require_safe

from opencity.events import selectors
from opencity.events.models import Event

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # A spreadsheet would run a cell starting with one of these as a formula.
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def records(request: HttpRequest) -> list[dict[str, object]]:
    return [
        selectors.open_data_record(event, request.build_absolute_uri(event.get_absolute_url()))
        for event in selectors.open_data_events()
    ]


@require_safe
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    # The texts of the downloads are in the language of the page they were asked from.
    rows = records(request)
    if fmt == "json":
        body = json.dumps(
            {"columns": list(selectors.OPEN_DATA_COLUMNS), "events": rows},
            ensure_ascii=False,
            indent=1,
        )
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(selectors.OPEN_DATA_COLUMNS)
        for row in rows:
            writer.writerow([_cell(row[column]) for column in selectors.OPEN_DATA_COLUMNS])
        body = "\ufeff" + out.getvalue()
    response = HttpResponse(body, content_type=FORMATS[fmt])
    language = translation.get_language() or "en"
    response["Content-Disposition"] = f'attachment; filename="events-{language}.{fmt}"'
    return response


@require_safe
def data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/public/data.html",
        {"event_count": Event.public.count(), "columns": selectors.OPEN_DATA_COLUMNS},
    )


urlpatterns: list[URLPattern] = [
    path("data/", data, name="data"),
    path("data/events.<str:fmt>", download, name="data_download"),
]
