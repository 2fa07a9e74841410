"""Work pages of events, under /events/work/, for the officials and coordinators of an
organiser: prepare, publish and cancel an event, see who registered (also as CSV), tick who was
present and which organisations came, write the minutes and outcomes with their links, and add
files. Each page asks the rules first (403 otherwise); a form checks what was typed, one service
writes it, and a refusal of the service comes back on the form with everything typed kept."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opencity.accounts.models import Membership, Organisation, User
from opencity.core.text import latin_slug
from opencity.events import services
from opencity.events.forms import AttendanceForm, EventFileForm, EventForm, ReportForm
from opencity.events.models import Event, Registration, RegistrationStatus
from opencity.events.rules import ORGANISER_ROLES

# Addresses under /events/ that an event's slug must not take.
RESERVED_SLUGS = {"work", "data"}


def _require(request: HttpRequest, permission: str, obj: object = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _event(request: HttpRequest, slug: str, permission: str = "events.manage") -> Event:
    """Any event, drafts included, for those who organise it; refused to everyone else."""
    event = get_object_or_404(
        Event.all_objects.select_related("organiser", "municipality"), slug=slug
    )
    _require(request, permission, event)
    return event


def _organisers(user: User) -> QuerySet[Organisation]:
    """The organisations where the person prepares events (every one for platform admins)."""
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(
        pk__in=Membership.objects.filter(user=user, role__in=ORGANISER_ROLES).values(
            "organisation_id"
        )
    ).order_by("name")


def _municipalities(user: User, event: Event | None = None) -> QuerySet[Any]:
    """The municipalities an event may be linked to: those of the person's organisations, and
    the one it has already."""
    from opencity.places.models import Municipality

    wanted = Q(pk__in=_organisers(user).filter(municipality__isnull=False).values("municipality"))
    if event is not None and event.municipality_id:
        wanted |= Q(pk=event.municipality_id)
    return Municipality.objects.filter(wanted).order_by("name")


def _add_service_error(form: BaseForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _write(form: BaseForm, action: Callable[[], Any]) -> tuple[bool, Any]:
    try:
        return True, action()
    except ValidationError as error:
        _add_service_error(form, error)
        return False, None


def unique_slug(title: str) -> str:
    base = latin_slug(title, fallback="event")[:100].strip("-") or "event"
    if base in RESERVED_SLUGS:
        base = f"{base}-event"
    taken = set(Event.all_objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


# The list ------------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    organisers = list(_organisers(request.user))
    if not organisers:
        raise PermissionDenied
    events = (
        Event.all_objects.filter(organiser__in=organisers)
        .select_related("organiser")
        .annotate(
            seats_taken=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
                distinct=True,
            ),
            waiting_count=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.WAITING),
                distinct=True,
            ),
        )
        .order_by("-starts_at", "pk")[:200]
    )
    return render(
        request,
        "events/work/dashboard.html",
        {"events": events, "organisers": organisers},
    )


# One event -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    organisers = _organisers(request.user)
    if not organisers.exists():
        raise PermissionDenied
    form = EventForm(
        request.POST or None,
        organisers=organisers,
        municipalities=_municipalities(request.user),
    )
    if request.method == "POST" and form.is_valid():
        organiser = form.cleaned_data["organiser"]
        saved, event = _write(
            form,
            lambda: services.event_create(
                actor=request.user,
                organiser=organiser,
                slug=unique_slug(form.cleaned_data["title"]),
                **form.event_fields(),
            ),
        )
        if saved:
            messages.success(
                request, _("The event is saved as a draft. Publish it when it is ready.")
            )
            return redirect("events:work_event", slug=event.slug)
    return render(request, "events/work/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    form = EventForm(
        request.POST or None,
        instance=event,
        municipalities=_municipalities(request.user, event),
    )
    if request.method == "POST" and form.is_valid():
        fields = form.event_fields()
        event.refresh_from_db()
        saved, _event_saved = _write(
            form, lambda: services.event_update(actor=request.user, event=event, **fields)
        )
        if saved:
            messages.success(request, _("The event is saved."))
            return redirect("events:work_event", slug=event.slug)
    return render(request, "events/work/event_form.html", {"form": form, "event": event})


@login_required
@require_GET
def event_work(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    counts = event.registrations.aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        present=Count("pk", filter=Q(attended=True) & ~Q(status=RegistrationStatus.CANCELLED)),
    )
    return render(
        request,
        "events/work/event.html",
        {
            "event": event,
            "counts": counts,
            "files": list(event.files.order_by("pk")),
            "file_form": EventFileForm(),
            "started": event.starts_at <= timezone.now(),
        },
    )


@login_required
@require_POST
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    try:
        services.event_publish(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is published."))
    return redirect("events:work_event", slug=event.slug)


@login_required
@require_POST
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    try:
        services.event_cancel(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The event is cancelled. Its page says so to everyone who opens it.")
        )
    return redirect("events:work_event", slug=event.slug)


@login_required
@require_POST
def file_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    form = EventFileForm(request.POST, request.FILES)
    if form.is_valid():
        saved, _file = _write(
            form,
            lambda: services.event_file_add(
                actor=request.user,
                event=event,
                title=form.cleaned_data["title"],
                uploaded=form.cleaned_data["file"],
            ),
        )
        if saved:
            messages.success(request, _("The file is added."))
            return redirect("events:work_event", slug=event.slug)
    counts = event.registrations.aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        present=Count("pk", filter=Q(attended=True) & ~Q(status=RegistrationStatus.CANCELLED)),
    )
    return render(
        request,
        "events/work/event.html",
        {
            "event": event,
            "counts": counts,
            "files": list(event.files.order_by("pk")),
            "file_form": form,
            "started": event.starts_at <= timezone.now(),
        },
        status=400,
    )


# Registrations -------------------------------------------------------------------------------


def _registrations(event: Event) -> list[Registration]:
    return list(
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
        .order_by("status", "created_at", "pk")
    )


@login_required
@require_GET
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.view_registrations")
    return render(
        request,
        "events/work/registrations.html",
        {"event": event, "registrations": _registrations(event)},
    )


def _cell(value: object) -> str:
    """A spreadsheet would run a cell starting with one of these as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@login_required
@require_GET
def registrations_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.view_registrations")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("name"),
            _("e-mail"),
            _("organisation"),
            _("status"),
            _("registered"),
            _("present"),
            _("certificate number"),
        ]
    )
    present_labels = {True: _("yes"), False: _("no"), None: ""}
    for registration in _registrations(event):
        writer.writerow(
            [
                _cell(registration.user.display_name),
                _cell(registration.user.email),
                _cell(registration.organisation_name),
                registration.get_status_display(),
                timezone.localtime(registration.created_at).isoformat(timespec="minutes"),
                present_labels[registration.attended],
                registration.certificate_number,
            ]
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    people = _registrations(event)
    initial = {
        "present": [str(r.pk) for r in people if r.attended],
        "attendance_count": event.attendance_count,
        "organisations_present": list(event.organisations_present.values_list("pk", flat=True)),
    }
    form = AttendanceForm(
        request.POST or None,
        initial=initial,
        registrations=people,
        organisations=Organisation.objects.order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        saved, marked = _write(
            form,
            lambda: services.attendance_record(
                actor=request.user,
                event=event,
                present=form.present_ids(),
                attendance_count=form.cleaned_data["attendance_count"],
                organisations_present=list(form.cleaned_data["organisations_present"]),
            ),
        )
        if saved:
            messages.success(
                request,
                _("Attendance is saved: %(count)d registered people marked present.")
                % {"count": marked},
            )
            return redirect("events:work_event", slug=event.slug)
    return render(
        request,
        "events/work/attendance.html",
        {
            "event": event,
            "form": form,
            "started": event.starts_at <= timezone.now(),
            "registrations": {str(r.pk): r for r in people},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    from opencity.actionplans.models import Commitment
    from opencity.consultations.models import Consultation
    from opencity.rankings.models import Cycle

    event = _event(request, slug)
    initial = {
        "minutes": event.minutes,
        "outcomes": event.outcomes,
        "consultations": list(event.consultations.values_list("pk", flat=True)),
        "commitments": list(event.commitments.values_list("pk", flat=True)),
        "cycles": list(event.cycles.values_list("pk", flat=True)),
    }
    form = ReportForm(
        request.POST or None,
        initial=initial,
        consultations=Consultation.public.order_by("title"),
        commitments=Commitment.public.order_by("identifier"),
        cycles=Cycle.objects.published().order_by("-year", "name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved, _saved_event = _write(
            form,
            lambda: services.event_report_set(
                actor=request.user,
                event=event,
                minutes=data["minutes"],
                outcomes=data["outcomes"],
                consultations=list(data["consultations"]),
                commitments=list(data["commitments"]),
                cycles=list(data["cycles"]),
            ),
        )
        if saved:
            messages.success(request, _("The minutes and outcomes are saved."))
            return redirect("events:work_event", slug=event.slug)
    return render(request, "events/work/report.html", {"event": event, "form": form})


def work_url(event: Event) -> str:
    return reverse("events:work_event", kwargs={"slug": event.slug})


urlpatterns: list[URLPattern] = [
    path("work/", dashboard, name="work"),
    path("work/new/", event_new, name="work_new"),
    path("work/<slug:slug>/", event_work, name="work_event"),
    path("work/<slug:slug>/edit/", event_edit, name="work_edit"),
    path("work/<slug:slug>/publish/", event_publish, name="work_publish"),
    path("work/<slug:slug>/cancel/", event_cancel, name="work_cancel"),
    path("work/<slug:slug>/files/", file_add, name="work_files"),
    path("work/<slug:slug>/registrations/", registrations, name="work_registrations"),
    path("work/<slug:slug>/registrations.csv", registrations_csv, name="work_registrations_csv"),
    path("work/<slug:slug>/attendance/", attendance, name="work_attendance"),
    path("work/<slug:slug>/report/", report, name="work_report"),
]
