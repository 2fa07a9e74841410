"""Every write to citizen feedback. Each function checks its actor, validates, and runs in one
transaction. Submission is shared by the web form and the Open311 API."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from opencity.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from opencity.core.permissions import require
from opencity.core.ratelimit import RateLimit
from opencity.feedback import photos
from opencity.feedback.lifecycle import Status, may_change, may_reopen
from opencity.feedback.models import (
    ApiClient,
    AttributeType,
    Contact,
    InternalNote,
    Request,
    RequestUpdate,
    Service,
)

SUBMIT_LIMIT = RateLimit("feedback_submit", count=10, seconds=600)
API_KEY_LIMIT = RateLimit("feedback_api_key", count=100_000, seconds=3600)
DESCRIPTION_MAX_LENGTH = 4000


@dataclass
class Submission:
    """What a citizen or an Open311 client sends."""

    service: Service
    description: str
    latitude: Decimal | str | None = None
    longitude: Decimal | str | None = None
    address: str = ""
    address_id: str = ""
    zipcode: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)
    media_url: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    device_id: str = ""
    account_id: str = ""


@dataclass
class Submitted:
    request: Request
    # Shown once to an anonymous reporter: the code to come back with. Never stored in clear.
    tracking_code: str


def tracking_digest(code: str) -> str:
    return ApiClient.digest(f"tracking:{code.strip()}")


def _decimal(value: Any, name: str, low: int, high: int) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({name: _("%(value)s is not a number.") % {"value": value}}) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationError(
            {name: _("Must be between %(low)d and %(high)d.") % {"low": low, "high": high}}
        )
    return number.quantize(Decimal("0.000001"))


def clean_attributes(service: Service, given: Mapping[str, Any]) -> dict[str, Any]:
    """Check answers against the category's attributes. Errors are keyed `attribute[CODE]`, as
    Open311 names them; every problem is reported at once."""
    definitions = {attribute.code: attribute for attribute in service.attributes.all()}
    problems: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for code in given:
        if code not in definitions or not definitions[code].variable:
            problems[f"attribute[{code}]"] = _("The category has no attribute %(code)s.") % {
                "code": code
            }
    for code, attribute in definitions.items():
        if not attribute.variable:
            continue
        value = given.get(code)
        empty = value is None or value == "" or value == []
        if empty:
            if attribute.required:
                problems[f"attribute[{code}]"] = _("%(question)s: an answer is required.") % {
                    "question": attribute.description
                }
            continue
        allowed = {str(item.get("key")) for item in attribute.values or []}
        if attribute.datatype == AttributeType.NUMBER:
            try:
                cleaned[code] = float(Decimal(str(value)))
            except (InvalidOperation, ValueError):
                problems[f"attribute[{code}]"] = _("%(question)s: must be a number.") % {
                    "question": attribute.description
                }
        elif attribute.datatype == AttributeType.DATETIME:
            parsed = parse_datetime(str(value))
            if parsed is None:
                problems[f"attribute[{code}]"] = _(
                    "%(question)s: must be a date and time (ISO 8601)."
                ) % {"question": attribute.description}
            else:
                cleaned[code] = parsed.isoformat()
        elif attribute.datatype == AttributeType.SINGLE:
            if isinstance(value, list | tuple):
                value = value[0] if len(value) == 1 else value
            if not isinstance(value, str) or value not in allowed:
                problems[f"attribute[{code}]"] = _("%(question)s: not one of the choices.") % {
                    "question": attribute.description
                }
            else:
                cleaned[code] = value
        elif attribute.datatype == AttributeType.MULTI:
            values = [str(item) for item in (value if isinstance(value, list | tuple) else [value])]
            if not set(values) <= allowed:
                problems[f"attribute[{code}]"] = _("%(question)s: not one of the choices.") % {
                    "question": attribute.description
                }
            else:
                cleaned[code] = values
        else:
            text = str(value).strip()
            if len(text) > 2000:
                problems[f"attribute[{code}]"] = _("%(question)s: too long.") % {
                    "question": attribute.description
                }
            cleaned[code] = text
    if problems:
        raise ValidationError(problems)
    return cleaned


def _clean_submission(submission: Submission) -> dict[str, Any]:
    problems: dict[str, Any] = {}
    description = submission.description.strip()
    if not description:
        problems["description"] = _("Describe the problem or the suggestion.")
    elif len(description) > DESCRIPTION_MAX_LENGTH:
        problems["description"] = _(
            "The description can be at most %(limit)d characters long; it has %(length)d."
        ) % {"limit": DESCRIPTION_MAX_LENGTH, "length": len(description)}
    location: dict[str, Any] = {}
    has_lat = submission.latitude not in (None, "")
    has_long = submission.longitude not in (None, "")
    if has_lat != has_long:
        problems["lat" if not has_lat else "long"] = _("Give both latitude and longitude.")
    elif has_lat:
        try:
            location["latitude"] = _decimal(submission.latitude, "lat", -90, 90)
            location["longitude"] = _decimal(submission.longitude, "long", -180, 180)
        except ValidationError as error:
            problems.update(error.message_dict)
    if (
        not (has_lat or has_long)
        and not submission.address.strip()
        and not submission.address_id.strip()
    ):
        problems.setdefault(
            "location", _("Give a location: an address, or the latitude and longitude.")
        )
    if submission.email:
        try:
            validate_email(submission.email)
        except ValidationError:
            problems["email"] = _("%(email)s is not an e-mail address.") % {
                "email": submission.email
            }
    if not submission.service.active:
        problems["service_code"] = _("The category does not accept requests.")
    try:
        attributes = clean_attributes(submission.service, submission.attributes)
    except ValidationError as error:
        problems.update(error.message_dict)
        attributes = {}
    if problems:
        raise ValidationError(problems)
    return {"description": description, "attributes": attributes, **location}


@transaction.atomic
def request_submit(
    *,
    submission: Submission,
    rate_key: str,
    reporter: User | None = None,
    api_client: ApiClient | None = None,
    photo: UploadedFile | None = None,
) -> Submitted:
    """Store a request with its private contact details.

    Signed-in reporters and API clients' requests are confirmed at once; a request that leaves
    only an e-mail address waits for the confirmation link; an anonymous one without e-mail is
    confirmed at once and its tracking code is the way back.

    `rate_key` names who is counted: the person or address for the web form (SUBMIT_LIMIT), the
    API client for Open311 (API_KEY_LIMIT)."""
    cleaned = _clean_submission(submission)
    photo_file = photos.clean_photo(photo) if photo is not None else None
    # An API client submits for many people: its key has its own, larger allowance.
    (API_KEY_LIMIT if api_client is not None else SUBMIT_LIMIT).check(rate_key)
    now = timezone.now()
    service = submission.service
    signed_in = reporter is not None and reporter.is_authenticated
    waits_for_email = not signed_in and api_client is None and bool(submission.email)
    code = secrets.token_urlsafe(9)
    request = Request(
        municipality_id=service.municipality_id,
        service=service,
        status=Status.UNCONFIRMED if waits_for_email else Status.CONFIRMED,
        address=submission.address.strip()[:300],
        address_id=submission.address_id.strip()[:64],
        zipcode=submission.zipcode.strip()[:16],
        media_url=submission.media_url.strip()[:500],
        reporter=reporter if signed_in else None,
        api_client=api_client,
        tracking_digest=tracking_digest(code),
        requested_at=now,
        updated_at=now,
        **cleaned,
    )
    if not waits_for_email:
        request.confirmed_at = now
        request.expected_at = now + datetime.timedelta(days=service.deadline_days)
    if photo_file is not None:
        request.photo.save(photo_file.name, photo_file, save=False)
    request.save()
    Contact.objects.create(
        request=request,
        email=submission.email.strip() or (reporter.email if signed_in else ""),
        first_name=submission.first_name.strip()[:100],
        last_name=submission.last_name.strip()[:100],
        phone=submission.phone.strip()[:40],
        device_id=submission.device_id.strip()[:100],
        account_id=submission.account_id.strip()[:100],
    )
    return Submitted(request=request, tracking_code=code)


@transaction.atomic
def request_confirm(*, request: Request) -> Request:
    """The reporter followed the confirmation link: the request becomes public and its deadline
    starts."""
    if request.status != Status.UNCONFIRMED:
        return request
    now = timezone.now()
    request.status = Status.CONFIRMED
    request.confirmed_at = now
    request.expected_at = now + datetime.timedelta(days=request.service.deadline_days)
    request.updated_at = now
    request.save(update_fields=["status", "confirmed_at", "expected_at", "updated_at"])
    return request


def _acting_organisation(actor: User, request: Request) -> Organisation | None:
    """The organisation an official answers for: the city hall, else the responsible body."""
    condition = Q(
        organisation__municipality_id=request.municipality_id,
        organisation__kind=OrganisationKind.CITY_HALL,
    )
    if request.service.responsible_id:
        condition |= Q(organisation_id=request.service.responsible_id)
    membership = (
        Membership.objects.filter(condition, user=actor, role=Role.OFFICIAL)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else request.service.responsible


@transaction.atomic
def request_respond(
    *, actor: User, request: Request, text: str = "", status: str | None = None
) -> RequestUpdate:
    """A public response, with or without a status change. Its text is public; the organisation
    is named, never the person."""
    require(actor, "feedback.handle", request)
    request = Request.all_objects.select_for_update().select_related("service").get(pk=request.pk)
    text = text.strip()
    new_status = status or request.status
    if new_status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if new_status != request.status and not may_change(request.status, new_status):
        raise ValidationError({"status": _("A request cannot go back to unconfirmed.")})
    if not text and new_status == request.status:
        raise ValidationError({"text": _("Write a response or change the status.")})
    now = timezone.now()
    update = RequestUpdate.objects.create(
        request=request,
        status_before=request.status,
        status_after=new_status,
        text=text,
        author=actor,
        organisation=_acting_organisation(actor, request),
        created_at=now,
    )
    if request.status == Status.UNCONFIRMED:
        request.confirmed_at = now
        request.expected_at = now + datetime.timedelta(days=request.service.deadline_days)
    request.status = new_status
    request.updated_at = now
    if request.first_response_at is None:
        request.first_response_at = now
    if request.is_finished:
        request.closed_at = request.closed_at or now
    else:
        request.closed_at = None
    request.save(
        update_fields=[
            "status",
            "updated_at",
            "first_response_at",
            "closed_at",
            "confirmed_at",
            "expected_at",
        ]
    )
    return update


@transaction.atomic
def request_assign(*, actor: User, request: Request, assignee: User | None) -> Request:
    require(actor, "feedback.handle", request)
    if assignee is not None and not assignee.has_perm("feedback.handle", request):
        raise ValidationError({"assignee": _("That person does not handle this request.")})
    request.assigned_to = assignee
    request.save(update_fields=["assigned_to"])
    return request


@transaction.atomic
def note_add(*, actor: User, request: Request, text: str) -> InternalNote:
    require(actor, "feedback.handle", request)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    return InternalNote.objects.create(request=request, author=actor, text=text)


@transaction.atomic
def request_merge(*, actor: User, duplicate: Request, original: Request) -> RequestUpdate:
    """Close `duplicate` as a duplicate of `original` (same municipality)."""
    require(actor, "feedback.handle", duplicate)
    if duplicate.pk == original.pk:
        raise ValidationError({"original": _("A request cannot duplicate itself.")})
    if original.municipality_id != duplicate.municipality_id:
        raise ValidationError({"original": _("Only requests of the same municipality merge.")})
    if original.duplicate_of_id is not None:
        original = original.duplicate_of
    duplicate.duplicate_of = original
    duplicate.save(update_fields=["duplicate_of"])
    return request_respond(
        actor=actor,
        request=duplicate,
        status=Status.DUPLICATE,
        text=_("This was already reported as request #%(number)d.") % {"number": original.pk},
    )


@transaction.atomic
def request_reopen(*, request: Request, text: str) -> RequestUpdate:
    """The reporter says it is not fixed: a closed or fixed request opens again. The caller has
    checked that this is the reporter (signed in, or with the tracking code)."""
    request = Request.all_objects.select_for_update().get(pk=request.pk)
    if not may_reopen(request.status):
        raise ValidationError(_("Only a closed or fixed request can be reopened."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Say what is still wrong.")})
    now = timezone.now()
    update = RequestUpdate.objects.create(
        request=request,
        status_before=request.status,
        status_after=Status.CONFIRMED,
        text=text,
        by_reporter=True,
        created_at=now,
    )
    request.status = Status.CONFIRMED
    request.closed_at = None
    request.updated_at = now
    request.fixed_question_sent_at = None
    request.save(update_fields=["status", "closed_at", "updated_at", "fixed_question_sent_at"])
    return update


@transaction.atomic
def request_fixed_answer(*, request: Request, fixed: bool, text: str = "") -> RequestUpdate | None:
    """The reporter's answer to "has it been fixed?"."""
    if fixed:
        if request.status == Status.FIXED:
            return None
        now = timezone.now()
        update = RequestUpdate.objects.create(
            request=request,
            status_before=request.status,
            status_after=Status.FIXED,
            text=text.strip(),
            by_reporter=True,
            created_at=now,
        )
        request.status = Status.FIXED
        request.updated_at = now
        request.closed_at = request.closed_at or now
        request.save(update_fields=["status", "updated_at", "closed_at"])
        return update
    return request_reopen(request=request, text=text or _("Not fixed, says the reporter."))


def api_client_create(
    *, actor: User, name: str, organisation: Organisation | None = None
) -> tuple[ApiClient, str]:
    """A new API client and its key, shown once."""
    require(actor, "feedback.manage_api_clients")
    key = secrets.token_urlsafe(24)
    client = ApiClient.objects.create(
        name=name, organisation=organisation, key_digest=ApiClient.digest(key), key_hint=key[:6]
    )
    return client, key


@transaction.atomic
def api_client_deactivate(*, actor: User, client: ApiClient) -> ApiClient:
    """Switch a key off for good; its requests stay."""
    require(actor, "feedback.manage_api_clients")
    client.active = False
    client.save(update_fields=["active"])
    return client


def api_client_for_key(key: str) -> ApiClient | None:
    if not key:
        return None
    return ApiClient.objects.filter(key_digest=ApiClient.digest(key), active=True).first()
