"""The coalition's working pages: assessors score, reviewers approve or return, coordinators
open cycles, assign the work, follow its progress, disqualify, publish and correct.

Everything here needs a login. People without the role get 403; a cycle, sheet or answer that
the person has nothing to do with answers 404, so that drafts never show to visitors or cities.
Each view parses its input with a form from `forms_work`, calls one service or selector and
renders; the services check permissions and phases again and their refusals are shown.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from opencity.accounts.models import User
from opencity.rankings import selectors_work, services
from opencity.rankings.forms_work import (
    AnswerForm,
    AssignmentForm,
    CorrectionForm,
    CorrectionPickForm,
    CycleOpenForm,
    DashboardFilterForm,
    DisqualifyForm,
    MunicipalityFilterForm,
    PublishForm,
    ReturnForm,
    apply_service_error,
)
from opencity.rankings.models import Answer, Assignment, Cycle, Indicator

# Helpers that find what the person may see, or refuse ----------------------------------------


def _require_worker(user: User) -> None:
    if not selectors_work.is_coalition_worker(user):
        raise PermissionDenied


def _assignment(request: HttpRequest, cycle_pk: int, municipality_pk: int) -> Assignment:
    assignment = selectors_work.assignment_for_work(request.user, cycle_pk, municipality_pk)
    if assignment is None:
        raise Http404
    return assignment


def _cycle(request: HttpRequest, pk: int, permission: str = "rankings.manage_cycle") -> Cycle:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    cycle = selectors_work.cycle_with_methodology(pk)
    if cycle is None:
        raise Http404
    return cycle


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, settings.OPENCITY_PAGE_SIZE).get_page(request.GET.get("page"))


# "My work" ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def my_work(request: HttpRequest) -> HttpResponse:
    _require_worker(request.user)
    return render(
        request, "rankings/work/my_work.html", {"work": selectors_work.my_work(request.user)}
    )


# A municipality's sheet -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def municipality_sheet(request: HttpRequest, cycle_pk: int, municipality_pk: int) -> HttpResponse:
    assignment = _assignment(request, cycle_pk, municipality_pk)
    if request.method == "POST":
        if request.POST.get("action") != "submit_all":
            return HttpResponseBadRequest()
        try:
            count = services.answers_submit_all(
                actor=request.user, cycle=assignment.cycle, municipality=assignment.municipality
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if count:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s answer was submitted for review.",
                        "%(count)s answers were submitted for review.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.info(request, _("No answer was ready to submit."))
        return redirect("rankings:work_sheet", cycle_pk, municipality_pk)
    cycle = assignment.cycle
    return render(
        request,
        "rankings/work/sheet.html",
        {
            "assignment": assignment,
            "cycle": cycle,
            "sheet": selectors_work.municipality_sheet(assignment),
            "is_assessor": request.user.pk == assignment.assessor_id,
            "can_submit": request.user.pk == assignment.assessor_id and cycle.allows("submit"),
            "next_phase": selectors_work.next_phase(cycle),
        },
    )


# One answer -----------------------------------------------------------------------------------


def _initial(answer: Answer | None) -> dict[str, Any]:
    if answer is None:
        return {"revision": 0}
    return {
        "level": answer.level.code if answer.level else None,
        "evidence_urls": "\n".join(answer.evidence_urls),
        "comment": answer.comment,
        "recommendation": answer.recommendation,
        "revision": answer.revision,
    }


@login_required
@require_http_methods(["GET", "POST"])
def answer(
    request: HttpRequest, cycle_pk: int, municipality_pk: int, indicator_pk: int
) -> HttpResponse:
    """The answer form for the assessor; the same page, read-only, with the review buttons for
    the assigned reviewer; the history of the answer for both and for coordinators."""
    assignment = _assignment(request, cycle_pk, municipality_pk)
    page = selectors_work.answer_page(assignment, indicator_pk)
    if page is None:
        raise Http404
    form = AnswerForm(initial=_initial(page.answer), levels=page.levels)
    return_form = ReturnForm()
    conflict: Answer | None = None
    conflict_message = ""
    here = reverse("rankings:work_answer", args=[cycle_pk, municipality_pk, indicator_pk])
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "save":
            form = AnswerForm(request.POST, request.FILES, levels=page.levels)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.answer_save(
                        actor=request.user,
                        cycle=assignment.cycle,
                        municipality=assignment.municipality,
                        indicator=page.indicator,
                        level_code=data["level"] or None,
                        expected_revision=data["revision"],
                        evidence_urls=data["evidence_urls"],
                        evidence_file=data["evidence_file"],
                        comment=data["comment"],
                        recommendation=data["recommendation"],
                    )
                except services.AnswerConflictError as error:
                    conflict = error.current
                    conflict_message = " ".join(error.messages)
                    # Keep everything the person typed; only the revision moves on, so that
                    # saving again overwrites the other value deliberately.
                    typed = request.POST.copy()
                    typed["revision"] = str(conflict.revision)
                    form = AnswerForm(typed, levels=page.levels)
                    form.is_valid()
                    page = selectors_work.answer_page(assignment, indicator_pk) or page
                except ValidationError as error:
                    apply_service_error(form, error)
                else:
                    messages.success(request, _("The answer was saved."))
                    return redirect(here)
        elif action in {"submit", "approve", "return"}:
            if page.answer is None:
                messages.error(request, _("This indicator has no saved answer yet."))
                return redirect(here)
            try:
                if action == "submit":
                    services.answer_submit(actor=request.user, answer=page.answer)
                    messages.success(request, _("The answer was submitted for review."))
                elif action == "approve":
                    services.answer_approve(actor=request.user, answer=page.answer)
                    messages.success(request, _("The answer was approved."))
                else:
                    return_form = ReturnForm(request.POST)
                    return_form.is_valid()
                    services.answer_return(
                        actor=request.user,
                        answer=page.answer,
                        reason=return_form.cleaned_data.get("reason", ""),
                    )
                    messages.success(request, _("The answer was returned to the assessor."))
            except ValidationError as error:
                if action == "return" and hasattr(error, "error_dict"):
                    apply_service_error(return_form, error)
                else:
                    messages.error(request, " ".join(error.messages))
                    return redirect(here)
            else:
                return redirect(here)
        else:
            return HttpResponseBadRequest()
    actions = selectors_work.answer_actions(request.user, assignment, page.answer)
    return render(
        request,
        "rankings/work/answer.html",
        {
            "assignment": assignment,
            "cycle": assignment.cycle,
            "page": page,
            "answer": page.answer,
            "indicator": page.indicator,
            "actions": actions,
            "form": form,
            "return_form": return_form,
            "conflict": conflict,
            "conflict_message": conflict_message,
            "conflict_level": page.level_labels.get(conflict.level_id) if conflict else None,
            "show_form": actions.can_edit or (form.is_bound and actions.is_assessor),
        },
    )


# The reviewer's queue -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_worker(request.user)
    page = _page(request, selectors_work.review_queue(request.user))
    return render(
        request,
        "rankings/work/review_queue.html",
        {"page": page, "groups": selectors_work.queue_groups(page.object_list)},
    )


# The coordinator's dashboard ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cycle_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    publish_form = PublishForm()
    if request.method == "POST":
        if request.POST.get("action") != "publish":
            return HttpResponseBadRequest()
        publish_form = PublishForm(request.POST)
        if publish_form.is_valid():
            try:
                publication = services.cycle_publish(
                    actor=request.user, cycle=cycle, reason=publish_form.cleaned_data["reason"]
                )
            except ValidationError as error:
                apply_service_error(publish_form, error)
            else:
                messages.success(
                    request,
                    _("Version %(version)s of the results is published.")
                    % {"version": publication.version},
                )
                return redirect("rankings:work_cycle", cycle.pk)
    dashboard = selectors_work.cycle_dashboard(cycle)
    filters = DashboardFilterForm(request.GET or None, regions=selectors_work.cycle_regions(cycle))
    filters.is_valid()
    region = getattr(filters, "cleaned_data", {}).get("region")
    overdue_only = bool(getattr(filters, "cleaned_data", {}).get("overdue"))
    page = _page(
        request,
        selectors_work.dashboard_municipalities(cycle, region=region, overdue_only=overdue_only),
    )
    rows = [(assignment, selectors_work.overdue_in_row(cycle, assignment)) for assignment in page]
    return render(
        request,
        "rankings/work/dashboard.html",
        {
            "cycle": cycle,
            "dashboard": dashboard,
            "filters": filters,
            "overdue_only": overdue_only,
            "page": page,
            "rows": rows,
            "publish_form": publish_form,
            "can_disqualify": request.user.has_perm("rankings.disqualify"),
            "can_publish": request.user.has_perm("rankings.publish_cycle"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    regions = selectors_work.cycle_regions(cycle)
    filters = MunicipalityFilterForm(request.GET or None, regions=regions)
    filters.is_valid()
    region = getattr(filters, "cleaned_data", {}).get("region")
    options = {
        "municipalities": cycle.municipalities.all(),
        "regions": regions,
        "assessors": selectors_work.assessors(),
        "reviewers": selectors_work.reviewers(),
    }
    form = AssignmentForm(initial={"region": region}, **options)
    if request.method == "POST":
        form = AssignmentForm(request.POST, **options)
        if form.is_valid():
            data = form.cleaned_data
            try:
                count = services.assignment_bulk(
                    actor=request.user,
                    cycle=cycle,
                    municipalities=data["municipalities"],
                    assessor=data["assessor"],
                    reviewer=data["reviewer"],
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s municipality was assigned.",
                        "%(count)s municipalities were assigned.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(request.get_full_path())
    page = _page(request, selectors_work.cycle_assignments(cycle, region))
    chosen = (
        {str(value) for value in form.data.getlist("municipalities")} if form.is_bound else set()
    )
    return render(
        request,
        "rankings/work/assign.html",
        {
            "cycle": cycle,
            "filters": filters,
            "form": form,
            "page": page,
            "chosen": chosen,
            "region": region,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def disqualify(request: HttpRequest, pk: int, municipality_pk: int) -> HttpResponse:
    cycle = _cycle(request, pk, "rankings.disqualify")
    assignment = selectors_work.assignment_for_work(request.user, cycle.pk, municipality_pk)
    if assignment is None:
        raise Http404
    form = DisqualifyForm(initial={"reason": assignment.disqualification_reason})
    if request.method == "POST":
        form = DisqualifyForm(request.POST)
        if form.is_valid():
            try:
                services.assignment_disqualify(
                    actor=request.user,
                    cycle=cycle,
                    municipality=assignment.municipality,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                if form.cleaned_data["reason"].strip():
                    messages.success(
                        request,
                        _("%(municipality)s is disqualified.")
                        % {"municipality": assignment.municipality},
                    )
                else:
                    messages.success(
                        request,
                        _("%(municipality)s is not disqualified.")
                        % {"municipality": assignment.municipality},
                    )
                return redirect("rankings:work_cycle", cycle.pk)
    return render(
        request,
        "rankings/work/disqualify.html",
        {"cycle": cycle, "assignment": assignment, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """After publication: pick an answer, correct it with a reason, publish a new version."""
    cycle = _cycle(request, pk, "rankings.publish_cycle")
    published = selectors_work.is_published(cycle)
    pick_options = {
        "municipalities": cycle.municipalities.select_related("region").order_by("name", "pk"),
        "indicators": Indicator.objects.filter(methodology_id=cycle.methodology_id).order_by(
            "order", "code"
        ),
    }
    source = request.POST if request.method == "POST" else request.GET
    pick = CorrectionPickForm(source if "municipality" in source else None, **pick_options)
    picked = pick.is_valid()
    answer = None
    levels: list[Any] = []
    if picked:
        answer = selectors_work.answer_for_correction(
            cycle, pick.cleaned_data["municipality"], pick.cleaned_data["indicator"]
        ) or Answer(  # never answered: the correction gives it its first answer
            cycle=cycle,
            municipality=pick.cleaned_data["municipality"],
            indicator=pick.cleaned_data["indicator"],
        )
        if answer is not None:
            levels = list(answer.indicator.scale.levels.order_by("order", "code"))
    correction_form = None
    if answer is not None:
        correction_form = CorrectionForm(
            initial={
                "level": answer.level.code if answer.level else None,
                "comment": answer.comment,
                "recommendation": answer.recommendation,
                "evidence_urls": "\n".join(answer.evidence_urls),
            },
            levels=levels,
        )
    publish_form = PublishForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "correct" and answer is not None:
            correction_form = CorrectionForm(request.POST, levels=levels)
            if correction_form.is_valid():
                data = correction_form.cleaned_data
                try:
                    services.answer_correct(
                        actor=request.user,
                        answer=answer,
                        level_code=data["level"],
                        reason=data["reason"],
                        comment=data["comment"],
                        recommendation=data["recommendation"],
                        evidence_urls=data["evidence_urls"],
                    )
                except ValidationError as error:
                    apply_service_error(correction_form, error)
                else:
                    messages.success(
                        request,
                        _(
                            "The answer was corrected. The correction becomes public with the "
                            "next version."
                        ),
                    )
                    return redirect(request.get_full_path())
        elif action == "publish":
            publish_form = PublishForm(request.POST)
            if publish_form.is_valid():
                try:
                    publication = services.cycle_publish(
                        actor=request.user,
                        cycle=cycle,
                        reason=publish_form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    apply_service_error(publish_form, error)
                else:
                    messages.success(
                        request,
                        _("Version %(version)s of the results is published.")
                        % {"version": publication.version},
                    )
                    return redirect("rankings:work_correct", cycle.pk)
        else:
            return HttpResponseBadRequest()
    return render(
        request,
        "rankings/work/correct.html",
        {
            "cycle": cycle,
            "published": published,
            "pick": pick,
            "picked": picked,
            "answer": answer,
            "correction_form": correction_form,
            "publish_form": publish_form,
            "publications": selectors_work.publications(cycle),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("rankings.manage_cycle"):
        raise PermissionDenied
    options = {
        "methodologies": selectors_work.methodologies_for_cycles(),
        "regions": selectors_work.regions_with_municipalities(),
    }
    form = CycleOpenForm(**options)
    chosen: list[int] = []
    if request.method == "POST":
        chosen = CycleOpenForm(request.POST, **options).chosen_pks()
        if request.POST.get("action") == "filter":
            # Only show another region's municipalities: keep what was typed, judge nothing yet.
            initial: dict[str, Any] = {name: request.POST.get(name) for name in form.fields}
            initial["whole_region"] = bool(request.POST.get("whole_region"))
            initial["municipalities"] = chosen
            form = CycleOpenForm(initial=initial, **options)
        else:
            form = CycleOpenForm(request.POST, **options)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    cycle = services.cycle_open(
                        actor=request.user,
                        methodology=data["methodology"],
                        year=data["year"],
                        name=data["name"],
                        municipalities=data["chosen"],
                        information_requests_start=data["information_requests_start"],
                        assessment_start=data["assessment_start"],
                        review_start=data["review_start"],
                        reply_start=data["reply_start"],
                        publication_date=data["publication_date"],
                    )
                except ValidationError as error:
                    apply_service_error(form, error)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "The cycle is open with %(count)s municipality.",
                            "The cycle is open with %(count)s municipalities.",
                            len(data["chosen"]),
                        )
                        % {"count": len(data["chosen"])},
                    )
                    return redirect("rankings:work_cycle", cycle.pk)
    region = selectors_work.region_in(options["regions"], form["region"].value())
    return render(
        request,
        "rankings/work/cycle_new.html",
        {
            "form": form,
            "region": region,
            "chosen": set(chosen),
            "municipalities": selectors_work.municipalities_to_choose(region, chosen),
        },
    )


urlpatterns = [
    path("work/", my_work, name="work"),
    path("work/review/", review_queue, name="work_review"),
    path("work/cycles/new/", cycle_new, name="work_cycle_new"),
    path("work/cycles/<int:pk>/", cycle_dashboard, name="work_cycle"),
    path("work/cycles/<int:pk>/assign/", assign, name="work_assign"),
    path(
        "work/cycles/<int:pk>/disqualify/<int:municipality_pk>/",
        disqualify,
        name="work_disqualify",
    ),
    path("work/cycles/<int:pk>/correct/", correct, name="work_correct"),
    path("work/<int:cycle_pk>/<int:municipality_pk>/", municipality_sheet, name="work_sheet"),
    path(
        "work/<int:cycle_pk>/<int:municipality_pk>/<int:indicator_pk>/",
        answer,
        name="work_answer",
    ),
]
