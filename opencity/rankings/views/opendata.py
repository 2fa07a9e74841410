"""Open-data downloads of published rankings: the ranking as CSV, XLSX or JSON, and every answer
in long format as CSV. Public; only published versions exist here, anything else is not found.

The current version by default, an earlier one with `?version=N`. The files are built from the
publication's snapshot with a fixed number of queries, and streamed where the format allows.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.urls import URLPattern, path
from django.utils import translation
from django.views.decorators.http import require_safe

from opencity.rankings import opendata
from opencity.rankings.forms_opendata import VersionForm
from opencity.rankings.models import Publication


def _publication(request: HttpRequest, cycle_pk: int) -> Publication:
    form = VersionForm(request.GET)
    # A version that is not a whole number names no version, like a version never published.
    if not form.is_valid():
        raise Http404
    publication = opendata.published_publication(cycle_pk, form.cleaned_data["version"])
    if publication is None:
        raise Http404
    return publication


def _in_language(chunks: Iterator[str], language: str) -> Iterator[bytes]:
    """Streamed content is produced after the view has returned: keep the request's language
    for the names and labels written into it."""
    with translation.override(language):
        for chunk in chunks:
            yield chunk.encode("utf-8")


def _attachment(response: HttpResponseBase, name: str) -> HttpResponseBase:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def ranking_download(request: HttpRequest, cycle_pk: int, fmt: str) -> HttpResponseBase:
    """The ranking, one row per municipality, as CSV, XLSX or JSON."""
    if fmt not in opendata.RANKING_FORMATS:
        raise Http404
    publication = _publication(request, cycle_pk)
    data = opendata.dataset(publication)
    language = translation.get_language()
    name = opendata.filename(publication, "ranking", fmt, language)
    if fmt == "xlsx":
        workbook = opendata.write_xlsx(
            opendata.ranking_columns(data), opendata.ranking_rows(data), "ranking"
        )
        return FileResponse(
            workbook, as_attachment=True, filename=name, content_type=opendata.XLSX_CONTENT_TYPE
        )
    if fmt == "json":
        chunks = opendata.json_chunks(data, request.build_absolute_uri)
        content_type = "application/json"
    else:
        chunks = opendata.csv_lines(opendata.ranking_columns(data), opendata.ranking_rows(data))
        content_type = "text/csv; charset=utf-8"
    response = StreamingHttpResponse(_in_language(chunks, language), content_type=content_type)
    return _attachment(response, name)


@require_safe
def answers_download(request: HttpRequest, cycle_pk: int) -> HttpResponseBase:
    """Every answer of the ranking, one row per municipality and indicator, as CSV.

    CSV only: a large cycle has more rows than a spreadsheet holds (98,000 municipalities with
    100 indicators each are 9.8 million rows; XLSX stops at about one million).
    """
    publication = _publication(request, cycle_pk)
    data = opendata.dataset(publication)
    language = translation.get_language()
    chunks = opendata.csv_lines(
        opendata.ANSWER_COLUMNS, opendata.all_answer_rows(data, request.build_absolute_uri)
    )
    response = StreamingHttpResponse(
        _in_language(chunks, language), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, opendata.filename(publication, "answers", "csv", language))


urlpatterns: list[URLPattern] = [
    path("results/<int:cycle_pk>/ranking.<str:fmt>", ranking_download, name="ranking_download"),
    path("results/<int:cycle_pk>/answers.csv", answers_download, name="answers_download"),
]
