"""The read API of events: events with attendance figures and outcomes (no personal data)."""

from ninja import Router

router = Router(tags=["events"])
