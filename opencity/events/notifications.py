"""E-mails to people registered for an event: a reminder the day before (with the event's
iCalendar file), and word that a seat freed up for someone on the waiting list.

Reminders go to registered people only, never the waiting list, once per registration: the
registration records when its reminder was sent.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from opencity.actionplans.notifications import absolute, language_of
from opencity.events import ical
from opencity.events.models import Event, EventStatus, Registration, RegistrationStatus

logger = logging.getLogger(__name__)

REMINDER_WINDOW = datetime.timedelta(hours=24)


def _message(template: str, registration: Registration) -> EmailMultiAlternatives:
    """One e-mail from `events/email/<template>_{subject,body}.{txt,html}`, in the person's
    language, with the event's calendar file attached."""
    event = registration.event
    with translation.override(language_of(registration.user)):
        url = absolute(event.get_absolute_url())
        context = {
            "site_name": settings.OPENCITY_SITE_NAME,
            "event": event,
            "event_url": url,
            "registration": registration,
            "time_zone": timezone.get_current_timezone_name(),
        }
        subject = render_to_string(f"events/email/{template}_subject.txt", context)
        text = render_to_string(f"events/email/{template}_body.txt", context)
        html = render_to_string(f"events/email/{template}_body.html", context)
        attachment = ical.calendar(event, url=url)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[registration.user.email]
    )
    message.attach_alternative(html, "text/html")
    message.attach(ical.filename(event), attachment, "text/calendar; charset=utf-8")
    return message


def _open_accounts(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.filter(user__is_active=True, user__deleted_at__isnull=True).select_related(
        "user", "event__organiser", "event__municipality"
    )


def _send(messages: list[EmailMultiAlternatives]) -> int:
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def promoted(registration_ids: Iterable[int]) -> int:
    """Tell people moved from the waiting list that they have a seat. Returns e-mails sent."""
    registrations = _open_accounts(
        Registration.objects.filter(
            pk__in=list(registration_ids),
            status=RegistrationStatus.REGISTERED,
            event__status=EventStatus.PUBLISHED,
        )
    ).order_by("pk")
    return _send([_message("promoted", registration) for registration in registrations])


@dataclass(frozen=True)
class ReminderOutcome:
    events: int
    emails: int
    failed: int  # registrations whose reminder could not be sent; tried again next run


def _due(now: datetime.datetime) -> QuerySet[Registration]:
    return Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminder_sent_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_WINDOW,
    )


def send_reminders(now: datetime.datetime | None = None) -> ReminderOutcome:
    """Remind everyone registered for an event starting in the next 24 hours, once: each
    registration is locked while its e-mail goes, then marked, so two runs at once or a second
    run later send nothing more."""
    now = now or timezone.now()
    candidates = list(_due(now).order_by("event_id", "pk").values_list("pk", flat=True))
    emails = failed = 0
    events: set[int] = set()
    for registration_id in candidates:
        try:
            with transaction.atomic():
                registration = (
                    _open_accounts(_due(now).filter(pk=registration_id))
                    .select_for_update(skip_locked=True, of=("self",))
                    .first()
                )
                if registration is None:  # sent by a run at the same time, or changed
                    continue
                sent = _send([_message("reminder", registration)])
                # Not through save(): a reminder is not a change in the registration's history.
                Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=now)
        except Exception:
            logger.exception("Could not send the reminder of registration %s", registration_id)
            failed += 1
            continue
        emails += sent
        events.add(registration.event_id)
    return ReminderOutcome(events=len(events), emails=emails, failed=failed)


def upcoming_for(event: Event) -> bool:
    """Whether the event is in the reminder window now (for the organiser's page)."""
    now = timezone.now()
    return now < event.starts_at <= now + REMINDER_WINDOW
