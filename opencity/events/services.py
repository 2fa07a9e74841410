"""Every write to events. Each function checks its actor, validates, and runs in one
transaction. Registration locks the event row, so that two people cannot take the last seat."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencity.accounts.models import Organisation, User
from opencity.core.permissions import require
from opencity.core.ratelimit import RateLimit
from opencity.events.models import (
    Event,
    EventFile,
    EventStatus,
    Registration,
    RegistrationStatus,
)

REGISTRATION_LIMIT = RateLimit("event_registration", count=20, seconds=600)

EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "mode",
    "venue",
    "address",
    "online_url",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_required",
    "municipality",
)
AFTER_FIELDS = ("attendance_count", "minutes", "outcomes")


def _history_user(instance: Any, actor: User) -> None:
    if getattr(actor, "is_authenticated", False):
        instance._history_user = actor


def _check_where(event: Event) -> None:
    from opencity.events.models import EventMode

    problems: dict[str, str] = {}
    if event.mode in {EventMode.ONLINE, EventMode.HYBRID} and not event.online_url:
        problems["online_url"] = _("An online event needs its link.")
    if event.mode in {EventMode.IN_PERSON, EventMode.HYBRID} and not event.venue:
        problems["venue"] = _("An event in person needs its place.")
    if problems:
        raise ValidationError(problems)


def _save(event: Event, actor: User, update_fields: Sequence[str] | None = None) -> None:
    event.full_clean()
    _check_where(event)
    _history_user(event, actor)
    event.save(update_fields=update_fields)


@transaction.atomic
def event_create(*, actor: User, organiser: Organisation, slug: str, **fields: Any) -> Event:
    require(actor, "events.manage", organiser)
    unknown = sorted(set(fields) - set(EVENT_FIELDS))
    if unknown:
        raise TypeError(f"not a field of an event: {', '.join(unknown)}")
    event = Event(organiser=organiser, slug=slug, **fields)
    _save(event, actor)
    return event


@transaction.atomic
def event_update(*, actor: User, event: Event, **changes: Any) -> Event:
    require(actor, "events.manage", event)
    unknown = sorted(set(changes) - set(EVENT_FIELDS))
    if unknown:
        raise TypeError(f"not a field of an event: {', '.join(unknown)}")
    if "capacity" in changes and changes["capacity"] is not None:
        taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        if changes["capacity"] < taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)d people are already registered: the capacity cannot be lower."
                    )
                    % {"taken": taken}
                }
            )
    for name, value in changes.items():
        setattr(event, name, value)
    _save(event, actor)
    if "capacity" in changes:
        _promote_waiting(event)
    return event


@transaction.atomic
def event_publish(*, actor: User, event: Event) -> Event:
    require(actor, "events.manage", event)
    if event.status != EventStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    event.status = EventStatus.PUBLISHED
    _save(event, actor, update_fields=["status"])
    return event


@transaction.atomic
def event_cancel(*, actor: User, event: Event) -> Event:
    require(actor, "events.manage", event)
    if event.is_past:
        raise ValidationError(_("An event that has taken place cannot be cancelled."))
    event.status = EventStatus.CANCELLED
    _save(event, actor, update_fields=["status"])
    return event


# Registration --------------------------------------------------------------------------------


def _seats_taken(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def _promote_waiting(event: Event) -> list[Registration]:
    """Give freed seats to the waiting list, first come first served."""
    promoted: list[Registration] = []
    free = None if event.capacity is None else event.capacity - _seats_taken(event)
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    for registration in waiting:
        if free is not None and free <= 0:
            break
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status"])
        promoted.append(registration)
        if free is not None:
            free -= 1
    if promoted:
        ids = [registration.pk for registration in promoted]
        transaction.on_commit(lambda: _tell_promoted(ids))
    return promoted


def _tell_promoted(registration_ids: list[int]) -> None:
    """Queue the e-mails telling people that a seat freed up for them, once it is committed."""
    from opencity.events.tasks import send_promotion_emails

    send_promotion_emails.enqueue(registration_ids)


@transaction.atomic
def registration_create(
    *, actor: User, event: Event, rate_key: str, organisation_name: str = ""
) -> Registration:
    """Register for an event: a seat while there is one, else the waiting list."""
    require(actor, "events.register")
    event = Event.all_objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("Registration is open only for published events."))
    if not event.registration_required:
        raise ValidationError(_("This event needs no registration: just come."))
    if event.starts_at <= timezone.now():
        raise ValidationError(_("Registration has closed: the event has started."))
    existing = Registration.objects.filter(event=event, user=actor).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise ValidationError(_("You are already registered for this event."))
    REGISTRATION_LIMIT.check(rate_key)
    full = event.capacity is not None and _seats_taken(event) >= event.capacity
    status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
    registration = existing or Registration(event=event, user=actor)
    registration.status = status
    registration.organisation_name = organisation_name.strip()[:200]
    registration.created_at = timezone.now()
    _history_user(registration, actor)
    registration.save()
    return registration


@transaction.atomic
def registration_cancel(*, actor: User, registration: Registration) -> list[Registration]:
    """Cancel one's own registration (or the organiser cancels it); the freed seat goes to the
    first on the waiting list. Returns the registrations promoted from the waiting list."""
    event = Event.all_objects.select_for_update().get(pk=registration.event_id)
    if registration.user_id != actor.pk:
        require(actor, "events.manage", event)
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    registration.status = RegistrationStatus.CANCELLED
    _history_user(registration, actor)
    registration.save(update_fields=["status"])
    return _promote_waiting(event)


def certificate_number(event: Event, registration: Registration) -> str:
    """Unique because the registration's id is; stable because it is stored once."""
    return f"OC-{event.starts_at:%Y}-{event.pk:05d}-{registration.pk:06d}"


# After the event -----------------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *,
    actor: User,
    event: Event,
    present: Iterable[int],
    attendance_count: int | None = None,
    organisations_present: Sequence[Organisation] | None = None,
) -> int:
    """Mark who was present (registration ids); the others registered are marked absent.
    Returns the number present."""
    require(actor, "events.manage", event)
    if event.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the event has started."))
    present_ids = set(present)
    registrations = list(event.registrations.exclude(status=RegistrationStatus.CANCELLED))
    known = {registration.pk for registration in registrations}
    unknown = present_ids - known
    if unknown:
        raise ValidationError(_("Some of the people marked present are not registered."))
    for registration in registrations:
        attended = registration.pk in present_ids
        fields = []
        if registration.attended != attended:
            registration.attended = attended
            fields.append("attended")
        if attended and event.issues_certificates and not registration.certificate_number:
            # Given once and never changed, so a printed certificate can always be checked.
            registration.certificate_number = certificate_number(event, registration)
            fields.append("certificate_number")
        if fields:
            _history_user(registration, actor)
            registration.save(update_fields=fields)
    marked = len(present_ids)
    if attendance_count is not None and attendance_count < marked:
        raise ValidationError(
            {
                "attendance_count": _(
                    "%(marked)d registered people are marked present: the attendance cannot be "
                    "lower."
                )
                % {"marked": marked}
            }
        )
    event.attendance_count = attendance_count if attendance_count is not None else marked
    _save(event, actor, update_fields=["attendance_count"])
    if organisations_present is not None:
        event.organisations_present.set(organisations_present)
    return marked


@transaction.atomic
def event_report_set(
    *, actor: User, event: Event, minutes: str = "", outcomes: str = "", **links: Any
) -> Event:
    """Minutes and outcomes after the event, and what it is linked to (consultations,
    commitments, ranking cycles)."""
    require(actor, "events.manage", event)
    event.minutes = minutes
    event.outcomes = outcomes
    _save(event, actor, update_fields=["minutes", "outcomes"])
    for name in ("consultations", "commitments", "cycles"):
        if name in links:
            getattr(event, name).set(links[name])
    unknown = sorted(set(links) - {"consultations", "commitments", "cycles"})
    if unknown:
        raise TypeError(f"not a link of an event: {', '.join(unknown)}")
    return event


@transaction.atomic
def event_file_add(*, actor: User, event: Event, title: str, uploaded: UploadedFile) -> EventFile:
    from opencity.rankings.evidence import validate_evidence_file

    require(actor, "events.manage", event)
    digest = validate_evidence_file(uploaded)
    event_file = EventFile(event=event, title=title.strip() or (uploaded.name or ""), sha256=digest)
    event_file.file.save(uploaded.name or "file", uploaded, save=False)
    event_file.save()
    return event_file
