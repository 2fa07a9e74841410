"""Public results of published rankings: the list of cycles, a ranking with its versions, a
municipality's profile and history, comparisons and one indicator across municipalities.

Only published snapshots are shown (`selectors_public`); a cycle without a publication is not
found, whatever its phase. Charts are drawn here from the numbers the page also shows as a table.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from opencity.core import charts
from opencity.rankings import selectors_public as selectors
from opencity.rankings.forms_public import (
    ASCENDING,
    DESCENDING,
    CompareForm,
    RankingForm,
    VersionForm,
)
from opencity.rankings.models import Publication


def _score(value: float | int) -> str:
    """A score as the tables print it, in the reader's language."""
    return formats.number_format(value, decimal_pos=1)


def _publication(request: HttpRequest, cycle_pk: int) -> Publication:
    """The publication a page shows: the current one, or `?version=N`. 404 if the cycle is not
    published or has no such version."""
    form = VersionForm(request.GET)
    if not form.is_valid():
        raise Http404
    publication = selectors.public_publication(cycle_pk, form.cleaned_data.get("version"))
    if publication is None:
        raise Http404
    return publication


def _version_query(publication: Publication) -> str:
    """The query string that keeps an earlier version across links ("" for the current one)."""
    if publication.version == publication.current_version:  # type: ignore[attr-defined]
        return ""
    return f"?version={publication.version}"


@require_safe
def cycle_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "rankings/public/cycle_list.html", {"publications": selectors.published_cycles()}
    )


def _sort_columns(
    request: HttpRequest, labels: selectors.Labels, filters: selectors.RankingFilters
) -> dict[str, dict[str, Any]]:
    """Per sortable column: the link that sorts by it (or reverses it) and its aria-sort."""
    columns: dict[str, dict[str, Any]] = {}
    keys = ["rank", "total", *(f"area-{area.code}" for area in labels.areas)]
    for key in keys:
        active = filters.sort == key
        default_descending = selectors.SORT_DEFAULT_DESCENDING[
            "area" if key.startswith("area-") else key
        ]
        descending = not filters.descending if active else default_descending
        query: QueryDict = request.GET.copy()
        query["sort"] = key
        query["dir"] = DESCENDING if descending else ASCENDING
        query.pop("page", None)
        columns[key] = {
            "url": f"?{query.urlencode()}",
            "aria_sort": ("descending" if filters.descending else "ascending") if active else "",
        }
    return columns


@require_safe
def ranking(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    publication = _publication(request, cycle_pk)
    labels = selectors.methodology_labels(publication.cycle.methodology_id)
    form = RankingForm(
        request.GET or None,
        regions=selectors.ranking_regions(publication),
        categories=labels.categories,
        areas=labels.areas,
    )
    filters = form.filters() if form.is_bound else selectors.RankingFilters()
    results = selectors.ranking_results(publication, filters)
    page = Paginator(results, selectors.RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    columns = _sort_columns(request, labels, filters)
    return render(
        request,
        "rankings/public/ranking.html",
        {
            "publication": publication,
            "cycle": publication.cycle,
            "labels": labels,
            "form": form,
            "searching": form.is_bound and form.searching,
            "page": page,
            "rows": selectors.ranking_rows(page.object_list, labels),
            "rank_column": columns["rank"],
            "total_column": columns["total"],
            "area_columns": [(area, columns[f"area-{area.code}"]) for area in labels.areas],
            "version_query": _version_query(publication),
        },
    )


@require_safe
def versions(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    found = selectors.publication_versions(cycle_pk)
    if found is None:
        raise Http404
    return render(
        request,
        "rankings/public/versions.html",
        {"versions": found, "cycle": found[0].publication.cycle, "current": found[0].publication},
    )


def _area_chart(profile: selectors.Profile) -> str:
    name = profile.result.municipality.name
    return charts.bar_chart(
        chart_id="area-scores",
        title=_("Scores by area: %(municipality)s and the average of the cycle")
        % {"municipality": name},
        description=_(
            "Each bar is the municipality's score in an area, out of 100; the dashed line is "
            "the average of all municipalities of the cycle. The table below has the same "
            "numbers."
        ),
        bars=[
            charts.Bar(f"{line.area.code}. {line.area.title}", line.score, line.average)
            for line in profile.areas
        ],
        number_format=_score,
        value_name=name,
        comparison_name=_("Average of the cycle"),
        comparison_template=_("%(value)s (average %(comparison)s)"),
    )


@require_safe
def municipality(request: HttpRequest, cycle_pk: int, municipality_pk: int) -> HttpResponse:
    publication = _publication(request, cycle_pk)
    profile = selectors.municipality_profile(publication, municipality_pk)
    if profile is None:
        raise Http404
    return render(
        request,
        "rankings/public/municipality.html",
        {
            "publication": publication,
            "cycle": publication.cycle,
            "profile": profile,
            "result": profile.result,
            "chart": _area_chart(profile),
            "version_query": _version_query(publication),
        },
    )


def _compare_slots(form: CompareForm) -> list[dict[str, Any]]:
    """The form's select lists, each with its options as HTML. The options of every list are
    the same 1,500 or so municipalities, so they are written once and each list only marks its
    own choice, rather than rendering every option of every list in the template."""
    options = "".join(
        format_html('<option value="{}">{}</option>', municipality.pk, municipality.name)
        for municipality in form.municipalities
    )
    slots = []
    for slot in form.slots():
        html = options
        if slot["value"]:
            value = format_html('<option value="{}"', slot["value"])
            html = html.replace(f"{value}>", f"{value} selected>", 1)
        slots.append({**slot, "options": mark_safe(html)})  # noqa: S308 (escaped above)
    return slots


@require_safe
def compare(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    publication = _publication(request, cycle_pk)
    municipalities = selectors.compare_choices(publication)
    bound = "m" in request.GET
    form = CompareForm(request.GET if bound else None, municipalities=municipalities)
    comparison = chart = None
    if bound and form.is_valid():
        comparison = selectors.comparison(publication, form.cleaned_data["m"])
        chart = charts.grouped_bar_chart(
            chart_id="compare-areas",
            title=_("Scores by area, compared"),
            description=_(
                "For each area, one bar per municipality, with its score out of 100. The "
                "table above has the same numbers."
            ),
            categories=[f"{area.code}. {area.title}" for area, _scores in comparison.areas],
            series=[
                charts.Series(
                    result.municipality.name, [scores[index] for _a, scores in comparison.areas]
                )
                for index, result in enumerate(comparison.results)
            ],
            number_format=_score,
        )
    return render(
        request,
        "rankings/public/compare.html",
        {
            "publication": publication,
            "cycle": publication.cycle,
            "form": form,
            "slots": _compare_slots(form),
            "comparison": comparison,
            "chart": chart,
            "compare_minimum": selectors.COMPARE_MINIMUM,
            "compare_maximum": selectors.COMPARE_MAXIMUM,
            "version_query": _version_query(publication),
        },
    )


@require_safe
def history(request: HttpRequest, municipality_pk: int) -> HttpResponse:
    found = selectors.municipality_history(municipality_pk)
    if found is None:
        raise Http404
    cycles = [row.result.publication.cycle for row in found.rows]
    labels = [str(cycle.year) for cycle in cycles]
    if len(set(labels)) < len(labels):
        # Two rankings in one year: tell their points apart by the ranking's name.
        labels = [f"{cycle.year} {cycle.name}" for cycle in cycles]
    chart = charts.line_chart(
        chart_id="history-totals",
        title=_("Total score by cycle: %(municipality)s")
        % {"municipality": found.municipality.name},
        description=_(
            "The total out of 100 in each published cycle, oldest first. The table below has "
            "the same numbers, with the ranks."
        ),
        labels=labels,
        series=[
            charts.Series(
                _("Total"),
                [
                    None if row.result.total is None else float(row.result.total)
                    for row in found.rows
                ],
            )
        ],
        number_format=_score,
    )
    return render(
        request,
        "rankings/public/history.html",
        {"history": found, "municipality": found.municipality, "chart": chart},
    )


@require_safe
def indicator(request: HttpRequest, cycle_pk: int, code: str) -> HttpResponse:
    publication = _publication(request, cycle_pk)
    found = selectors.indicator_results(publication, code)
    if found is None:
        raise Http404
    page = Paginator(found.full_marks, selectors.RANKING_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "rankings/public/indicator.html",
        {
            "publication": publication,
            "cycle": publication.cycle,
            "found": found,
            "indicator": found.indicator,
            "page": page,
            "version_query": _version_query(publication),
        },
    )


urlpatterns: list[URLPattern] = [
    path("results/", cycle_list, name="results"),
    path("results/history/<int:municipality_pk>/", history, name="results_history"),
    path("results/<int:cycle_pk>/", ranking, name="results_ranking"),
    path("results/<int:cycle_pk>/versions/", versions, name="results_versions"),
    path("results/<int:cycle_pk>/compare/", compare, name="results_compare"),
    path("results/<int:cycle_pk>/indicators/<str:code>/", indicator, name="results_indicator"),
    path(
        "results/<int:cycle_pk>/<int:municipality_pk>/", municipality, name="results_municipality"
    ),
]
