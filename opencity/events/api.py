"""The read API of events: every public event (published or cancelled, never a draft) with its
attendance figures, the organisations present, minutes, outcomes and links. Registrations are
counted, never listed: nobody is named. Texts are in the language of `Accept-Language`. Every
endpoint makes a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from opencity.events import selectors
from opencity.events.models import EventKind, EventMode

router = Router(tags=["events"])

MAX_PAGE = 500


class EventOut(Schema):
    slug: str
    title: str
    kind: str = Field(..., description=", ".join(EventKind.values))
    mode: str = Field(..., description=", ".join(EventMode.values))
    status: str = Field(..., description="published or cancelled.")
    starts_at: str = Field(..., description="ISO 8601, UTC.")
    ends_at: str = Field(..., description="ISO 8601, UTC.")
    organiser: str
    organiser_kind: str = Field(..., description="cso, city_hall, national_government, ...")
    municipality_code: str = Field(..., description="Official code in its register, or empty.")
    municipality: str
    country: str = Field(..., description="ISO code of the municipality's country, or empty.")
    venue: str
    address: str
    online_url: str
    capacity: int | None = Field(..., description="null: no limit.")
    registration_required: bool
    registered_count: int = Field(..., description="People holding a seat now.")
    waiting_count: int = Field(..., description="People on the waiting list now.")
    marked_present_count: int = Field(
        ..., description="Registered people the organiser marked present."
    )
    attendance_count: int | None = Field(
        ..., description="Everyone who took part, as the organiser recorded it; null: not yet."
    )
    organisations_present: list[str]
    minutes: str
    outcomes: str
    consultations: list[str] = Field(..., description="Slugs of the linked consultations.")
    commitments: list[str] = Field(..., description="Identifiers of the linked commitments.")
    ranking_cycles: list[int] = Field(..., description="Ids of the linked ranking cycles.")
    url: str


class EventPage(Schema):
    count: int
    items: list[EventOut]


class EventQuery(Schema):
    limit: int = Field(100, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0)
    kind: str = Field("", description="One of the kinds, or empty for all.")
    when: str = Field(
        "", description="upcoming, past, or empty for all.", pattern="^(|upcoming|past)$"
    )
    municipality: str = Field("", description="A municipality's official code.")
    starts_after: datetime.datetime | None = None


def _record(request: HttpRequest, event: Any) -> dict[str, Any]:
    return selectors.open_data_record(event, request.build_absolute_uri(event.get_absolute_url()))


@router.get("/", response=EventPage)
def events(request: HttpRequest, query: Query[EventQuery]) -> dict[str, Any]:
    """Public events, oldest first, `limit` at a time; six queries whatever the numbers."""
    found = selectors.open_data_events()
    now = timezone.now()
    if query.kind:
        found = found.filter(kind=query.kind)
    if query.when == "upcoming":
        found = found.filter(ends_at__gte=now)
    elif query.when == "past":
        found = found.filter(ends_at__lt=now)
    if query.municipality:
        found = found.filter(municipality__code=query.municipality)
    if query.starts_after:
        found = found.filter(starts_at__gte=query.starts_after)
    count = found.count()
    page = list(found[query.offset : query.offset + query.limit])
    return {"count": count, "items": [_record(request, event) for event in page]}


@router.get("/{slug}", response=EventOut)
def event(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One public event; a draft or an unknown slug is not found (404)."""
    found = selectors.open_data_events().filter(slug=slug).first()
    if found is None:
        raise Http404
    return _record(request, found)
