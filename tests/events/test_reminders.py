"""Reminders: everyone registered for a published event starting within 24 hours gets one
e-mail with the calendar file, once; the waiting list, cancelled registrations, drafts, cancelled
events and events further ahead get none."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command

from opencity.events import notifications, services
from opencity.events.models import Registration, RegistrationStatus
from opencity.events.tasks import send_event_reminders
from tests import factories
from tests.events.conftest import hours
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def _registered(event, status=RegistrationStatus.REGISTERED):  # type: ignore[no-untyped-def]
    return Registration.objects.create(event=event, user=factories.UserFactory(), status=status)


def test_registered_people_are_reminded_once_with_the_calendar_file(organiser):
    soon = EventFactory(organiser=organiser, title_en="Hearing tomorrow", starts_at=hours(20))
    seated = [_registered(soon), _registered(soon)]
    waiting = _registered(soon, RegistrationStatus.WAITING)
    _registered(soon, RegistrationStatus.CANCELLED)
    later = EventFactory(organiser=organiser, starts_at=hours(30))
    _registered(later)
    for status in ("draft", "cancelled"):
        _registered(EventFactory(organiser=organiser, starts_at=hours(5), status=status))
    started = EventFactory(organiser=organiser, starts_at=hours(-1))
    _registered(started)

    out = io.StringIO()
    call_command("send_event_reminders", stdout=out)
    assert out.getvalue().strip() == "2 reminders sent for 1 events."
    assert sorted(message.to[0] for message in mail.outbox) == sorted(r.user.email for r in seated)
    message = mail.outbox[0]
    assert message.subject == "Reminder: Hearing tomorrow starts soon"
    assert "starts within a day" in message.body and soon.get_absolute_url() in message.body
    name, content, mimetype = message.attachments[0]
    assert name == f"{soon.slug}.ics" and mimetype.startswith("text/calendar")
    calendar = content.decode() if isinstance(content, bytes) else content
    assert "SUMMARY:Hearing tomorrow" in calendar and "\r\nEND:VCALENDAR\r\n" in calendar
    html = message.alternatives[0][0]
    assert "Hearing tomorrow" in html
    assert waiting.user.email not in [m.to[0] for m in mail.outbox]
    for registration in seated:
        registration.refresh_from_db()
        assert registration.reminder_sent_at is not None

    # Once only: a second run, the task, and the command queued send nothing more.
    call_command("send_event_reminders", stdout=io.StringIO())
    result = send_event_reminders.enqueue()
    assert result.return_value == {"events": 0, "emails": 0, "failed": 0}
    assert len(mail.outbox) == 2


def test_someone_promoted_from_the_waiting_list_is_still_reminded(
    organiser, django_capture_on_commit_callbacks
):
    event = EventFactory(organiser=organiser, starts_at=hours(10), capacity=1)
    holder, waiting = factories.UserFactory(), factories.UserFactory()
    first = services.registration_create(actor=holder, event=event, rate_key="1")
    services.registration_create(actor=waiting, event=event, rate_key="2")
    assert notifications.send_reminders().emails == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=holder, registration=first)
    assert [m.subject.startswith("A seat is yours") for m in mail.outbox] == [False, True]
    outcome = notifications.send_reminders()
    assert (outcome.emails, outcome.events) == (1, 1)
    assert mail.outbox[-1].to == [waiting.email]


def test_a_failed_send_is_tried_again_on_the_next_run(organiser, monkeypatch):
    event = EventFactory(organiser=organiser, starts_at=hours(3))
    registration = _registered(event)

    def broken(messages):  # type: ignore[no-untyped-def]
        raise OSError("mail server down")

    monkeypatch.setattr(notifications, "_send", broken)
    outcome = notifications.send_reminders()
    assert outcome.failed == 1 and outcome.emails == 0
    registration.refresh_from_db()
    assert registration.reminder_sent_at is None
    monkeypatch.undo()
    assert notifications.send_reminders().emails == 1
    assert mail.outbox[0].to == [registration.user.email]
