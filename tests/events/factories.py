from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from opencity.events.models import Event, EventKind, EventStatus
from tests import factories


class EventFactory(DjangoModelFactory):
    """A published round table in person next week."""

    class Meta:
        model = Event

    kind = EventKind.ROUND_TABLE
    organiser = factory.SubFactory(factories.OrganisationFactory)
    title_en = factory.Sequence(lambda n: f"Round table {n}")
    slug = factory.Sequence(lambda n: f"round-table-{n}")
    venue = "City hall, room 2"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    status = EventStatus.PUBLISHED
