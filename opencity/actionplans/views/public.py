"""Public pages of open-government action plans: the members, a member's plans over time, a plan
with its commitments and co-creation record, a commitment with its timeline and assessments, and
an overview of every public commitment.

Drafts never show: every read goes through `ActionPlan.public` and `Commitment.public`, and a
draft's address is not found. Charts are drawn here from the numbers the page also shows as a
table.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import dateformat, formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from opencity.actionplans import selectors
from opencity.actionplans.forms_public import STATUS_LABELS, PlanFilterForm
from opencity.actionplans.scales import InfluenceLevel
from opencity.core import charts

BAND_LABELS = {
    selectors.BAND_NONE: gettext_lazy("0 %: nothing done yet"),
    selectors.BAND_LOW: gettext_lazy("1 to 49 %"),
    selectors.BAND_HIGH: gettext_lazy("50 to 99 %"),
    selectors.BAND_COMPLETE: gettext_lazy("100 %: complete"),
    selectors.BAND_UNKNOWN: gettext_lazy("unknown: no milestones and nothing reported"),
}


def _percent(value: float | int | Decimal) -> str:
    return _("%(value)s %%") % {"value": formats.number_format(value, decimal_pos=1)}


def _count(value: float | int) -> str:
    return formats.number_format(int(value))


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "actionplans/public/index.html", {"members": selectors.member_index()})


def _member_chart(page: selectors.MemberPage) -> SafeString:
    return charts.bar_chart(
        chart_id="plan-completion",
        title=_("Completion of each action plan of %(member)s") % {"member": page.member.name},
        description=_(
            "Each bar is a plan's completion in percent, the mean progress of its commitments "
            "from their milestones. The table beside it has the same numbers."
        ),
        bars=[
            charts.Bar(
                _("%(start)s–%(end)s (plan %(number)s)")
                % {
                    "start": line.plan.start_year,
                    "end": line.plan.end_year,
                    "number": line.plan.number,
                },
                None if line.completion is None else float(line.completion),
            )
            for line in page.plans
        ],
        number_format=_percent,
        missing=_("unknown"),
    )


@require_safe
def member(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.member_page(slug)
    if page is None:
        raise Http404
    return render(
        request,
        "actionplans/public/member.html",
        {
            "page": page,
            "member": page.member,
            "chart": _member_chart(page) if page.plans else None,
        },
    )


@require_safe
def plan(request: HttpRequest, identifier: str) -> HttpResponse:
    found = selectors.public_plan(identifier)
    if found is None:
        raise Http404
    page = selectors.plan_page(found)
    form = PlanFilterForm(request.GET or None, policy_areas=page.policy_areas, leads=page.leads)
    filters = selectors.PlanFilters()
    if form.is_bound:
        form.is_valid()  # the errors show beside their fields; the valid fields still filter
        filters = form.filters()
    lines = page.filtered(filters)
    # Written here rather than in the template, each date once: a plan can have hundreds of
    # overdue milestones, often due on the same days.
    overdue_since, date_format = _("overdue since %(date)s"), formats.get_format("DATE_FORMAT")
    texts: dict[datetime.date, str] = {}
    for line in lines:
        if line.progress is not None:
            line.progress_text = _percent(line.progress)
        for item in line.delayed_milestones:
            day = item.milestone.end_date
            if day not in texts:
                texts[day] = overdue_since % {"date": dateformat.format(day, date_format)}
            line.overdue.append((texts[day], item))
    return render(
        request,
        "actionplans/public/plan.html",
        {
            "page": page,
            "plan": found,
            "member": found.member,
            "form": form,
            "filters": filters,
            "lines": lines,
            "status_labels": STATUS_LABELS,
            "influence_levels": InfluenceLevel.choices,
            "unknown_label": _("unknown"),
            "none_label": _("none"),
        },
    )


@require_safe
def commitment(request: HttpRequest, identifier: str) -> HttpResponse:
    found = selectors.public_commitment(identifier)
    if found is None:
        raise Http404
    page = selectors.commitment_page(found, request.user)
    # Consultations and events show on the commitments they are linked to.
    from opencity.consultations.selectors import consultations_for_commitment
    from opencity.events.selectors import events_for_commitment

    return render(
        request,
        "actionplans/public/commitment.html",
        {
            "consultation_lines": consultations_for_commitment(found),
            "linked_events": events_for_commitment(found),
            "page": page,
            "commitment": found,
            "plan": found.plan,
            "member": found.plan.member,
            "status_labels": STATUS_LABELS,
        },
    )


def _distribution_chart(
    chart_id: str, title: str, rows: list[tuple[str, int]], total: int
) -> SafeString:
    return charts.bar_chart(
        chart_id=chart_id,
        title=title,
        description=_(
            "Each bar is the number of commitments with that value, out of all %(total)s public "
            "commitments. The table beside it has the same numbers."
        )
        % {"total": _count(total)},
        bars=[charts.Bar(label, count) for label, count in rows],
        maximum=max(total, 1),
        number_format=_count,
    )


def _group_chart(chart_id: str, title: str, groups: list[selectors.GroupLine]) -> SafeString:
    def number(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    return charts.grouped_bar_chart(
        chart_id=chart_id,
        title=title,
        description=_(
            "For each group four bars, in percent: the mean progress from milestones, the share "
            "of independently assessed commitments substantially or fully complete, the share "
            "that opened government majorly or outstandingly, and the share starred. The table "
            "beside it has the same numbers."
        ),
        categories=[str(group.label) for group in groups],
        series=[
            charts.Series(_("Mean progress"), [number(g.mean_progress) for g in groups]),
            charts.Series(
                _("Substantial or complete"), [number(g.substantial_share) for g in groups]
            ),
            charts.Series(
                _("Opened government strongly"), [number(g.strong_share) for g in groups]
            ),
            charts.Series(_("Starred"), [number(g.starred_share) for g in groups]),
        ],
        number_format=_percent,
        missing=_("no data"),
    )


def _not_assessed(rows: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """The distribution with the label of commitments never assessed on that scale."""
    return [
        (value, label if value else _("not assessed independently"), count)
        for value, label, count in rows
    ]


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    data = selectors.overview()
    completion = _not_assessed(data.completion)
    open_government = _not_assessed(data.open_government)
    bands = [(name, str(BAND_LABELS[name]), count) for name, count in data.bands]
    charts_shown = {}
    if data.commitments:
        charts_shown = {
            "completion": _distribution_chart(
                "completion-chart",
                _("Completion in the latest independent assessment"),
                [(label, count) for _value, label, count in completion],
                data.commitments,
            ),
            "open_government": _distribution_chart(
                "open-government-chart",
                _("Did it open government? In the latest independent assessment"),
                [(label, count) for _value, label, count in open_government],
                data.commitments,
            ),
            "bands": _distribution_chart(
                "bands-chart",
                _("Progress from milestones"),
                [(label, count) for _name, label, count in bands],
                data.commitments,
            ),
        }
        if data.members:
            charts_shown["members"] = _group_chart(
                "members-chart", _("Results per member"), data.members
            )
        if data.policy_areas:
            charts_shown["areas"] = _group_chart(
                "areas-chart", _("Results per policy area"), data.policy_areas
            )
    return render(
        request,
        "actionplans/public/overview.html",
        {
            "data": data,
            "completion": completion,
            "open_government": open_government,
            "bands": bands,
            "charts": charts_shown,
        },
    )


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("overview/", overview, name="overview"),
    path("members/<slug:slug>/", member, name="member"),
    path("plans/<str:identifier>/", plan, name="plan"),
    path("commitments/<str:identifier>/", commitment, name="commitment"),
]
