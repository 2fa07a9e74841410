"""Open311 GeoReport v2: the reads behind the endpoints and their JSON and XML forms.

Field names and types follow the GeoReport v2 specification. Reads go through `Request.public`
(never an unconfirmed request) and never touch `Contact`, the reporter, the assignee, the author
of an update or internal notes. Lists of requests are read as plain tuples (`values_list`) and
written out directly, so a 1,000-row answer builds no model instance per row.

`jurisdiction_id` is the municipality's official register code (KATOTTH, SIRUTA or EKATTE, as
in `Municipality.code`), or `register:code` (`siruta:179132`) where a code alone is ambiguous.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencity.accounts.models import Organisation, OrganisationKind
from opencity.feedback.lifecycle import CLOSED_STATUSES, FIXED_STATUSES, OPEN_STATUSES
from opencity.feedback.models import Request, RequestUpdate, Service
from opencity.places.models import Municipality

# The specification's fields, in its order.
SERVICE_FIELDS = (
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
)
ATTRIBUTE_FIELDS = (
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
)
REQUEST_FIELDS = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)
DEFAULT_DAYS = 90
MAX_DAYS = 90
MAX_REQUESTS = 1000

# The element that holds each item of a list, by the list's element name.
_XML_ITEM = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
}
# Characters XML 1.0 cannot carry at all, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Open311Error(Exception):
    """One or more problems, answered as the specification's list of errors."""

    def __init__(self, status: int, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.status = status
        self.problems = list(problems)

    def as_data(self) -> list[dict[str, Any]]:
        return [{"code": self.status, "description": problem} for problem in self.problems]


# ---------------------------------------------------------------------------------------------
# Writing JSON and XML


def render_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


_XML_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    text = str(value)
    if _XML_SPECIAL.search(text) is None:  # the usual case: nothing to escape
        return text
    text = _XML_ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_flat(name: str, value: Mapping[str, Any], out: list[str]) -> None:
    """An element of scalar children (a request, an error): the long lists' fast path."""
    parts = [f"<{name}>"]
    for key, item in value.items():
        text = _xml_text(item)
        parts.append(f"<{key}>{text}</{key}>" if text else f"<{key}/>")
    parts.append(f"</{name}>")
    out.append("".join(parts))


def _xml_element(name: str, value: Any, out: list[str]) -> None:
    if isinstance(value, dict) and not any(
        isinstance(item, dict | list | tuple) for item in value.values()
    ):
        _xml_flat(name, value, out)
    elif isinstance(value, Mapping):
        out.append(f"<{name}>")
        for key, item in value.items():
            _xml_element(key, item, out)
        out.append(f"</{name}>")
    elif isinstance(value, list | tuple):
        child = _XML_ITEM[name]
        out.append(f"<{name}>")
        for item in value:
            _xml_element(child, item, out)
        out.append(f"</{name}>")
    else:
        text = _xml_text(value)
        out.append(f"<{name}>{text}</{name}>" if text else f"<{name}/>")


def render_xml(root: str, data: Any) -> bytes:
    """`data` under the element `root`: mappings become elements named by their keys, lists
    repeat the element their parent's name calls for (`services` → `service`)."""
    out = ['<?xml version="1.0" encoding="utf-8"?>']
    _xml_element(root, data, out)
    return "".join(out).encode()


def render(data: Any, *, root: str, format: str) -> tuple[bytes, str]:
    """The body and its content type."""
    if format == "xml":
        return render_xml(root, data), "application/xml; charset=utf-8"
    return render_json(data), "application/json; charset=utf-8"


def iso(value: datetime.datetime | None, zone: datetime.tzinfo | None = None) -> str | None:
    """ISO 8601 with the offset of the site's time zone, to the second."""
    if value is None:
        return None
    return (
        value.astimezone(zone or timezone.get_current_timezone()).replace(microsecond=0).isoformat()
    )


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------------------------------------
# Jurisdictions


def jurisdiction_filter(jurisdiction_id: str) -> dict[str, str]:
    """The lookup on `Municipality` that a jurisdiction_id stands for."""
    register, separator, code = jurisdiction_id.strip().partition(":")
    if separator:
        return {"register": register.lower(), "code": code.strip()}
    return {"code": register}


def municipality_for(jurisdiction_id: str | None) -> int | None:
    """The municipality's id; with no jurisdiction_id, the only municipality that has services
    (None when none has any)."""
    if jurisdiction_id:
        found = list(
            Municipality.objects.filter(**jurisdiction_filter(jurisdiction_id)).values_list(
                "pk", flat=True
            )[:2]
        )
        if not found:
            raise Open311Error(
                404,
                [
                    _("jurisdiction_id: no municipality has the code %(code)s.")
                    % {"code": jurisdiction_id}
                ],
            )
        if len(found) > 1:
            raise Open311Error(
                400,
                [
                    _(
                        "jurisdiction_id: %(code)s is the code of several municipalities; "
                        "write it as register:code, for example siruta:%(code)s."
                    )
                    % {"code": jurisdiction_id}
                ],
            )
        return found[0]
    with_services = list(
        Service.objects.order_by().values_list("municipality_id", flat=True).distinct()[:2]
    )
    if len(with_services) > 1:
        raise Open311Error(
            400,
            [
                _(
                    "jurisdiction_id: required, because this server serves several "
                    "municipalities; give the municipality's official code."
                )
            ],
        )
    return with_services[0] if with_services else None


def service_notice(service: Service) -> str:
    return ngettext(
        "An answer is expected within %(days)d day.",
        "An answer is expected within %(days)d days.",
        service.deadline_days,
    ) % {"days": service.deadline_days}


# ---------------------------------------------------------------------------------------------
# Services


def service_data(service: Service, has_attributes: bool) -> dict[str, Any]:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description or None,
        "metadata": has_attributes,
        "type": service.type,
        "keywords": service.keywords or None,
        "group": service.group or None,
    }


def services_list(municipality_id: int | None) -> list[dict[str, Any]]:
    if municipality_id is None:
        return []
    services = list(
        Service.objects.active()
        .filter(municipality_id=municipality_id)
        .prefetch_related("attributes")
    )
    return [
        service_data(service, any(a.variable for a in service.attributes.all()))
        for service in services
    ]


def active_service(municipality_id: int | None, code: str) -> Service:
    """The service with its attributes, or the specification's 404."""
    service = (
        Service.objects.active()
        .filter(municipality_id=municipality_id, code=code)
        .prefetch_related("attributes")
        .first()
        if municipality_id is not None
        else None
    )
    if service is None:
        raise Open311Error(
            404, [_("service_code: no service has the code %(code)s.") % {"code": code}]
        )
    return service


def service_definition(service: Service) -> dict[str, Any]:
    return {
        "service_code": service.code,
        "attributes": [
            {
                "variable": attribute.variable,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.datatype_description or None,
                "order": attribute.order,
                "description": attribute.description,
                "values": [
                    {"key": str(value.get("key", "")), "name": str(value.get("name", ""))}
                    for value in attribute.values or []
                ],
            }
            for attribute in service.attributes.all()
        ],
    }


# ---------------------------------------------------------------------------------------------
# Requests


@dataclass(frozen=True)
class RequestFilters:
    ids: tuple[int, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    statuses: tuple[str, ...] = ()


def _parse_when(name: str, value: str, problems: list[str]) -> datetime.datetime | None:
    from django.utils.dateparse import parse_date, parse_datetime

    text = value.strip().replace(" ", "+")  # a "+" of an offset left unescaped in a query
    try:
        parsed = parse_datetime(text)
        if parsed is None:
            day = parse_date(text)
            parsed = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        parsed = None
    if parsed is None:
        problems.append(
            _("%(name)s: %(value)s is not a date and time in ISO 8601 (2026-01-31T12:00:00Z).")
            % {"name": name, "value": value}
        )
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def parse_filters(query: Mapping[str, str]) -> RequestFilters:
    """The GET requests filters, each problem named by its parameter."""
    problems: list[str] = []

    def listed(name: str) -> list[str]:
        return [item.strip() for item in query.get(name, "").split(",") if item.strip()]

    ids: list[int] = []
    for item in listed("service_request_id"):
        if item.isdigit() and len(item) < 19:
            ids.append(int(item))
        else:
            problems.append(
                _("service_request_id: %(value)s is not a request number.") % {"value": item}
            )
    if len(ids) > MAX_REQUESTS:
        problems.append(
            _("service_request_id: at most %(count)d at once.") % {"count": MAX_REQUESTS}
        )
    statuses = listed("status")
    for status in statuses:
        if status not in ("open", "closed"):
            problems.append(_("status: %(value)s is neither open nor closed.") % {"value": status})
    start = (
        _parse_when("start_date", query["start_date"], problems)
        if query.get("start_date")
        else None
    )
    end = _parse_when("end_date", query["end_date"], problems) if query.get("end_date") else None
    if start and end:
        if end < start:
            problems.append(_("end_date: comes before start_date."))
        elif end - start > datetime.timedelta(days=MAX_DAYS):
            problems.append(
                _("end_date: at most %(days)d days after start_date.") % {"days": MAX_DAYS}
            )
    if problems:
        raise Open311Error(400, problems)
    return RequestFilters(
        ids=tuple(ids),
        service_codes=tuple(listed("service_code")),
        start=start,
        end=end,
        statuses=tuple(statuses),
    )


@dataclass(frozen=True)
class _ServiceFacts:
    code: str
    name: str
    agency: str | None
    notice: str


def _service_facts(municipality_id: int) -> dict[int, _ServiceFacts]:
    """Every service of the municipality (inactive ones too: old requests keep theirs), with the
    organisation that answers for it."""
    city_hall = (
        Organisation.objects.filter(
            municipality_id=municipality_id, kind=OrganisationKind.CITY_HALL
        )
        .order_by("pk")
        .first()
    )
    city_hall_name = city_hall.name if city_hall else None
    return {
        service.pk: _ServiceFacts(
            code=service.code,
            name=service.name,
            agency=service.responsible.name if service.responsible else city_hall_name,
            notice=service_notice(service),
        )
        for service in Service.objects.filter(municipality_id=municipality_id).select_related(
            "responsible"
        )
    }


_ROW_FIELDS = (
    "pk",
    "status",
    "service_id",
    "description",
    "requested_at",
    "updated_at",
    "expected_at",
    "address",
    "address_id",
    "zipcode",
    "latitude",
    "longitude",
    "photo",
    "media_url",
    "status_notes",
)


def _status_notes() -> Subquery:
    """The latest public response of the city (not the reporter's words)."""
    return Subquery(
        RequestUpdate.objects.filter(request=OuterRef("pk"), by_reporter=False)
        .exclude(text="")
        .order_by("-created_at", "-pk")
        .values("text")[:1]
    )


def request_rows(
    municipality_id: int | None,
    filters: RequestFilters,
    *,
    absolute: Any,
    now: datetime.datetime | None = None,
) -> list[dict[str, Any]]:
    """The requests that match, newest first, at most MAX_REQUESTS, as the specification's
    dictionaries. `absolute(path)` turns a path into an absolute URL (for photos)."""
    if municipality_id is None:
        return []
    queryset = Request.public.filter(municipality_id=municipality_id)
    if filters.ids:
        # The specification: service_request_id overrides every other filter.
        queryset = queryset.filter(pk__in=filters.ids)
    else:
        now = now or timezone.now()
        start, end = filters.start, filters.end
        if start is None and end is None:
            start, end = now - datetime.timedelta(days=DEFAULT_DAYS), None
        elif start is None:
            start = end - datetime.timedelta(days=DEFAULT_DAYS)
        elif end is None:
            end = start + datetime.timedelta(days=DEFAULT_DAYS)
        queryset = queryset.filter(requested_at__gte=start)
        if end is not None:
            queryset = queryset.filter(requested_at__lte=end)
        if filters.service_codes:
            queryset = queryset.filter(service__code__in=filters.service_codes)
        if filters.statuses and set(filters.statuses) != {"open", "closed"}:
            if filters.statuses[0] == "open":
                queryset = queryset.filter(status__in=OPEN_STATUSES)
            else:
                queryset = queryset.filter(status__in=CLOSED_STATUSES | FIXED_STATUSES)
    rows = (
        queryset.annotate(status_notes=_status_notes())
        .order_by("-requested_at", "-pk")
        .values_list(*_ROW_FIELDS)[:MAX_REQUESTS]
    )
    return serialise_rows(rows, _service_facts(municipality_id), absolute=absolute)


def serialise_rows(
    rows: Iterable[tuple[Any, ...]], facts: Mapping[int, _ServiceFacts], *, absolute: Any
) -> list[dict[str, Any]]:
    result = []
    url = default_storage.url
    zone = timezone.get_current_timezone()
    for (
        pk,
        status,
        service_id,
        description,
        requested_at,
        updated_at,
        expected_at,
        address,
        address_id,
        zipcode,
        latitude,
        longitude,
        photo,
        media_url,
        status_notes,
    ) in rows:
        service = facts[service_id]
        result.append(
            {
                "service_request_id": str(pk),
                "status": "open" if status in OPEN_STATUSES else "closed",
                "status_notes": status_notes or None,
                "service_name": service.name,
                "service_code": service.code,
                "description": description,
                "agency_responsible": service.agency,
                "service_notice": service.notice,
                "requested_datetime": iso(requested_at, zone),
                "updated_datetime": iso(updated_at, zone),
                "expected_datetime": iso(expected_at, zone),
                "address": address or None,
                "address_id": address_id or None,
                "zipcode": zipcode or None,
                "lat": _number(latitude),
                "long": _number(longitude),
                "media_url": absolute(url(photo)) if photo else (media_url or None),
            }
        )
    return result


def token_data(token: str) -> list[dict[str, Any]]:
    """What a token has become: the request's number once it is public."""
    found = Request.all_objects.filter(token=token).values_list("pk", "status").first()
    if found is None:
        raise Open311Error(404, [_("token: no request has this token.")])
    pk, status = found
    public = status in OPEN_STATUSES or status in CLOSED_STATUSES or status in FIXED_STATUSES
    return [{"service_request_id": str(pk) if public else None, "token": token}]
