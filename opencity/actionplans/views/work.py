"""Work pages of action plans, under /action-plans/work/.

- Officials of a member's government body keep its plans: the co-creation record and its events,
  commitments, milestones (also as a CSV or XLSX file), progress with evidence, and the
  government's self-assessment. Officials of a commitment's lead institution report its
  progress and update its milestones.
- Independent assessors record assessments on the IRM scales; members of a civil-society
  organisation record its monitoring assessment.

Each page asks the rules first (403 otherwise). A form checks what was typed, one service writes
it, and the page redirects with a message; a refusal of the service comes back on the form, tied
to its field, with everything typed kept.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from opencity.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from opencity.actionplans import milestone_exchange, services
from opencity.actionplans.forms import (
    AssessmentForm,
    CoCreationEventForm,
    CommitmentForm,
    MilestoneForm,
    MilestonesImportForm,
    PlanForm,
    ProgressForm,
)
from opencity.actionplans.models import (
    ActionPlan,
    Assessment,
    Commitment,
    Milestone,
)
from opencity.actionplans.scales import AssessorKind, MilestoneStatus
from opencity.core.text import latin_slug

COMMITMENTS_PER_PAGE = 50
PLANS_PER_PAGE = 20
OVERDUE_SHOWN = 100
HISTORY_SHOWN = 50
IMPORT_SESSION_KEY = "actionplans-milestones-import"

# Looking objects up ------------------------------------------------------------------------


def _require(request: HttpRequest, permission: str, obj: object = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _plan(request: HttpRequest, identifier: str) -> ActionPlan:
    """The plan, for those who keep it; refused to everyone else."""
    plan = get_object_or_404(ActionPlan.all_objects.select_related("member"), identifier=identifier)
    _require(request, "actionplans.manage_plan", plan)
    return plan


def _commitment(request: HttpRequest, identifier: str) -> Commitment:
    """The commitment; of a plan in preparation only for those who may see drafts."""
    commitment = get_object_or_404(
        Commitment.all_objects.select_related("plan__member", "lead_institution"),
        identifier=identifier,
    )
    if not commitment.plan.is_public and not request.user.has_perm(
        "actionplans.view_draft_plan", commitment.plan
    ):
        if request.user.has_perm("actionplans.report_progress", commitment):
            return commitment
        raise Http404
    return commitment


def _official_organisations(user: User) -> list[int]:
    return list(
        Membership.objects.filter(user=user, role=Role.OFFICIAL).values_list(
            "organisation_id", flat=True
        )
    )


def _add_service_error(form: BaseForm, error: ValidationError, field: str | None = None) -> None:
    """A service's refusal on the form: on the field it names when the form has that field,
    else on `field`, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(field, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else field, errors)


def _write(form: BaseForm, action: Callable[[], Any], field: str | None = None) -> tuple[bool, Any]:
    """Run one service; on ValidationError put it on the form."""
    try:
        return True, action()
    except ValidationError as error:
        _add_service_error(form, error, field)
        return False, None


# The dashboard ---------------------------------------------------------------------------


def _with_milestones(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return commitments.select_related("plan__member", "lead_institution").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("number"))
    )


def _row(commitment: Commitment, today: Any) -> dict[str, Any]:
    milestones = list(commitment.milestones.all())
    return {
        "commitment": commitment,
        "milestones": len(milestones),
        "complete": sum(1 for m in milestones if m.status == MilestoneStatus.COMPLETE),
        "overdue": sum(1 for m in milestones if m.is_delayed(today)),
    }


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """What the person's roles let them work on, overdue milestones first."""
    user = request.user
    today = timezone.localdate()
    is_admin = user.is_superuser
    organisations = _official_organisations(user)
    can_assess = user.has_perm("actionplans.assess_independently")
    can_monitor = user.has_perm("actionplans.monitor")
    if not (is_admin or organisations or can_assess or can_monitor):
        raise PermissionDenied

    plans_page = None
    led: list[dict[str, Any]] = []
    overdue: list[Milestone] = []
    if is_admin or organisations:
        plans = ActionPlan.all_objects.select_related("member").order_by("member__name", "number")
        scope = Q()
        if not is_admin:
            plans = plans.filter(member__government_id__in=organisations)
            scope = Q(commitment__plan__member__government_id__in=organisations) | Q(
                commitment__lead_institution_id__in=organisations
            )
        plans = plans.prefetch_related(
            Prefetch(
                "commitments",
                queryset=_with_milestones(Commitment.all_objects.order_by("identifier")),
            )
        )
        plans_page = Paginator(plans, PLANS_PER_PAGE).get_page(request.GET.get("plans"))
        for plan in plans_page:
            plan.rows = [_row(commitment, today) for commitment in plan.commitments.all()]
        if not is_admin:
            led = [
                _row(commitment, today)
                for commitment in _with_milestones(
                    Commitment.all_objects.filter(lead_institution_id__in=organisations)
                    .exclude(plan__member__government_id__in=organisations)
                    .order_by("identifier")
                )
            ]
        overdue = list(
            Milestone.objects.filter(scope, end_date__lt=today)
            .exclude(status=MilestoneStatus.COMPLETE)
            .select_related("commitment__plan__member")
            .order_by("end_date", "commitment__identifier", "number")[:OVERDUE_SHOWN]
        )

    to_assess = None
    if can_assess or can_monitor:
        to_assess = Paginator(
            Commitment.public.select_related("plan__member").order_by(
                "plan__member__name", "plan__number", "identifier"
            ),
            COMMITMENTS_PER_PAGE,
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "actionplans/work/dashboard.html",
        {
            "is_admin": is_admin,
            "plans_page": plans_page,
            "led": led,
            "overdue": overdue,
            "to_assess": to_assess,
            "can_assess": can_assess,
            "can_monitor": can_monitor,
            "today": today,
        },
    )


# Plans and their co-creation record ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, identifier: str) -> HttpResponse:
    plan = _plan(request, identifier)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS}
        saved, _result = _write(
            form, lambda: services.plan_update(actor=request.user, plan=plan, **changes)
        )
        if saved:
            messages.success(request, _("The plan was saved."))
            return redirect("actionplans:work_plan", identifier=plan.identifier)
    # The record as stored, whatever the form holds.
    stored = ActionPlan.all_objects.select_related("member").get(pk=plan.pk)
    return render(
        request,
        "actionplans/work/plan.html",
        {
            "plan": stored,
            "form": form,
            "events": stored.co_creation_events.all(),
            "commitments": Commitment.all_objects.filter(plan=stored).order_by("identifier"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def co_creation_event_add(request: HttpRequest, identifier: str) -> HttpResponse:
    plan = _plan(request, identifier)
    form = CoCreationEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved, _result = _write(
            form,
            lambda: services.co_creation_event_add(
                actor=request.user, plan=plan, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("The event was added to the co-creation record."))
            return redirect("actionplans:work_plan", identifier=plan.identifier)
    return render(request, "actionplans/work/event_form.html", {"plan": plan, "form": form})


# Commitments -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request: HttpRequest, identifier: str) -> HttpResponse:
    plan = _plan(request, identifier)
    form = CommitmentForm(request.POST or None, plan=plan, instance=Commitment(plan=plan))
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        saved, commitment = _write(
            form,
            lambda: services.commitment_create(
                actor=request.user,
                plan=plan,
                identifier=form.cleaned_data["identifier"],
                **arguments,
            ),
        )
        if saved:
            messages.success(request, _("The commitment was created."))
            return redirect("actionplans:work_commitment", identifier=commitment.identifier)
    return render(
        request,
        "actionplans/work/commitment_form.html",
        {"plan": plan, "form": form, "commitment": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, identifier: str) -> HttpResponse:
    commitment = _commitment(request, identifier)
    _require(request, "actionplans.manage_plan", commitment)
    form = CommitmentForm(request.POST or None, plan=commitment.plan, instance=commitment)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        saved, _result = _write(
            form,
            lambda: services.commitment_update(
                actor=request.user, commitment=commitment, **arguments
            ),
        )
        if saved:
            messages.success(request, _("The commitment was saved."))
            return redirect("actionplans:work_commitment", identifier=commitment.identifier)
    return render(
        request,
        "actionplans/work/commitment_form.html",
        {"plan": commitment.plan, "form": form, "commitment": commitment},
    )


_HISTORY_FIELDS = [
    "number",
    "deliverable",
    "responsible",
    "start_date",
    "end_date",
    "status",
    "completed_on",
    "weight",
]


def _milestone_history(commitment: Commitment) -> list[dict[str, Any]]:
    """Every recorded change of the commitment's milestones, newest first: who, when, and each
    field before and after. One query: the records are compared in order, by milestone."""
    records = list(
        Milestone.history.filter(commitment_id=commitment.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    fields = {name: Milestone._meta.get_field(name) for name in _HISTORY_FIELDS}
    previous: dict[int, Any] = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        for name, model_field in fields.items():
            after_value = getattr(record, name)
            before_value = getattr(before, name) if before is not None else None
            if before is None and after_value in (None, ""):
                continue
            if before is None or before_value != after_value:
                changes.append(
                    {
                        "field": model_field.verbose_name,
                        "before": _shown(model_field, before_value) if before else "",
                        "after": _shown(model_field, after_value),
                    }
                )
        previous[record.id] = record
        if changes or record.history_type == "-":
            entries.append(
                {
                    "record": record,
                    "number": record.number,
                    "kind": record.history_type,
                    "user": record.history_user,
                    "changes": changes,
                }
            )
    entries.reverse()
    return entries[:HISTORY_SHOWN]


def _shown(model_field: Any, value: Any) -> str:
    if value in (None, ""):
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


@login_required
@require_GET
def commitment_work(request: HttpRequest, identifier: str) -> HttpResponse:
    """The commitment's milestones, their history, and the links to report and assess."""
    commitment = _commitment(request, identifier)
    user = request.user
    can_report = user.has_perm("actionplans.report_progress", commitment)
    can_manage = user.has_perm("actionplans.manage_plan", commitment)
    can_self_assess = user.has_perm("actionplans.self_assess", commitment)
    can_assess = user.has_perm("actionplans.assess_independently")
    can_monitor = user.has_perm("actionplans.monitor")
    if not (can_report or can_assess or can_monitor):
        raise PermissionDenied
    today = timezone.localdate()
    milestones = list(commitment.milestones.order_by("number"))
    for milestone in milestones:
        milestone.delayed = milestone.is_delayed(today)
    return render(
        request,
        "actionplans/work/commitment.html",
        {
            "commitment": commitment,
            "plan": commitment.plan,
            "milestones": milestones,
            "history": _milestone_history(commitment) if can_report else None,
            "assessments": Assessment.objects.filter(commitment=commitment).select_related(
                "organisation"
            ),
            "can_report": can_report,
            "can_manage": can_manage,
            "can_self_assess": can_self_assess,
            "can_assess": can_assess,
            "can_monitor": can_monitor,
        },
    )


# Milestones and progress -------------------------------------------------------------------


def _milestone_fields(form: MilestoneForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, identifier: str) -> HttpResponse:
    commitment = _commitment(request, identifier)
    _require(request, "actionplans.manage_plan", commitment)
    last = commitment.milestones.order_by("-number").values_list("number", flat=True).first()
    form = MilestoneForm(
        request.POST or None,
        instance=Milestone(commitment=commitment),
        initial={"number": (last or 0) + 1},
    )
    if request.method == "POST" and form.is_valid():
        fields = _milestone_fields(form)
        saved, _result = _write(
            form,
            lambda: services.milestone_create(actor=request.user, commitment=commitment, **fields),
        )
        if saved:
            messages.success(request, _("The milestone was added."))
            return redirect("actionplans:work_commitment", identifier=commitment.identifier)
    return render(
        request,
        "actionplans/work/milestone_form.html",
        {"commitment": commitment, "plan": commitment.plan, "form": form, "milestone": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, identifier: str, number: int) -> HttpResponse:
    commitment = _commitment(request, identifier)
    milestone = get_object_or_404(Milestone, commitment=commitment, number=number)
    _require(request, "actionplans.report_progress", milestone)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        fields = _milestone_fields(form)
        saved, _result = _write(
            form,
            lambda: services.milestone_update(actor=request.user, milestone=milestone, **fields),
        )
        if saved:
            messages.success(request, _("The milestone was saved."))
            return redirect("actionplans:work_commitment", identifier=commitment.identifier)
    return render(
        request,
        "actionplans/work/milestone_form.html",
        {
            "commitment": commitment,
            "plan": commitment.plan,
            "form": form,
            "milestone": Milestone.objects.get(pk=milestone.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_report(request: HttpRequest, identifier: str) -> HttpResponse:
    commitment = _commitment(request, identifier)
    _require(request, "actionplans.report_progress", commitment)
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        commitment=commitment,
        initial={"reported_on": timezone.localdate(), "milestone": request.GET.get("milestone")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved, _result = _write(
            form,
            lambda: services.progress_report(
                actor=request.user,
                commitment=commitment,
                reported_on=data["reported_on"],
                title=data["title"],
                text=data["text"],
                progress=data["progress"],
                milestone=data["milestone"],
                milestone_status=data["milestone_status"] or None,
                links=data["links"],
                files=data["files"],
            ),
            field="files",
        )
        if saved:
            messages.success(request, _("The progress was reported."))
            return redirect("actionplans:work_commitment", identifier=commitment.identifier)
    return render(
        request,
        "actionplans/work/progress_form.html",
        {"commitment": commitment, "plan": commitment.plan, "form": form},
    )


# Assessments -------------------------------------------------------------------------------


def _assessing_organisations(
    request: HttpRequest, commitment: Commitment, kind: str
) -> QuerySet[Organisation]:
    """The organisations the person may write this kind of assessment for; refused when none."""
    user = request.user
    organisations = Organisation.objects.order_by("name")
    if kind == AssessorKind.INDEPENDENT:
        _require(request, "actionplans.assess_independently")
        role_filter = Q(memberships__role=Role.INDEPENDENT_ASSESSOR)
    elif kind == AssessorKind.SELF:
        _require(request, "actionplans.self_assess", commitment)
        return organisations.filter(pk=commitment.plan.member.government_id)
    elif kind == AssessorKind.CIVIL_SOCIETY:
        _require(request, "actionplans.monitor")
        organisations = organisations.filter(kind=OrganisationKind.CSO)
        role_filter = Q()
    else:
        raise Http404
    if user.is_superuser:
        return organisations.filter(role_filter).distinct()
    return organisations.filter(role_filter, memberships__user=user).distinct()


ASSESSMENT_TITLES = {
    AssessorKind.INDEPENDENT: AssessorKind.INDEPENDENT.label,
    AssessorKind.SELF: AssessorKind.SELF.label,
    AssessorKind.CIVIL_SOCIETY: AssessorKind.CIVIL_SOCIETY.label,
}


@login_required
@require_http_methods(["GET", "POST"])
def assessment_record(request: HttpRequest, identifier: str, kind: str) -> HttpResponse:
    commitment = _commitment(request, identifier)
    organisations = _assessing_organisations(request, commitment, kind)
    if not organisations.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {"organisation": organisations.first()}
    revised = None
    if request.method == "GET" and request.GET.get("report"):
        revised = (
            Assessment.objects.filter(
                commitment=commitment,
                assessor_kind=kind,
                report_type=request.GET["report"],
                organisation__in=organisations,
            )
            .order_by("pk")
            .first()
        )
    if revised is not None:
        initial.update(
            {
                "organisation": revised.organisation,
                "report_type": revised.report_type,
                "published_on": revised.published_on,
                "promising": revised.promising,
                "summary": revised.summary,
                "url": revised.url,
                **{name: getattr(revised, name) for name in services.ASSESSMENT_SCALE_FIELDS},
            }
        )
    form = AssessmentForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        saved, _result = _write(
            form,
            lambda: services.assessment_record(
                actor=request.user, commitment=commitment, assessor_kind=kind, **arguments
            ),
        )
        if saved:
            messages.success(request, _("The assessment was saved."))
            return redirect("actionplans:work_commitment", identifier=commitment.identifier)
    return render(
        request,
        "actionplans/work/assessment_form.html",
        {
            "commitment": commitment,
            "plan": commitment.plan,
            "form": form,
            "kind": kind,
            "kind_label": ASSESSMENT_TITLES[kind],
            "revised": revised,
        },
    )


# Milestones as a file ----------------------------------------------------------------------


@login_required
@require_GET
def milestones_download(request: HttpRequest, identifier: str, fmt: str) -> HttpResponse:
    """The plan's milestones as CSV or XLSX: the format the import reads."""
    plan = _plan(request, identifier)
    if fmt == "xlsx":
        response = HttpResponse(
            milestone_exchange.export_xlsx(plan),
            content_type=milestone_exchange.XLSX_CONTENT_TYPE,
        )
    else:
        response = HttpResponse(
            milestone_exchange.export_csv(plan), content_type=milestone_exchange.CSV_CONTENT_TYPE
        )
    name = latin_slug(f"{plan.identifier} milestones", fallback=f"plan-{plan.pk}-milestones")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _import(
    request: HttpRequest, plan: ActionPlan, data: bytes, filename: str, *, dry_run: bool
) -> milestone_exchange.ImportSummary:
    return milestone_exchange.milestones_import(
        actor=request.user, plan=plan, data=io.BytesIO(data), filename=filename, dry_run=dry_run
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestones_import(request: HttpRequest, identifier: str) -> HttpResponse:
    """Two steps: the file is checked and its counts shown (nothing written yet); the person
    confirms, and the same file, kept in the session meanwhile, is imported."""
    plan = _plan(request, identifier)
    session_key = f"{IMPORT_SESSION_KEY}-{plan.pk}"
    form = MilestonesImportForm()
    preview = None
    problem_count = 0
    if request.method == "POST" and "confirm" in request.POST:
        kept = request.session.pop(session_key, None)
        if kept is None:
            messages.error(request, _("Choose the file again: the checked file is no longer kept."))
            return redirect("actionplans:work_milestones_import", identifier=plan.identifier)
        try:
            summary = _import(
                request, plan, base64.b64decode(kept["data"]), kept["name"], dry_run=False
            )
        except milestone_exchange.MilestonesFileError as error:
            problem_count = len(error.problems)
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _(
                    "The milestones were imported. New: %(created)s. Updated: %(updated)s. "
                    "Unchanged: %(unchanged)s."
                )
                % {
                    "created": summary.created,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                },
            )
            return redirect("actionplans:work_plan", identifier=plan.identifier)
    elif request.method == "POST":
        form = MilestonesImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(milestone_exchange.MAX_BYTES + 1)
            try:
                preview = _import(request, plan, data, upload.name or "", dry_run=True)
            except milestone_exchange.MilestonesFileError as error:
                problem_count = len(error.problems)
                form.add_error("file", error)
            else:
                request.session[session_key] = {
                    "name": upload.name or "",
                    "data": base64.b64encode(data).decode("ascii"),
                }
    return render(
        request,
        "actionplans/work/milestones_import.html",
        {
            "plan": plan,
            "form": form,
            "preview": preview,
            "problem_count": problem_count,
            "columns": milestone_exchange.COLUMNS,
            "statuses": MilestoneStatus.values,
        },
    )


def _commitment_path(route: str) -> str:
    return f"work/commitments/<str:identifier>/{route}"


urlpatterns: list[URLPattern] = [
    path("work/", dashboard, name="work"),
    path("work/plans/<str:identifier>/", plan_edit, name="work_plan"),
    path(
        "work/plans/<str:identifier>/events/new/",
        co_creation_event_add,
        name="work_event_add",
    ),
    path(
        "work/plans/<str:identifier>/commitments/new/",
        commitment_create,
        name="work_commitment_create",
    ),
    path(
        "work/plans/<str:identifier>/milestones/import/",
        milestones_import,
        name="work_milestones_import",
    ),
    path(
        "work/plans/<str:identifier>/milestones.csv",
        milestones_download,
        {"fmt": "csv"},
        name="work_milestones_csv",
    ),
    path(
        "work/plans/<str:identifier>/milestones.xlsx",
        milestones_download,
        {"fmt": "xlsx"},
        name="work_milestones_xlsx",
    ),
    path(_commitment_path(""), commitment_work, name="work_commitment"),
    path(_commitment_path("edit/"), commitment_edit, name="work_commitment_edit"),
    path(_commitment_path("milestones/new/"), milestone_create, name="work_milestone_create"),
    path(
        _commitment_path("milestones/<int:number>/"),
        milestone_edit,
        name="work_milestone_edit",
    ),
    path(_commitment_path("progress/"), progress_report, name="work_progress"),
    path(
        _commitment_path("assess/<str:kind>/"),
        assessment_record,
        name="work_assessment",
    ),
]
