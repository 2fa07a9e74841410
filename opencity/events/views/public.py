"""Public pages of events: the list of upcoming and past events with filters, an event's page
with registration, its calendar file, its files, and after it took place its attendance, minutes
and outcomes. Drafts are not found; who registered is never shown here, only how many seats are
taken. A certificate of participation is given only to its holder and the organiser."""

from __future__ import annotations

import mimetypes
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from opencity.core.ratelimit import key_for
from opencity.events import certificates, ical, selectors, services
from opencity.events.forms import EventFilterForm, RegistrationForm
from opencity.events.models import Event, EventFile, Registration, RegistrationStatus

EVENTS_PER_PAGE = 20
FILE_TYPES = {"application/pdf", "image/png", "image/jpeg"}


def _event(slug: str) -> Event:
    event = selectors.public_event(slug)
    if event is None:
        raise Http404
    return event


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    choices = selectors.filter_choices()
    form = EventFilterForm(request.GET or None, **choices)
    filters = selectors.EventFilters()
    if form.is_bound:
        form.is_valid()  # errors show beside their fields; the valid fields still filter
        filters = form.filters()
    upcoming = Paginator(selectors.upcoming(filters), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    past = Paginator(selectors.past(filters), EVENTS_PER_PAGE).get_page(request.GET.get("past"))
    for page in (upcoming, past):
        page.object_list = list(page.object_list)
        for event in page.object_list:
            event.seats_left = selectors.seats_left(event)
    return render(
        request,
        "events/public/index.html",
        {
            "form": form,
            "filtered": filters != selectors.EventFilters(),
            "upcoming": upcoming,
            "past": past,
            "time_zone": timezone.get_current_timezone_name(),
        },
    )


def _offset(event: Event) -> str:
    """The offset from UTC of the event's start in the platform's time zone, as +02:00."""
    offset = timezone.localtime(event.starts_at).strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def _render_detail(
    request: HttpRequest, event: Event, form: RegistrationForm | None = None, status: int = 200
) -> HttpResponse:
    page = selectors.event_page(event, request.user)
    return render(
        request,
        "events/public/detail.html",
        {
            "page": page,
            "event": event,
            "form": form or RegistrationForm(),
            "can_register": request.user.has_perm("events.register"),
            "can_manage": request.user.has_perm("events.manage", event),
            "time_zone": timezone.get_current_timezone_name(),
            "utc_offset": _offset(event),
        },
        status=status,
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_detail(request, _event(slug))


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    form = RegistrationForm(request.POST)
    if not request.user.has_perm("events.register"):
        messages.error(
            request,
            _("Confirm your e-mail address first: we sent you a link when you signed up."),
        )
        return _render_detail(request, event, form, status=403)
    if not form.is_valid():
        return _render_detail(request, event, form, status=400)
    try:
        registration = services.registration_create(
            actor=request.user,
            event=event,
            rate_key=key_for(request),
            organisation_name=form.cleaned_data["organisation_name"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_detail(request, event, form, status=400)
    if registration.status == RegistrationStatus.WAITING:
        messages.warning(
            request,
            _(
                "The event is full: you are on the waiting list. If a seat frees up, it is yours "
                "in the order people joined the list, and we will e-mail you."
            ),
        )
    else:
        messages.success(
            request,
            _("You are registered. We will e-mail you a reminder the day before."),
        )
    return redirect(event)


@login_required
@require_POST
def cancel_registration(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    registration = (
        Registration.objects.filter(event=event, user=request.user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None:
        messages.info(request, _("You were not registered for this event."))
        return redirect(event)
    services.registration_cancel(actor=request.user, registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


@require_safe
def calendar_file(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    content = ical.calendar(event, url=request.build_absolute_uri(event.get_absolute_url()))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ical.filename(event)}"'
    return response


@require_safe
def event_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    event = _event(slug)
    found = get_object_or_404(EventFile, event=event, pk=pk)
    name = os.path.basename(found.file.name)
    content_type = mimetypes.guess_type(name)[0]
    if content_type not in FILE_TYPES:
        content_type = "application/octet-stream"
    response = FileResponse(
        found.file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
@require_safe
def certificate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The certificate of one attendee: for them and for the organiser, nobody else."""
    event = _event(slug)
    registration = get_object_or_404(
        Registration.objects.select_related("user", "event__organiser"), event=event, pk=pk
    )
    if registration.user_id != request.user.pk and not request.user.has_perm(
        "events.view_registrations", event
    ):
        raise PermissionDenied
    if not certificates.is_issued(registration):
        raise Http404
    response = HttpResponse(
        certificates.certificate_pdf(registration), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{registration.certificate_number}.pdf"'
    )
    return response


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("<slug:slug>/", detail, name="detail"),
    path("<slug:slug>/register/", register, name="register"),
    path("<slug:slug>/cancel-registration/", cancel_registration, name="cancel_registration"),
    path("<slug:slug>/calendar.ics", calendar_file, name="ical"),
    path("<slug:slug>/files/<int:pk>/", event_file, name="file"),
    path("<slug:slug>/certificates/<int:pk>.pdf", certificate, name="certificate"),
]
