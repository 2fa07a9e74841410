"""Open311 GeoReport v2 at /open311/v2/: every endpoint in JSON and XML, field names and types
as the specification has them, errors in its format with nothing stored, no personal data."""

from __future__ import annotations

import datetime
import io
import json
import re
import secrets
from decimal import Decimal
from typing import Any

import pytest
from defusedxml import ElementTree as SafeElementTree
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from opencity.accounts.models import OrganisationKind
from opencity.feedback import open311, services
from opencity.feedback.lifecycle import Status
from opencity.feedback.models import Contact, Request
from tests import factories
from tests.feedback.factories import ServiceAttributeFactory, ServiceFactory

# Written from the GeoReport v2 specification, not from the code under test.
SPEC_SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
SPEC_DEFINITION_FIELDS = ["service_code", "attributes"]
SPEC_ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]
SPEC_VALUE_FIELDS = ["key", "name"]
SPEC_POST_FIELDS = {"service_request_id", "token", "service_notice", "account_id"}
SPEC_TOKEN_FIELDS = ["service_request_id", "token"]
SPEC_REQUEST_FIELDS = [
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
]
SPEC_DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")
# Elements that repeat inside a list, to read XML back into the shape of the JSON answer.
XML_LISTS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
}

PERSONAL = {
    "email": "ana.popescu@example.org",
    "first_name": "Anastasia",
    "last_name": "Popescu-Zamfir",
    "phone": "+40 722 555 019",
    "device_id": "device-7f3a9c",
    "account_id": "account-55219",
}


def xml_data(body: bytes) -> tuple[str, Any]:
    """The root's name and its content, parsed with defusedxml (no entities, no DTD)."""
    root = SafeElementTree.fromstring(body)

    def read(element: Any) -> Any:
        if element.tag in XML_LISTS:
            assert all(child.tag == XML_LISTS[element.tag] for child in element)
            return [read(child) for child in element]
        if len(element):
            tags = [child.tag for child in element]
            assert len(tags) == len(set(tags)), tags
            return {child.tag: read(child) for child in element}
        return element.text

    return root.tag, read(root)


def get(client: Client, path: str, **params: Any) -> Any:
    return client.get(f"/open311/v2/{path}", params)


def post(client: Client, format: str = "json", **data: Any) -> Any:
    return client.post(f"/open311/v2/requests.{format}", data)


@pytest.fixture(autouse=True)
def _fresh_service_cache() -> None:
    from opencity.feedback.views import open311 as views

    views._services.clear()
    views._clients.clear()


@pytest.fixture
def api_key(make_person) -> str:
    _client, key = services.api_client_create(actor=make_person("admin"), name="Mobile app")
    return key


@pytest.fixture
def jurisdiction(service) -> str:
    return service.municipality.code


def submission(service, key: str, where: str | None, **overrides: Any) -> dict[str, Any]:
    data = {
        "api_key": key,
        "jurisdiction_id": where,
        "service_code": service.code,
        "lat": "46.0667",
        "long": "23.5700",
        "description": "A deep pothole in front of the school.",
        "attribute[size]": "large",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored() -> tuple[int, int]:
    return Request.all_objects.count(), Contact.objects.count()


def make_requests(service, count: int, **fields: Any) -> list[Request]:
    now = timezone.now()
    rows = [
        Request(
            municipality_id=service.municipality_id,
            service=service,
            status=fields.get("status", Status.CONFIRMED),
            description=f"Request {number}",
            latitude=Decimal("46.066700"),
            longitude=Decimal("23.570000"),
            requested_at=fields.get("requested_at", now - datetime.timedelta(minutes=number)),
            updated_at=now,
            expected_at=now + datetime.timedelta(days=7),
            token=secrets.token_urlsafe(12),
        )
        for number in range(count)
    ]
    return Request.all_objects.bulk_create(rows)


# ---------------------------------------------------------------------------------------------
# services and services/{code}


@pytest.mark.parametrize("format", ["json", "xml"])
def test_services_list_has_the_spec_fields_and_types(client, service, jurisdiction, format):
    ServiceFactory(municipality=service.municipality, code="graffiti", name_en="Graffiti")
    ServiceFactory(municipality=service.municipality, code="retired", active=False)
    response = get(client, f"services.{format}", jurisdiction_id=jurisdiction)

    assert response.status_code == 200
    if format == "json":
        assert response["Content-Type"].startswith("application/json")
        data = response.json()
    else:
        assert response["Content-Type"].startswith("application/xml")
        root, data = xml_data(response.content)
        assert root == "services"
    assert [item["service_code"] for item in data] == ["graffiti", "pothole"]
    for item in data:
        assert list(item) == SPEC_SERVICE_FIELDS
    by_code = {item["service_code"]: item for item in data}
    pothole, graffiti = by_code["pothole"], by_code["graffiti"]
    assert pothole["service_name"] == "Pothole"
    assert pothole["type"] in {"realtime", "batch", "blackbox"}
    if format == "json":
        assert pothole["metadata"] is True and graffiti["metadata"] is False
        assert all(isinstance(item["service_code"], str) for item in data)
        assert all(item["keywords"] is None or isinstance(item["keywords"], str) for item in data)
    else:
        assert pothole["metadata"] == "true" and graffiti["metadata"] == "false"


@pytest.mark.parametrize("format", ["json", "xml"])
def test_service_definition_lists_attributes_with_the_spec_fields(
    client, service, jurisdiction, format
):
    ServiceAttributeFactory(
        service=service,
        code="lane",
        datatype="string",
        required=False,
        order=2,
        description_en="Which lane?",
        datatype_description_en="left or right",
    )
    response = get(client, f"services/pothole.{format}", jurisdiction_id=jurisdiction)

    assert response.status_code == 200
    if format == "json":
        data = response.json()
    else:
        root, data = xml_data(response.content)
        assert root == "service_definition"
    assert list(data) == SPEC_DEFINITION_FIELDS
    assert data["service_code"] == "pothole"
    size, lane = data["attributes"]
    for attribute in (size, lane):
        assert list(attribute) == SPEC_ATTRIBUTE_FIELDS
        assert attribute["datatype"] in SPEC_DATATYPES
    assert size["code"] == "size" and size["datatype"] == "singlevaluelist"
    assert size["description"] == "How big is it?"
    assert [list(value) for value in size["values"]] == [SPEC_VALUE_FIELDS] * 2
    assert [value["key"] for value in size["values"]] == ["small", "large"]
    assert lane["datatype_description"] == "left or right"
    if format == "json":
        assert size["variable"] is True and size["required"] is True
        assert lane["required"] is False
        assert lane["order"] == 2 and isinstance(size["order"], int)
        assert lane["values"] == []
    else:
        assert size["required"] == "true" and lane["required"] == "false"
        assert lane["order"] == "2"
        assert lane["values"] == []  # an empty <values/>


@pytest.mark.parametrize("format", ["json", "xml"])
def test_unknown_or_inactive_service_is_a_404(client, service, jurisdiction, format):
    ServiceFactory(municipality=service.municipality, code="retired", active=False)
    for code in ("nothing-here", "retired"):
        response = get(client, f"services/{code}.{format}", jurisdiction_id=jurisdiction)
        assert response.status_code == 404
        errors = response.json() if format == "json" else xml_data(response.content)[1]
        assert errors[0]["code"] in (404, "404")
        assert "service_code" in errors[0]["description"]


# ---------------------------------------------------------------------------------------------
# POST requests


@pytest.mark.parametrize("format", ["json", "xml"])
def test_post_stores_the_request_and_its_private_contact(service, api_key, jurisdiction, format):
    client = Client(enforce_csrf_checks=True)  # API keys, not cookies: no CSRF token needed
    response = post(client, format, **submission(service, api_key, jurisdiction, **PERSONAL))

    assert response.status_code == 200
    if format == "json":
        (answer,) = response.json()
    else:
        root, (answer,) = xml_data(response.content)
        assert root == "service_requests"
    assert set(answer) == SPEC_POST_FIELDS
    request = Request.all_objects.get()
    assert answer["service_request_id"] == str(request.pk)
    assert answer["token"] == request.token
    assert answer["account_id"] == PERSONAL["account_id"]
    assert answer["service_notice"] == "An answer is expected within 7 days."
    assert request.status == Status.CONFIRMED
    assert request.api_client.name == "Mobile app"
    assert request.attributes == {"size": "large"}
    assert request.latitude == Decimal("46.066700")
    contact = request.contact
    assert (contact.email, contact.first_name, contact.last_name) == (
        PERSONAL["email"],
        PERSONAL["first_name"],
        PERSONAL["last_name"],
    )
    assert (contact.phone, contact.device_id, contact.account_id) == (
        PERSONAL["phone"],
        PERSONAL["device_id"],
        PERSONAL["account_id"],
    )


def test_post_with_an_address_instead_of_coordinates(client, service, api_key, jurisdiction):
    response = post(
        client,
        **submission(
            service,
            api_key,
            jurisdiction,
            lat=None,
            long=None,
            address_string="Strada Mihai Viteazul 12",
            address_id="AB-1234",
            zipcode="510010",
        ),
    )
    assert response.status_code == 200, response.content
    request = Request.all_objects.get()
    assert (request.address, request.address_id, request.zipcode) == (
        "Strada Mihai Viteazul 12",
        "AB-1234",
        "510010",
    )
    assert request.latitude is None


def test_post_takes_several_values_of_a_multivaluelist(client, service, api_key, jurisdiction):
    ServiceAttributeFactory(
        service=service,
        code="hazards",
        datatype="multivaluelist",
        values=[{"key": "water", "name": "water"}, {"key": "glass", "name": "glass"}],
    )
    data = submission(service, api_key, jurisdiction)
    data["attribute[hazards][]"] = ["water", "glass"]
    response = post(client, **data)
    assert response.status_code == 200, response.content
    assert Request.all_objects.get().attributes == {
        "size": "large",
        "hazards": ["water", "glass"],
    }


def test_jurisdiction_may_be_left_out_when_one_municipality_has_services(client, service, api_key):
    response = post(client, **submission(service, api_key, None))
    assert response.status_code == 200, response.content
    assert get(client, "services.json").json()[0]["service_code"] == "pothole"


def test_jurisdiction_also_reads_as_register_and_code(client, service, api_key):
    municipality = service.municipality
    response = post(
        client,
        **submission(service, api_key, f"{municipality.register}:{municipality.code}"),
    )
    assert response.status_code == 200, response.content


def _errors(response: Any, format: str) -> list[dict[str, Any]]:
    if format == "json":
        assert response["Content-Type"].startswith("application/json")
        errors = response.json()
    else:
        assert response["Content-Type"].startswith("application/xml")
        root, errors = xml_data(response.content)
        assert root == "errors"
    assert isinstance(errors, list) and errors
    for error in errors:
        assert list(error) == ["code", "description"]
        assert str(error["code"]) == str(response.status_code)
        if format == "json":
            assert isinstance(error["code"], int)
        assert isinstance(error["description"], str) and error["description"]
    return errors


LOCATION = "lat/long, address_string or address_id"
BAD_POSTS = [
    ("unknown service", {"service_code": "no-such-thing"}, 404, ["service_code"]),
    ("missing location", {"lat": None, "long": None}, 400, [LOCATION]),
    ("latitude without longitude", {"long": None}, 400, ["long"]),
    ("latitude out of range", {"lat": "123.5"}, 400, ["lat"]),
    ("bad attribute value", {"attribute[size]": "enormous"}, 400, ["attribute[size]"]),
    ("missing required attribute", {"attribute[size]": None}, 400, ["attribute[size]"]),
    ("unknown attribute", {"attribute[colour]": "red"}, 400, ["attribute[colour]"]),
    ("bad e-mail", {"email": "not-an-address"}, 400, ["email"]),
    ("no description", {"description": "  "}, 400, ["description"]),
    ("wrong key", {"api_key": "not-the-key"}, 403, ["api_key"]),
    ("missing key", {"api_key": None}, 403, ["api_key"]),
    ("unknown jurisdiction", {"jurisdiction_id": "99999999"}, 404, ["jurisdiction_id"]),
    (
        "several problems at once",
        {"lat": None, "long": None, "attribute[size]": "enormous", "description": ""},
        400,
        [LOCATION, "attribute[size]", "description"],
    ),
]


@pytest.mark.parametrize("format", ["json", "xml"])
@pytest.mark.parametrize(
    ("case", "changes", "status", "fields"), BAD_POSTS, ids=[case[0] for case in BAD_POSTS]
)
def test_bad_post_is_refused_in_the_spec_format_and_stores_nothing(
    client, service, api_key, jurisdiction, format, case, changes, status, fields
):
    response = post(client, format, **submission(service, api_key, jurisdiction, **changes))

    assert response.status_code == status
    errors = _errors(response, format)
    assert len(errors) == len(fields)
    for field in fields:
        assert sum(error["description"].startswith(field) for error in errors) == 1, errors
    assert stored() == (0, 0)


@pytest.mark.parametrize("format", ["json", "xml"])
def test_jurisdiction_is_required_when_several_municipalities_have_services(
    client, service, api_key, format
):
    ServiceFactory(code="pothole")  # another municipality
    response = post(client, format, **submission(service, api_key, None))
    assert response.status_code == 400
    assert _errors(response, format)[0]["description"].startswith("jurisdiction_id")
    response = get(client, f"requests.{format}")
    assert response.status_code == 400
    assert stored() == (0, 0)


def test_inactive_service_refuses_requests(client, service, api_key, jurisdiction):
    ServiceFactory(municipality=service.municipality, code="retired", active=False)
    response = post(client, **submission(service, api_key, jurisdiction, service_code="retired"))
    assert response.status_code == 400
    assert _errors(response, "json")[0]["description"].startswith("service_code")
    assert stored() == (0, 0)


def test_a_deactivated_key_is_refused(client, service, api_key, jurisdiction):
    services.api_client_for_key(api_key).__class__.objects.update(active=False)
    response = post(client, **submission(service, api_key, jurisdiction))
    assert response.status_code == 403
    assert stored() == (0, 0)


def test_posts_are_limited_per_api_key(client, settings, service, api_key, jurisdiction):
    settings.OPENCITY_RATE_LIMITS = {"feedback_api_key": 2}
    for _number in range(2):
        assert post(client, **submission(service, api_key, jurisdiction)).status_code == 200
    response = post(client, "xml", **submission(service, api_key, jurisdiction))
    assert response.status_code == 429
    assert "Too many" in _errors(response, "xml")[0]["description"]
    assert stored() == (2, 2)


def test_posts_are_limited_per_address_whatever_the_key(
    client, settings, service, api_key, jurisdiction
):
    settings.OPENCITY_RATE_LIMITS = {"open311_submit_address": 2}
    assert post(client, **submission(service, api_key, jurisdiction)).status_code == 200
    assert post(client, **submission(service, "guessed-key", jurisdiction)).status_code == 403
    response = post(client, **submission(service, api_key, jurisdiction))
    assert response.status_code == 429
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert post(other, **submission(service, api_key, jurisdiction)).status_code == 200
    assert stored() == (2, 2)


def test_reads_are_limited_per_address(client, settings, service, jurisdiction):
    settings.OPENCITY_RATE_LIMITS = {"open311_read_address": 2}
    assert get(client, "services.json", jurisdiction_id=jurisdiction).status_code == 200
    assert get(client, "requests.json", jurisdiction_id=jurisdiction).status_code == 200
    response = get(client, "requests.xml", jurisdiction_id=jurisdiction)
    assert response.status_code == 429
    _errors(response, "xml")


@pytest.mark.parametrize("format", ["json", "xml"])
def test_other_methods_are_a_405(client, service, format):
    for method, path in (
        ("put", f"requests.{format}"),
        ("delete", f"requests.{format}"),
        ("post", f"services.{format}"),
        ("post", f"services/pothole.{format}"),
        ("post", f"tokens/abc.{format}"),
    ):
        response = getattr(client, method)(f"/open311/v2/{path}")
        assert response.status_code == 405, path
        assert "GET" in response["Allow"]
        _errors(response, format)
    assert stored() == (0, 0)


@pytest.mark.parametrize("path", ["nothing.json", "services.csv", "requests/12/extra.xml"])
def test_unknown_endpoints_are_a_404_in_the_spec_format(client, path):
    response = client.get(f"/open311/v2/{path}")
    assert response.status_code == 404
    _errors(response, "xml" if path.endswith(".xml") else "json")


# ---------------------------------------------------------------------------------------------
# GET requests, requests/{id}, tokens/{token}


@pytest.fixture
def answered(client, make_person, service, api_key, jurisdiction) -> Request:
    """A request submitted through the API with personal data, then answered by the city."""
    response = post(client, **submission(service, api_key, jurisdiction, **PERSONAL))
    request = Request.all_objects.get(pk=response.json()[0]["service_request_id"])
    official = make_person("city_official")
    services.request_respond(actor=official, request=request, text="Inspected.")
    services.request_respond(
        actor=official, request=request, text="Repair booked for Monday.", status="planned"
    )
    return request


def _check_request_item(item: dict[str, Any], format: str) -> None:
    assert list(item) == SPEC_REQUEST_FIELDS
    assert item["status"] in {"open", "closed"}
    for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
        value = item[field]
        if value is not None:
            assert ISO_WITH_OFFSET.match(value), value
            assert datetime.datetime.fromisoformat(value).tzinfo is not None
    if format == "json":
        assert isinstance(item["service_request_id"], str)
        for field in ("lat", "long"):
            assert item[field] is None or isinstance(item[field], float)
        for field in SPEC_REQUEST_FIELDS:
            if field not in ("lat", "long"):
                assert item[field] is None or isinstance(item[field], str), field


@pytest.mark.parametrize("format", ["json", "xml"])
def test_get_requests_has_the_spec_fields_and_types(client, answered, jurisdiction, format):
    response = get(client, f"requests.{format}", jurisdiction_id=jurisdiction)

    assert response.status_code == 200
    if format == "json":
        data = response.json()
    else:
        root, data = xml_data(response.content)
        assert root == "service_requests"
    (item,) = data
    _check_request_item(item, format)
    assert item["service_request_id"] == str(answered.pk)
    assert item["status"] == "open"
    assert item["status_notes"] == "Repair booked for Monday."
    assert item["service_code"] == "pothole" and item["service_name"] == "Pothole"
    assert item["agency_responsible"] == "Alba Iulia City Hall"
    assert item["description"] == "A deep pothole in front of the school."
    assert item["service_notice"] == "An answer is expected within 7 days."
    if format == "json":
        assert item["lat"] == 46.0667 and item["long"] == 23.57
        assert item["address"] is None and item["media_url"] is None
    else:
        assert float(item["lat"]) == 46.0667 and float(item["long"]) == 23.57
    requested = datetime.datetime.fromisoformat(item["requested_datetime"])
    assert abs(requested - answered.requested_at) < datetime.timedelta(seconds=1)


def test_agency_is_the_responsible_organisation_when_there_is_one(
    client, answered, service, jurisdiction
):
    service.responsible = factories.OrganisationFactory(
        kind=OrganisationKind.OTHER, name_en="Roads Department"
    )
    service.save()
    (item,) = get(client, "requests.json", jurisdiction_id=jurisdiction).json()
    assert item["agency_responsible"] == "Roads Department"


def test_closed_and_fixed_requests_read_as_closed(client, service, jurisdiction):
    make_requests(service, 1, status=Status.FIXED)
    make_requests(service, 1, status=Status.DUPLICATE)
    make_requests(service, 1, status=Status.IN_PROGRESS)
    statuses = [item["status"] for item in get(client, "requests.json").json()]
    assert sorted(statuses) == ["closed", "closed", "open"]
    assert len(get(client, "requests.json", status="open").json()) == 1
    assert len(get(client, "requests.json", status="closed").json()) == 2
    assert len(get(client, "requests.json", status="open,closed").json()) == 3


def test_unconfirmed_requests_are_never_shown(client, service, jurisdiction):
    (hidden,) = make_requests(service, 1, status=Status.UNCONFIRMED)
    assert get(client, "requests.json").json() == []
    assert get(client, f"requests/{hidden.pk}.json").status_code == 404
    (answer,) = get(client, f"tokens/{hidden.token}.json").json()
    assert answer == {"service_request_id": None, "token": hidden.token}


def test_photo_is_given_as_an_absolute_media_url(client, service, jurisdiction, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    submitted = services.request_submit(
        submission=services.Submission(
            service=service,
            description="Broken bench",
            address="Piața Cetății",
            attributes={"size": "small"},
        ),
        rate_key="photo",
        photo=SimpleUploadedFile("bench.jpg", buffer.getvalue(), content_type="image/jpeg"),
    )
    (item,) = get(client, f"requests/{submitted.request.pk}.json").json()
    assert item["media_url"].startswith("http://testserver/media/feedback/photos/")
    assert item["media_url"].endswith(".jpg")
    assert item["address"] == "Piața Cetății"


def test_media_url_given_by_the_client_is_passed_on(client, service, api_key, jurisdiction):
    response = post(
        client,
        **submission(service, api_key, jurisdiction, media_url="https://example.org/p.jpg"),
    )
    pk = response.json()[0]["service_request_id"]
    (item,) = get(client, f"requests/{pk}.json").json()
    assert item["media_url"] == "https://example.org/p.jpg"


def test_filters_by_ids_service_and_dates(client, service, jurisdiction):
    graffiti = ServiceFactory(municipality=service.municipality, code="graffiti")
    now = timezone.now()
    first, second, third = make_requests(service, 3)
    (other,) = make_requests(graffiti, 1)
    (old,) = make_requests(service, 1, requested_at=now - datetime.timedelta(days=120))

    def ids(**params: Any) -> list[str]:
        response = get(client, "requests.json", jurisdiction_id=jurisdiction, **params)
        assert response.status_code == 200, response.content
        return sorted(item["service_request_id"] for item in response.json())

    assert ids() == sorted(str(r.pk) for r in (first, second, third, other))  # 90 days
    assert ids(service_request_id=f"{first.pk},{old.pk}") == sorted([str(first.pk), str(old.pk)])
    assert ids(service_code="graffiti") == [str(other.pk)]
    assert ids(service_code="graffiti,pothole") == ids()
    start = (now - datetime.timedelta(days=130)).isoformat()
    end = (now - datetime.timedelta(days=110)).isoformat()
    assert ids(start_date=start, end_date=end) == [str(old.pk)]
    assert ids(end_date=(now - datetime.timedelta(days=100)).date().isoformat()) == [str(old.pk)]
    assert ids(start_date=(now - datetime.timedelta(days=1)).isoformat()) == ids()


def test_at_most_the_limit_newest_first(client, service, jurisdiction, monkeypatch):
    monkeypatch.setattr(open311, "MAX_REQUESTS", 3)
    made = make_requests(service, 5)
    data = get(client, "requests.json").json()
    assert [item["service_request_id"] for item in data] == [str(r.pk) for r in made[:3]]


BAD_FILTERS = [
    ({"start_date": "yesterday"}, ["start_date"]),
    ({"end_date": "2026-13-45"}, ["end_date"]),
    ({"status": "pending"}, ["status"]),
    ({"service_request_id": "12,abc"}, ["service_request_id"]),
    ({"start_date": "2026-01-01", "end_date": "2026-06-01"}, ["end_date"]),
    ({"start_date": "2026-02-01", "end_date": "2026-01-01"}, ["end_date"]),
    ({"status": "new", "start_date": "soon"}, ["status", "start_date"]),
]


@pytest.mark.parametrize("format", ["json", "xml"])
@pytest.mark.parametrize(("params", "fields"), BAD_FILTERS)
def test_bad_filters_are_a_400_naming_the_parameter(
    client, service, jurisdiction, format, params, fields
):
    response = get(client, f"requests.{format}", jurisdiction_id=jurisdiction, **params)
    assert response.status_code == 400
    errors = _errors(response, format)
    assert sorted(error["description"].split(":")[0] for error in errors) == sorted(fields)


@pytest.mark.parametrize("format", ["json", "xml"])
def test_unknown_jurisdiction_is_a_404_on_every_read(client, service, format):
    for path in (f"services.{format}", f"requests.{format}", f"services/pothole.{format}"):
        response = get(client, path, jurisdiction_id="nowhere")
        assert response.status_code == 404, path
        assert _errors(response, format)[0]["description"].startswith("jurisdiction_id")


@pytest.mark.parametrize("format", ["json", "xml"])
def test_one_request_and_its_token(client, answered, jurisdiction, format):
    response = get(client, f"requests/{answered.pk}.{format}", jurisdiction_id=jurisdiction)
    assert response.status_code == 200
    data = response.json() if format == "json" else xml_data(response.content)[1]
    (item,) = data
    _check_request_item(item, format)
    assert item["service_request_id"] == str(answered.pk)

    response = get(client, f"tokens/{answered.token}.{format}", jurisdiction_id=jurisdiction)
    assert response.status_code == 200
    if format == "json":
        (item,) = response.json()
    else:
        root, (item,) = xml_data(response.content)
        assert root == "service_requests"
    assert list(item) == SPEC_TOKEN_FIELDS
    assert item == {"service_request_id": str(answered.pk), "token": answered.token}


@pytest.mark.parametrize("format", ["json", "xml"])
def test_unknown_request_or_token_is_a_404(client, service, format):
    for path in (f"requests/999999.{format}", f"tokens/not-a-token.{format}"):
        response = get(client, path)
        assert response.status_code == 404
        _errors(response, format)


def test_request_of_another_municipality_is_not_found_in_this_jurisdiction(
    client, service, jurisdiction
):
    elsewhere = ServiceFactory(code="pothole")
    (request,) = make_requests(elsewhere, 1)
    assert (
        get(client, f"requests/{request.pk}.json", jurisdiction_id=jurisdiction).status_code == 404
    )
    response = get(
        client, f"requests/{request.pk}.json", jurisdiction_id=elsewhere.municipality.code
    )
    assert response.status_code == 200


@pytest.mark.parametrize("format", ["json", "xml"])
def test_no_personal_data_in_any_answer(client, answered, jurisdiction, format):
    note_author = answered.updates.first().author
    bodies = [
        get(client, f"requests.{format}", jurisdiction_id=jurisdiction).content,
        get(client, f"requests/{answered.pk}.{format}", jurisdiction_id=jurisdiction).content,
        get(client, f"tokens/{answered.token}.{format}").content,
        get(client, f"services.{format}", jurisdiction_id=jurisdiction).content,
        get(client, f"services/pothole.{format}", jurisdiction_id=jurisdiction).content,
    ]
    private = [*PERSONAL.values(), note_author.email, note_author.display_name]
    for body in bodies:
        text = body.decode()
        assert "Repair booked" in text or "service" in text
        for secret in private:
            assert secret not in text, secret
        for word in ("email", "phone", "first_name", "last_name", "device_id", "reporter"):
            assert word not in text


def test_text_that_needs_escaping_comes_back_unchanged_from_xml(client, service, jurisdiction):
    (request,) = make_requests(service, 1)
    request.description = 'Cars & vans park on <the> "pavement"\x07 again'
    request.save(update_fields=["description"])
    _root, (item,) = xml_data(get(client, "requests.xml").content)
    assert item["description"] == 'Cars & vans park on <the> "pavement" again'
    (item,) = get(client, "requests.json").json()
    assert item["description"] == 'Cars & vans park on <the> "pavement"\x07 again'


def test_answers_follow_the_accept_language(client, service, jurisdiction):
    service.name_uk = "Вибоїна"
    service.save()
    response = client.get(
        "/open311/v2/services.json", {"jurisdiction_id": jurisdiction}, HTTP_ACCEPT_LANGUAGE="uk"
    )
    assert response.json()[0]["service_name"] == "Вибоїна"


@pytest.mark.parametrize("format", ["json", "xml"])
def test_reading_requests_takes_the_same_queries_for_5_and_50(
    client, make_person, service, jurisdiction, format
):
    official = make_person("city_official")
    roads = factories.OrganisationFactory(kind=OrganisationKind.OTHER, name_en="Roads")
    ServiceFactory(municipality=service.municipality, code="lights", responsible=roads)

    def measure(count: int) -> int:
        Request.all_objects.all().delete()
        made = make_requests(service, count)
        for request in made[::2]:
            services.request_respond(actor=official, request=request, text="Seen.")
        with CaptureQueriesContext(connection) as queries:
            response = get(client, f"requests.{format}", jurisdiction_id=jurisdiction)
        assert response.status_code == 200
        rows = response.json() if format == "json" else xml_data(response.content)[1]
        assert len(rows) == count
        return len(queries)

    small, large = measure(5), measure(50)
    # jurisdiction, city hall, services with their organisations, the requests
    assert small == large == 4


def test_posting_takes_a_fixed_small_number_of_queries(
    client, service, api_key, jurisdiction, django_assert_max_num_queries
):
    # key, service, its attributes, the request, its contact (and the transaction's savepoints)
    with CaptureQueriesContext(connection) as queries:
        response = post(client, **submission(service, api_key, jurisdiction))
    assert response.status_code == 200
    statements = [
        query["sql"]
        for query in queries.captured_queries
        if not query["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) == 5, statements


def test_a_later_post_only_writes(client, service, api_key, jurisdiction):
    """The key and the service are kept a few seconds per worker: the next request costs only
    its two inserts."""
    assert post(client, **submission(service, api_key, jurisdiction)).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = post(client, **submission(service, api_key, jurisdiction))
    assert response.status_code == 200
    statements = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].upper().startswith(("INSERT", "SELECT", "UPDATE", "DELETE"))
    ]
    assert len(statements) == 2 and all(sql.startswith("INSERT") for sql in statements)
    assert stored() == (2, 2)


def test_a_key_or_service_switched_off_stops_working_once_the_cache_expires(
    client, service, api_key, jurisdiction, monkeypatch
):
    from opencity.feedback.views import open311 as views

    assert post(client, **submission(service, api_key, jurisdiction)).status_code == 200
    services.ApiClient.objects.update(active=False)
    # within the cache's seconds the worker still knows the key
    assert post(client, **submission(service, api_key, jurisdiction)).status_code == 200
    monkeypatch.setattr(views, "CACHE_SECONDS", 0.0)
    views._clients.clear()
    assert post(client, **submission(service, api_key, jurisdiction)).status_code == 403
    services.ApiClient.objects.update(active=True)
    service.active = False
    service.save()
    views._services.clear()
    assert post(client, **submission(service, api_key, jurisdiction)).status_code == 400
    assert stored() == (2, 2)


def test_the_command_creates_a_key_and_prints_it_once(make_person, capsys):
    admin = make_person("admin")
    output = io.StringIO()
    call_command("open311_key", "create", "Citizen app", "--as", admin.email, stdout=output)
    key = output.getvalue().strip().splitlines()[-1]
    client = services.api_client_for_key(key)
    assert client is not None and client.name == "Citizen app"
    assert key not in client.key_digest

    listing = io.StringIO()
    call_command("open311_key", "list", stdout=listing)
    assert "Citizen app" in listing.getvalue() and key not in listing.getvalue()

    call_command(
        "open311_key", "deactivate", str(client.pk), "--as", admin.email, stdout=io.StringIO()
    )
    assert services.api_client_for_key(key) is None


def test_the_command_refuses_someone_who_is_not_an_administrator(make_person):
    from django.core.management.base import CommandError

    official = make_person("city_official")
    with pytest.raises(CommandError):
        call_command("open311_key", "create", "App", "--as", official.email, stdout=io.StringIO())
    assert services.ApiClient.objects.count() == 0


def test_json_answers_are_valid_json_with_unicode(client, service, jurisdiction):
    service.name_en = "Groapă în asfalt"
    service.save()
    body = get(client, "services.json", jurisdiction_id=jurisdiction).content
    assert json.loads(body)[0]["service_name"] == "Groapă în asfalt"
