"""The published consultation report, for everyone: "what you proposed, what we did", the
counts per outcome and per section as charts beside tables, the final text with its changes
from the draft, and every version with its reason; also as a PDF and a CSV.

Everything is read from the version's snapshot (reporting.py), never from the live comments, so
a version reads the same for ever and the PDF and CSV are the same bytes for every reader.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from opencity.consultations import reporting
from opencity.consultations.models import ConsultationStatus, Outcome, Report
from opencity.core import charts


def _report(slug: str, version: int) -> Report:
    report = (
        Report.objects.select_related("consultation__organiser", "consultation__municipality")
        .filter(
            consultation__slug=slug,
            consultation__status=ConsultationStatus.PUBLISHED,
            version=version,
        )
        .first()
    )
    if report is None:
        raise Http404
    return report


def _number(value: float | int) -> str:
    return str(int(value))


def _charts(data: dict[str, Any]) -> dict[str, Any]:
    counts = data["counts"]
    labels = [reporting.outcome_label(value) for value in Outcome.values]
    outcome_rows = [
        (label, counts["outcomes"][value])
        for label, value in zip(labels, Outcome.values, strict=True)
    ]
    if counts["unanswered"]:
        outcome_rows.append((reporting.outcome_label(""), counts["unanswered"]))
    highest = max([count for _label, count in outcome_rows] + [1])
    outcome_chart = charts.bar_chart(
        chart_id="outcomes-chart",
        title=_("Proposals by outcome"),
        description=_("The number of proposals per outcome; the table below has the same numbers."),
        bars=[charts.Bar(label, count) for label, count in outcome_rows],
        maximum=highest,
        number_format=_number,
    )
    section_rows = [
        (reporting.section_label(row), [row["outcomes"][value] for value in Outcome.values], row)
        for row in counts["sections"]
        if row["total"] or row["section"] is not None
    ]
    section_chart = None
    if section_rows and counts["proposals"]:
        section_highest = max([max(values) for _label, values, _row in section_rows] + [1])
        section_chart = charts.grouped_bar_chart(
            chart_id="sections-chart",
            title=_("Proposals by section and outcome"),
            description=_(
                "For each section, the number of proposals per outcome; the table below has "
                "the same numbers."
            ),
            categories=[label for label, _values, _row in section_rows],
            series=[
                charts.Series(label, [values[index] for _l, values, _r in section_rows])
                for index, label in enumerate(labels)
            ],
            maximum=section_highest,
            number_format=_number,
        )
    return {
        "outcome_chart": outcome_chart,
        "outcome_rows": outcome_rows,
        "outcome_labels": labels,
        "section_chart": section_chart,
        "section_rows": section_rows,
    }


def _proposals_by_place(data: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The proposals under their section, in the document's order, the whole document last."""
    titles = {section["number"]: section for section in data["text"]}
    groups: dict[int | None, list[dict[str, Any]]] = {}
    for proposal in data["proposals"]:
        groups.setdefault(proposal["section"], []).append(
            {
                **proposal,
                "reference": reporting.reference(proposal),
                "author_label": reporting.author_label(proposal),
                "outcome_label": reporting.outcome_label(proposal["outcome"]),
            }
        )
    ordered = []
    for number in sorted(key for key in groups if key is not None):
        section = titles.get(number, {"number": number, "title": ""})
        label = reporting.section_label({"section": number, "title": section["title"]})
        ordered.append(
            (label, sorted(groups[number], key=lambda p: (p["paragraph"], p["written"])))
        )
    if None in groups:
        ordered.append((reporting.section_label({"section": None}), groups[None]))
    return ordered


@require_safe
def report(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    current = _report(slug, version)
    versions = list(
        Report.objects.filter(consultation=current.consultation)
        .order_by("-version")
        .values("version", "published_at", "reason")
    )
    data = current.snapshot
    return render(
        request,
        "consultations/report/report.html",
        {
            "report": current,
            "consultation": current.consultation,
            "data": data,
            "counts": data["counts"],
            "groups": _proposals_by_place(data),
            "versions": versions,
            "latest_version": versions[0]["version"],
            **_charts(data),
        },
    )


@require_safe
def report_latest(request: HttpRequest, slug: str) -> HttpResponse:
    latest = (
        Report.objects.filter(
            consultation__slug=slug, consultation__status=ConsultationStatus.PUBLISHED
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    if latest is None:
        raise Http404
    return redirect("consultations:report", slug=slug, version=latest)


def _file_name(current: Report, extension: str) -> str:
    return f"{current.consultation.slug}-report-v{current.version}.{extension}"


@require_safe
def report_pdf(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    current = _report(slug, version)
    response = HttpResponse(reporting.pdf_bytes(current), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_file_name(current, "pdf")}"'
    return response


@require_safe
def report_csv(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    current = _report(slug, version)
    response = HttpResponse(reporting.csv_bytes(current), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(current, "csv")}"'
    return response


urlpatterns: list[URLPattern] = [
    path("<slug:slug>/report/", report_latest, name="report_latest"),
    path("<slug:slug>/report/<int:version>/", report, name="report"),
    path("<slug:slug>/report/<int:version>.pdf", report_pdf, name="report_pdf"),
    path("<slug:slug>/report/<int:version>.csv", report_csv, name="report_csv"),
]
