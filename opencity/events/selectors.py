"""Reads for the pages of events, each with a number of queries that does not grow with the
number of events, registrations or links. Public reads go through `Event.public` (published and
cancelled events; drafts never) and never list who registered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from opencity.accounts.models import Organisation, User
from opencity.events.models import (
    Event,
    EventFile,
    EventStatus,
    Registration,
    RegistrationStatus,
)

REGISTERED = Q(registrations__status=RegistrationStatus.REGISTERED)
WAITING = Q(registrations__status=RegistrationStatus.WAITING)
SECTION_SHOWN = 5


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events with their organiser and municipality, `seats_taken` and `waiting_count`."""
    return events.select_related(
        "organiser", "municipality__country", "municipality__region"
    ).annotate(
        seats_taken=Count("registrations", filter=REGISTERED, distinct=True),
        waiting_count=Count("registrations", filter=WAITING, distinct=True),
    )


def seats_left(event: Event) -> int | None:
    """Seats still free (None: no limit), from `seats_taken` read with the event."""
    if event.capacity is None:
        return None
    return max(event.capacity - getattr(event, "seats_taken", 0), 0)


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""
    municipality: int | None = None
    organiser: str = ""
    mode: str = ""

    def apply(self, events: QuerySet[Event]) -> QuerySet[Event]:
        if self.kind:
            events = events.filter(kind=self.kind)
        if self.municipality:
            events = events.filter(municipality_id=self.municipality)
        if self.organiser:
            events = events.filter(organiser__slug=self.organiser)
        if self.mode:
            events = events.filter(mode=self.mode)
        return events


def filter_choices() -> dict[str, list[tuple[Any, str]]]:
    """The organisers and municipalities that have public events, for the filters. Two queries."""
    organisers = Organisation.objects.filter(pk__in=Event.public.values("organiser_id")).order_by(
        "name"
    )
    from opencity.places.models import Municipality

    municipalities = Municipality.objects.filter(
        pk__in=Event.public.filter(municipality__isnull=False).values("municipality_id")
    ).order_by("name")
    return {
        "organisers": [(o.slug, o.name) for o in organisers],
        "municipalities": [(m.pk, m.name) for m in municipalities],
    }


def upcoming(filters: EventFilters) -> QuerySet[Event]:
    return with_counts(filters.apply(Event.public.upcoming()))


def past(filters: EventFilters) -> QuerySet[Event]:
    return with_counts(filters.apply(Event.public.past()))


# One event -----------------------------------------------------------------------------------


@dataclass
class EventPage:
    event: Event
    seats_taken: int
    waiting_count: int
    registration: Registration | None
    organisations_present: list[Organisation] = field(default_factory=list)
    consultations: list[Any] = field(default_factory=list)
    commitments: list[Any] = field(default_factory=list)
    cycles: list[Any] = field(default_factory=list)
    files: list[EventFile] = field(default_factory=list)

    @property
    def seats_left(self) -> int | None:
        if self.event.capacity is None:
            return None
        return max(self.event.capacity - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0

    @property
    def registration_open(self) -> bool:
        from django.utils import timezone

        event = self.event
        return (
            event.status == EventStatus.PUBLISHED
            and event.registration_required
            and event.starts_at > timezone.now()
        )

    @property
    def is_registered(self) -> bool:
        return (
            self.registration is not None
            and self.registration.status == RegistrationStatus.REGISTERED
        )

    @property
    def is_waiting(self) -> bool:
        return (
            self.registration is not None and self.registration.status == RegistrationStatus.WAITING
        )

    @property
    def has_certificate(self) -> bool:
        from opencity.events.certificates import is_issued

        return self.registration is not None and is_issued(self.registration)

    @property
    def has_report(self) -> bool:
        event = self.event
        return bool(
            event.attendance_count is not None
            or event.minutes
            or event.outcomes
            or self.organisations_present
            or self.files
            or self.consultations
            or self.commitments
            or self.cycles
        )


def public_event(slug: str) -> Event | None:
    return with_counts(Event.public.filter(slug=slug)).first()


def event_page(event: Event, user: User | Any) -> EventPage:
    """Everything the event's page shows, from an event read by `public_event` (or
    `with_counts`). Six queries, seven for a person who is logged in."""
    from opencity.actionplans.models import Commitment
    from opencity.consultations.models import Consultation
    from opencity.rankings.models import Cycle

    registration = None
    if getattr(user, "is_authenticated", False):
        registration = Registration.objects.filter(event=event, user=user).first()
    return EventPage(
        event=event,
        seats_taken=getattr(event, "seats_taken", 0),
        waiting_count=getattr(event, "waiting_count", 0),
        registration=registration,
        organisations_present=list(event.organisations_present.order_by("name")),
        consultations=list(Consultation.public.filter(events=event).order_by("title")),
        commitments=list(
            Commitment.public.filter(events=event)
            .select_related("plan__member")
            .order_by("identifier")
        ),
        cycles=list(Cycle.objects.published().filter(events=event).order_by("-year", "name")),
        files=list(event.files.order_by("pk")),
    )


# Elsewhere on the platform ----------------------------------------------------------------------


def municipality_section(request: Any, municipality: Any) -> dict[str, Any] | None:
    """The municipality's next events and its most recent ones; None (no section) when it has
    none. Two queries."""
    events = Event.public.for_municipality(municipality)
    coming = list(with_counts(events.upcoming())[:SECTION_SHOWN])
    recent = list(with_counts(events.past())[:SECTION_SHOWN])
    if not coming and not recent:
        return None
    return {"municipality": municipality, "upcoming": coming, "recent": recent}


def events_for_commitment(commitment: Any) -> list[Event]:
    """The public events linked to a commitment, newest first. One query."""
    return list(
        Event.public.filter(commitments=commitment)
        .select_related("organiser")
        .order_by("-starts_at", "pk")
    )


def public_event_count() -> int:
    return Event.public.filter(status=EventStatus.PUBLISHED).count()


# Open data -------------------------------------------------------------------------------------


def open_data_events() -> QuerySet[Event]:
    """Every public event with its figures and links, for the downloads and the API: five
    queries however many events (the events, then organisations present, consultations,
    commitments and cycles). Registrations are counted, never listed."""
    from opencity.actionplans.models import Commitment
    from opencity.consultations.models import Consultation
    from opencity.rankings.models import Cycle

    return (
        Event.public.select_related("organiser", "municipality__country")
        .annotate(
            seats_taken=Count("registrations", filter=REGISTERED, distinct=True),
            waiting_count=Count("registrations", filter=WAITING, distinct=True),
            present_count=Count(
                "registrations",
                filter=Q(registrations__attended=True)
                & ~Q(registrations__status=RegistrationStatus.CANCELLED),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch("organisations_present", queryset=Organisation.objects.order_by("name")),
            Prefetch("consultations", queryset=Consultation.public.order_by("slug")),
            Prefetch("commitments", queryset=Commitment.public.order_by("identifier")),
            Prefetch("cycles", queryset=Cycle.objects.published().order_by("pk")),
        )
        .order_by("starts_at", "pk")
    )


OPEN_DATA_COLUMNS = (
    "slug",
    "title",
    "kind",
    "mode",
    "status",
    "starts_at",
    "ends_at",
    "organiser",
    "organiser_kind",
    "municipality_code",
    "municipality",
    "country",
    "venue",
    "address",
    "online_url",
    "capacity",
    "registration_required",
    "registered_count",
    "waiting_count",
    "marked_present_count",
    "attendance_count",
    "organisations_present",
    "minutes",
    "outcomes",
    "consultations",
    "commitments",
    "ranking_cycles",
    "url",
)


def _utc(moment: Any) -> str:
    import datetime

    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def open_data_record(event: Event, url: str) -> dict[str, Any]:
    """One event as open data, from `open_data_events()`: figures, never people. Lists are
    lists; the CSV joins them."""
    municipality = event.municipality
    return {
        "slug": event.slug,
        "title": event.title,
        "kind": event.kind,
        "mode": event.mode,
        "status": event.status,
        "starts_at": _utc(event.starts_at),
        "ends_at": _utc(event.ends_at),
        "organiser": event.organiser.name,
        "organiser_kind": event.organiser.kind,
        "municipality_code": municipality.code if municipality else "",
        "municipality": municipality.name if municipality else "",
        "country": municipality.country.code if municipality else "",
        "venue": event.venue,
        "address": event.address,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "registration_required": event.registration_required,
        "registered_count": event.seats_taken,
        "waiting_count": event.waiting_count,
        "marked_present_count": event.present_count,
        "attendance_count": event.attendance_count,
        "organisations_present": [o.name for o in event.organisations_present.all()],
        "minutes": event.minutes,
        "outcomes": event.outcomes,
        "consultations": [c.slug for c in event.consultations.all()],
        "commitments": [c.identifier for c in event.commitments.all()],
        "ranking_cycles": [c.pk for c in event.cycles.all()],
        "url": url,
    }
