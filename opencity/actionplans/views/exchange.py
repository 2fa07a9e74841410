"""Open data of action plans: the commitments of public plans, all of them, a member's or a
plan's, as CSV in OGP's published layout (which `opencity import_ogp` reads back) and as JSON
with the same fields, and a page that lists the downloads.

Drafts are never included, and nothing names a person: the files hold commitments, plans,
members, institutions and the independent assessments.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import translation
from django.views.decorators.http import require_safe

from opencity.actionplans import ogp_exchange
from opencity.actionplans.models import PUBLIC_PLAN_STATUSES, ActionPlan, Commitment, Member

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _json_chunks(commitments: QuerySet[Commitment]) -> Iterator[str]:
    columns = ogp_exchange.export_columns(ogp_exchange.export_policy_areas())
    yield '{"columns": ' + json.dumps(columns, ensure_ascii=False) + ', "commitments": ['
    for position, record in enumerate(ogp_exchange.export_records(commitments)):
        yield ("," if position else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


def _in_english(chunks: Iterator[str]) -> Iterator[bytes]:
    """The files are in OGP's own language whatever the page's; streamed content is produced
    after the view has returned, so the language is set while it is written."""
    with translation.override("en"):
        for chunk in chunks:
            yield chunk.encode("utf-8")


def _download(commitments: QuerySet[Commitment], fmt: str, name: str) -> StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404
    chunks = ogp_exchange.csv_lines(commitments) if fmt == "csv" else _json_chunks(commitments)
    response = StreamingHttpResponse(_in_english(chunks), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_safe
def commitments_download(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """Every commitment of every public plan."""
    return _download(Commitment.public.all(), fmt, "ogp-commitments")


@require_safe
def member_commitments_download(request: HttpRequest, slug: str, fmt: str) -> StreamingHttpResponse:
    member = Member.objects.filter(slug=slug).first()
    if member is None:
        raise Http404
    return _download(
        Commitment.public.filter(plan__member=member), fmt, f"ogp-commitments-{member.slug}"
    )


@require_safe
def plan_commitments_download(
    request: HttpRequest, identifier: str, fmt: str
) -> StreamingHttpResponse:
    plan = ActionPlan.public.filter(identifier=identifier).first()
    if plan is None:
        raise Http404
    return _download(Commitment.public.filter(plan=plan), fmt, f"ogp-commitments-{plan.identifier}")


@require_safe
def data(request: HttpRequest) -> HttpResponse:
    """The open-data page: every download, for all members and for each member and plan."""
    plans = ActionPlan.public.annotate(commitment_count=Count("commitments")).order_by("number")
    members = (
        Member.objects.filter(plans__status__in=PUBLIC_PLAN_STATUSES)
        .distinct()
        .order_by("name", "slug")
        .prefetch_related(Prefetch("plans", queryset=plans, to_attr="public_plans"))
    )
    return render(
        request,
        "actionplans/exchange/data.html",
        {"members": members, "commitment_count": Commitment.public.count()},
    )


urlpatterns: list[URLPattern] = [
    path("data/", data, name="data"),
    path("data/commitments.<str:fmt>", commitments_download, name="data_commitments"),
    path(
        "data/members/<slug:slug>/commitments.<str:fmt>",
        member_commitments_download,
        name="data_member_commitments",
    ),
    path(
        "data/plans/<str:identifier>/commitments.<str:fmt>",
        plan_commitments_download,
        name="data_plan_commitments",
    ),
]
