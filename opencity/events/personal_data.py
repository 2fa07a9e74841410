"""What the events app holds about a person: their registrations. Deleting an account cancels
their registrations for events still ahead (their seat goes to the waiting list) and leaves the
past ones, which count in the attendance, pointing at an emptied account."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from opencity.accounts.models import User
from opencity.events.models import Registration, RegistrationStatus


def events_personal_data(user: User) -> list[dict[str, Any]]:
    return [
        {
            "event": registration.event.title,
            "event_slug": registration.event.slug,
            "starts_at": registration.event.starts_at.isoformat(),
            "status": registration.status,
            "organisation": registration.organisation_name,
            "registered_at": registration.created_at.isoformat(),
            "present": registration.attended,
            "certificate_number": registration.certificate_number,
            "reminder_sent_at": (
                registration.reminder_sent_at.isoformat() if registration.reminder_sent_at else None
            ),
        }
        for registration in Registration.objects.filter(user=user)
        .select_related("event")
        .order_by("created_at", "pk")
    ]


def events_erase_person(user: User) -> None:
    from opencity.events import services

    ahead = (
        Registration.objects.filter(user=user, event__starts_at__gt=timezone.now())
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("pk")
    )
    for registration in ahead:
        services.registration_cancel(actor=user, registration=registration)
    Registration.objects.filter(user=user).update(organisation_name="")
