"""Open311 GeoReport v2 endpoints at /open311/v2/, each in `.json` and `.xml`.

Clients write with an API key, not a session: POST is exempt from CSRF and reads no cookie.
Input is form-encoded, as the specification has it; no XML is ever parsed. Every refusal is the
specification's list of errors with its HTTP status, and nothing is stored on a refusal.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from opencity.core.ratelimit import RateLimit, RateLimited
from opencity.feedback import open311, services
from opencity.feedback.models import ApiClient, Service

# Per address, whatever the key; the key's own allowance is services.API_KEY_LIMIT.
SUBMIT_ADDRESS_LIMIT = RateLimit("open311_submit_address", count=1000, seconds=3600)
READ_ADDRESS_LIMIT = RateLimit("open311_read_address", count=600, seconds=60)

FORMAT = r"\.(?P<format>json|xml)$"
_ATTRIBUTE = re.compile(r"^attribute\[(?P<code>[^\]]+)\](?:\[\])?$")
# Where services.request_submit names a field differently from the specification.
_PARAMETER = {"location": "lat/long, address_string or address_id"}


def _respond(data: Any, *, root: str, format: str, status: int = 200) -> HttpResponse:
    body, content_type = open311.render(data, root=root, format=format)
    return HttpResponse(body, content_type=content_type, status=status)


def _error(error: open311.Open311Error, format: str) -> HttpResponse:
    return _respond(error.as_data(), root="errors", format=format, status=error.status)


def _address(request: HttpRequest) -> str:
    return f"open311:{request.META.get('REMOTE_ADDR', '')}"


def _check(limit: RateLimit, key: str) -> None:
    try:
        limit.check(key)
    except RateLimited as refusal:
        raise open311.Open311Error(429, [str(refusal.messages[0])]) from None


def endpoint(
    *methods: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """The method check (405), the rate limit for reads, and errors in the specification's form."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        def wrapped(request: HttpRequest, format: str, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in allowed:
                    response = _error(
                        open311.Open311Error(
                            405,
                            [
                                _("%(method)s is not allowed here; use %(allowed)s.")
                                % {"method": request.method, "allowed": ", ".join(methods)}
                            ],
                        ),
                        format,
                    )
                    response["Allow"] = ", ".join(sorted(allowed))
                    return response
                if request.method != "POST":
                    _check(READ_ADDRESS_LIMIT, _address(request))
                return view(request, format=format, **kwargs)
            except open311.Open311Error as error:
                return _error(error, format)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return csrf_exempt(wrapped)

    return decorate


def _jurisdiction(request: HttpRequest) -> int | None:
    source = request.POST if request.method == "POST" else request.GET
    return open311.municipality_for(source.get("jurisdiction_id", "").strip() or None)


@endpoint("GET")
def service_list(request: HttpRequest, format: str) -> HttpResponse:
    data = open311.services_list(_jurisdiction(request))
    return _respond(data, root="services", format=format)


@endpoint("GET")
def service_detail(request: HttpRequest, format: str, code: str) -> HttpResponse:
    service = open311.active_service(_jurisdiction(request), code)
    return _respond(open311.service_definition(service), root="service_definition", format=format)


def _absolute(request: HttpRequest) -> Callable[[str], str]:
    base = request.build_absolute_uri("/")[:-1]

    def absolute(url: str) -> str:
        return base + url if url.startswith("/") else url

    return absolute


@endpoint("GET", "POST")
def requests(request: HttpRequest, format: str) -> HttpResponse:
    if request.method == "POST":
        return _submit(request, format)
    filters = open311.parse_filters(request.GET)
    rows = open311.request_rows(_jurisdiction(request), filters, absolute=_absolute(request))
    return _respond(rows, root="service_requests", format=format)


@endpoint("GET")
def request_detail(request: HttpRequest, format: str, pk: str) -> HttpResponse:
    filters = open311.RequestFilters(ids=(int(pk),)) if len(pk) < 19 else None
    rows = (
        open311.request_rows(_jurisdiction(request), filters, absolute=_absolute(request))
        if filters
        else []
    )
    if not rows:
        raise open311.Open311Error(
            404, [_("service_request_id: no request has the number %(id)s.") % {"id": pk}]
        )
    return _respond(rows, root="service_requests", format=format)


@endpoint("GET")
def token_detail(request: HttpRequest, format: str, token: str) -> HttpResponse:
    return _respond(open311.token_data(token), root="service_requests", format=format)


# Services with their attributes and valid API clients, kept a few seconds in each worker: a
# client posting many requests costs no lookup per request. A change to a service (its
# attributes, its deadline, switching it off) or a key switched off reaches the API within
# these seconds. Wrong keys are never kept: each one is looked up (after the address's limit).
CACHE_SECONDS = 10.0
_services: dict[tuple[str, str], tuple[float, Service]] = {}
_clients: dict[str, tuple[float, ApiClient]] = {}


def _api_client(key: str) -> ApiClient | None:
    now = time.monotonic()
    cached = _clients.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    client = services.api_client_for_key(key)
    if client is not None:
        if len(_clients) > 10_000:
            _clients.clear()
        _clients[key] = (now + CACHE_SECONDS, client)
    return client


def _service_for_post(jurisdiction_id: str, code: str) -> Service:
    if not code:
        raise open311.Open311Error(400, [_("service_code: required.")])
    now = time.monotonic()
    cached = _services.get((jurisdiction_id, code))
    if cached is not None and cached[0] > now:
        return cached[1]
    service = _lookup_service(jurisdiction_id, code)
    if len(_services) > 10_000:
        _services.clear()
    _services[(jurisdiction_id, code)] = (now + CACHE_SECONDS, service)
    return service


def _lookup_service(jurisdiction_id: str, code: str) -> Service:
    """The service and its attributes in two queries when the jurisdiction is named (the usual
    case for clients)."""
    if jurisdiction_id:
        lookup = {
            f"municipality__{key}": value
            for key, value in open311.jurisdiction_filter(jurisdiction_id).items()
        }
        found = list(Service.objects.filter(code=code, **lookup).prefetch_related("attributes")[:2])
        if len(found) == 1:
            return found[0]
        # Not found, or ambiguous: say which, at the cost of another query on this path only.
        return open311.active_service(open311.municipality_for(jurisdiction_id), code)
    municipality_id = open311.municipality_for(None)
    if municipality_id is None:
        raise open311.Open311Error(
            404, [_("service_code: no service has the code %(code)s.") % {"code": code}]
        )
    found = list(
        Service.objects.filter(code=code, municipality_id=municipality_id).prefetch_related(
            "attributes"
        )[:1]
    )
    if not found:
        raise open311.Open311Error(
            404, [_("service_code: no service has the code %(code)s.") % {"code": code}]
        )
    return found[0]


def _attributes(data: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for name in data:
        match = _ATTRIBUTE.match(name)
        if match is None:
            continue
        values = data.getlist(name)
        code = match["code"]
        if name.endswith("[]") or len(values) > 1 or code in answers:
            previous = answers.get(code, [])
            answers[code] = [*(previous if isinstance(previous, list) else [previous]), *values]
        else:
            answers[code] = values[0]
    return answers


def _submit(request: HttpRequest, format: str) -> HttpResponse:
    data = request.POST
    key = data.get("api_key", "").strip() or request.GET.get("api_key", "").strip()
    if not key:
        raise open311.Open311Error(403, [_("api_key: required to submit requests.")])
    _check(SUBMIT_ADDRESS_LIMIT, _address(request))
    client = _api_client(key)
    if client is None:
        raise open311.Open311Error(403, [_("api_key: not a valid key.")])
    service = _service_for_post(
        data.get("jurisdiction_id", "").strip(), data.get("service_code", "").strip()
    )
    submission = services.Submission(
        service=service,
        description=data.get("description", ""),
        latitude=data.get("lat") or None,
        longitude=data.get("long") or None,
        address=data.get("address_string", ""),
        address_id=data.get("address_id", ""),
        zipcode=data.get("zipcode", ""),
        attributes=_attributes(data),
        media_url=data.get("media_url", ""),
        email=data.get("email", "").strip(),
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        phone=data.get("phone", ""),
        device_id=data.get("device_id", ""),
        account_id=data.get("account_id", ""),
    )
    try:
        submitted = services.request_submit(
            submission=submission, rate_key=f"api_client:{client.pk}", api_client=client
        )
    except RateLimited as refusal:
        raise open311.Open311Error(429, [str(refusal.messages[0])]) from None
    except ValidationError as error:
        problems = [
            f"{_PARAMETER.get(field, field)}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
        raise open311.Open311Error(400, problems) from None
    answer = [
        {
            "service_request_id": str(submitted.request.pk),
            "token": submitted.request.token,
            "service_notice": open311.service_notice(service),
            "account_id": submission.account_id.strip() or None,
        }
    ]
    return _respond(answer, root="service_requests", format=format)


def not_found(request: HttpRequest, path: str) -> HttpResponse:
    format = "xml" if path.endswith(".xml") else "json"
    return _error(
        open311.Open311Error(
            404,
            [
                _(
                    "No such endpoint. The endpoints are services, services/CODE, requests, "
                    "requests/ID and tokens/TOKEN, each ending in .json or .xml."
                )
            ],
        ),
        format,
    )


urlpatterns = [
    re_path(r"^services" + FORMAT, service_list, name="services"),
    re_path(r"^services/(?P<code>[-\w]+)" + FORMAT, service_detail, name="service"),
    re_path(r"^requests" + FORMAT, requests, name="requests"),
    re_path(r"^requests/(?P<pk>[0-9]+)" + FORMAT, request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[-\w]+)" + FORMAT, token_detail, name="token"),
    re_path(r"^(?P<path>.*)$", csrf_exempt(not_found), name="not_found"),
]
