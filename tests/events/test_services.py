from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opencity.events import services
from opencity.events.models import RegistrationStatus
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_past_capacity_people_wait_and_a_cancellation_frees_a_seat_for_the_first(make_person, cso):
    event = EventFactory(organiser=cso, capacity=1)
    first, second, third = (make_person("citizen") for _ in range(3))
    seat = services.registration_create(actor=first, event=event, rate_key="1")
    wait_1 = services.registration_create(actor=second, event=event, rate_key="2")
    wait_2 = services.registration_create(actor=third, event=event, rate_key="3")
    assert (seat.status, wait_1.status, wait_2.status) == (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITING,
        RegistrationStatus.WAITING,
    )
    promoted = services.registration_cancel(actor=first, registration=seat)
    assert promoted == [wait_1]
    wait_1.refresh_from_db()
    assert wait_1.status == RegistrationStatus.REGISTERED
    with pytest.raises(ValidationError, match="already"):
        services.registration_create(actor=second, event=event, rate_key="2")


def test_nobody_registers_for_a_draft_or_a_started_event(make_person, cso):
    citizen = make_person("citizen")
    with pytest.raises(ValidationError):
        services.registration_create(
            actor=citizen, event=EventFactory(organiser=cso, status="draft"), rate_key="x"
        )
    started = EventFactory(organiser=cso, starts_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError, match="started"):
        services.registration_create(actor=citizen, event=started, rate_key="x")
    with pytest.raises(PermissionDenied):
        services.registration_create(
            actor=make_person("visitor"), event=EventFactory(organiser=cso), rate_key="v"
        )


def test_the_organiser_records_attendance_after_it_started(make_person, cso):
    coordinator = make_person("coordinator")
    event = EventFactory(organiser=cso)
    registration = services.registration_create(
        actor=make_person("citizen"), event=event, rate_key="c"
    )
    with pytest.raises(ValidationError, match="started"):
        services.attendance_record(actor=coordinator, event=event, present=[registration.pk])
    event.starts_at = timezone.now() - datetime.timedelta(hours=3)
    event.ends_at = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    with pytest.raises(ValidationError, match="cannot be lower"):
        services.attendance_record(
            actor=coordinator, event=event, present=[registration.pk], attendance_count=0
        )
    assert (
        services.attendance_record(
            actor=coordinator, event=event, present=[registration.pk], attendance_count=25
        )
        == 1
    )
    registration.refresh_from_db()
    event.refresh_from_db()
    assert registration.attended is True and event.attendance_count == 25
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=make_person("citizen"), event=event, present=[])


def test_an_online_event_needs_its_link(make_person, cso):
    with pytest.raises(ValidationError) as error:
        services.event_create(
            actor=make_person("coordinator"),
            organiser=cso,
            slug="webinar",
            kind="training",
            title="Open data 101",
            mode="online",
            starts_at=timezone.now() + datetime.timedelta(days=3),
            ends_at=timezone.now() + datetime.timedelta(days=3, hours=2),
        )
    assert "online_url" in error.value.message_dict


def test_capacity_cannot_drop_below_the_registered(make_person, cso):
    coordinator = make_person("coordinator")
    event = EventFactory(organiser=cso, capacity=5)
    for n in range(2):
        services.registration_create(actor=make_person("citizen"), event=event, rate_key=str(n))
    with pytest.raises(ValidationError, match="2 people"):
        services.event_update(actor=coordinator, event=event, capacity=1)
