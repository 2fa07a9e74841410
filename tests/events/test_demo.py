"""`opencity demo` loads past and future events of every kind, held by the demo's city halls and
civil-society organisations: some full with a waiting list, one cancelled, the past ones with
attendance, organisations present and minutes, one training with certificates for those present;
a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from opencity.accounts.models import OrganisationKind
from opencity.events.demo import TRAINEE_EMAIL
from opencity.events.models import (
    Event,
    EventFile,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)

pytestmark = pytest.mark.django_db(transaction=False)


def _counts() -> dict[str, int]:
    return {
        "events": Event.all_objects.count(),
        "registrations": Registration.objects.count(),
        "files": EventFile.objects.count(),
        "history": Event.history.count() + Registration.history.count(),
    }


def test_demo_loads_events_of_every_kind_before_and_after_and_a_second_run_changes_nothing(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=out)
    assert TRAINEE_EMAIL in out.getvalue()

    now = timezone.now()
    events = list(Event.all_objects.select_related("organiser"))
    kinds = set(EventKind.values)
    assert {e.kind for e in events if e.starts_at > now} == kinds
    assert {e.kind for e in events if e.ends_at < now} == kinds
    assert {e.organiser.kind for e in events} == {OrganisationKind.CITY_HALL, OrganisationKind.CSO}
    assert not [e for e in events if e.status == EventStatus.DRAFT]
    assert [e.slug for e in events if e.status == EventStatus.CANCELLED]
    for event in events:
        assert event.title_en and event.title_uk and event.title_ro and event.title_bg

    full = [
        e
        for e in events
        if e.capacity
        and e.registrations.filter(status=RegistrationStatus.REGISTERED).count() == e.capacity
        and e.registrations.filter(status=RegistrationStatus.WAITING).exists()
    ]
    assert len(full) >= 2

    past = [e for e in events if e.ends_at < now]
    for event in past:
        assert event.attendance_count and event.minutes_en, event.slug
    assert sum(1 for e in past if e.organisations_present.exists()) >= 4
    assert EventFile.objects.filter(event__in=past).exists()
    assert any(e.commitments.exists() for e in past) and any(e.cycles.exists() for e in past)

    training = next(e for e in past if e.kind == EventKind.TRAINING)
    present = training.registrations.filter(attended=True)
    assert present.count() >= 10
    assert not present.filter(certificate_number="").exists()
    assert training.registrations.filter(attended=False).exists()
    assert present.filter(user__email=TRAINEE_EMAIL).exists()
    assert training.municipality is not None

    before = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--skip-registers", stdout=io.StringIO())
    assert _counts() == before
