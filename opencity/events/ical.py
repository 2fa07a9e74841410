"""An event as an iCalendar file (RFC 5545), written by hand: one VEVENT in a VCALENDAR, lines
ended by CRLF and folded at 75 octets, text escaped, times in UTC."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from opencity.events.models import Event, EventMode, EventStatus

PRODUCT = "-//OpenCity//Public events//EN"
MAX_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_LINE_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    limit = MAX_LINE_OCTETS
    for character in line:
        if len((current + character).encode("utf-8")) > limit:
            parts.append(current)
            current = ""
            limit = MAX_LINE_OCTETS - 1  # continuation lines start with a space
        current += character
    parts.append(current)
    return "\r\n ".join(parts)


def uid(event: Event) -> str:
    domain = getattr(settings, "OPENCITY_SITE_URL", "") or "opencity.local"
    domain = domain.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "opencity.local"
    return f"event-{event.pk}@{domain}"


def location(event: Event) -> str:
    place = ", ".join(part for part in (event.venue, event.address) if part)
    if event.mode == EventMode.ONLINE:
        return event.online_url
    if event.mode == EventMode.HYBRID and event.online_url:
        return f"{place} / {event.online_url}" if place else event.online_url
    return place


def calendar(event: Event, *, url: str, now: datetime.datetime | None = None) -> bytes:
    """The iCalendar file of one event; `url` is the event's page."""
    stamp = utc_stamp(now or timezone.now())
    description = f"{event.organiser.name}\n\n{event.description}".strip()
    if event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid(event)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"STATUS:{'CANCELLED' if event.status == EventStatus.CANCELLED else 'CONFIRMED'}",
        f"URL:{url}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    where = location(event)
    if where:
        lines.append(f"LOCATION:{escape_text(where)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")


def filename(event: Event) -> str:
    return f"{event.slug}.ics"
