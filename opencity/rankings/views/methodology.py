from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from opencity.rankings import exchange, selectors
from opencity.rankings.models import Methodology


def methodology_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "rankings/methodology_list.html",
        {"methodologies": selectors.methodologies_visible_to(request.user)},
    )


def _visible(request: HttpRequest, pk: int) -> Methodology:
    methodology = selectors.methodology_detail(request.user, pk)
    if methodology is None:
        raise Http404
    return methodology


def methodology_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "rankings/methodology_detail.html", {"methodology": _visible(request, pk)}
    )


def methodology_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The methodology as XLSX or as a ZIP of CSV files: the format the import reads."""
    methodology = _visible(request, pk)
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        data = exchange.export_xlsx(methodology)
    else:
        content_type = "application/zip"
        data = exchange.export_csv_zip(methodology)
    response = HttpResponse(data, content_type=content_type)
    name = slugify(
        f"{methodology.name_en or methodology.name}-{methodology.edition}-v{methodology.version}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
