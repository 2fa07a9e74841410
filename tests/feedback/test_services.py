from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from opencity.feedback import services
from opencity.feedback.lifecycle import Status
from opencity.feedback.models import Contact, Request
from opencity.feedback.services import Submission

pytestmark = pytest.mark.django_db


def _submission(service, **changes):
    values = {
        "service": service,
        "description": "A deep pothole in front of school 3.",
        "latitude": "46.0667",
        "longitude": "23.5833",
        "attributes": {"size": "large"},
    }
    return Submission(**{**values, **changes})


def test_an_anonymous_request_is_confirmed_with_a_deadline_and_a_tracking_code(service):
    submitted = services.request_submit(submission=_submission(service), rate_key="a")
    request = submitted.request
    assert request.status == Status.CONFIRMED
    assert (request.expected_at - request.requested_at).days == 7
    assert request.tracking_digest == services.tracking_digest(submitted.tracking_code)
    assert submitted.tracking_code not in request.tracking_digest


def test_an_email_only_request_waits_for_confirmation_and_keeps_the_contact_private(service):
    submitted = services.request_submit(
        submission=_submission(service, email="ana@example.org", first_name="Ana"), rate_key="b"
    )
    request = submitted.request
    assert request.status == Status.UNCONFIRMED
    assert not Request.public.filter(pk=request.pk).exists()
    assert Contact.objects.get(request=request).email == "ana@example.org"
    services.request_confirm(request=request)
    assert Request.public.filter(pk=request.pk).exists()


def test_every_problem_of_a_submission_is_named_and_nothing_is_stored(service):
    with pytest.raises(ValidationError) as error:
        services.request_submit(
            submission=_submission(
                service,
                description="",
                latitude="91",
                attributes={"size": "huge", "colour": "red"},
                email="not-an-address",
            ),
            rate_key="c",
        )
    problems = error.value.message_dict
    assert set(problems) == {"description", "lat", "attribute[size]", "attribute[colour]", "email"}
    assert not Request.all_objects.exists()


def test_a_location_is_required(service):
    with pytest.raises(ValidationError) as error:
        services.request_submit(
            submission=_submission(service, latitude=None, longitude=None), rate_key="d"
        )
    assert "location" in error.value.message_dict


def test_photos_lose_their_location_metadata(service):
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (46.0, 4.0, 0.0)  # GPS latitude
    raw = io.BytesIO()
    image.save(raw, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("p.jpg", raw.getvalue(), content_type="image/jpeg")
    request = services.request_submit(
        submission=_submission(service), rate_key="e", photo=upload
    ).request
    assert b"CameraMaker" in raw.getvalue()
    with Image.open(request.photo.path) as stored:
        assert not stored.getexif()
        assert b"CameraMaker" not in request.photo.read()
        assert stored.size == (40, 30)


def test_a_file_that_is_not_a_picture_is_refused(service):
    upload = SimpleUploadedFile("p.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        services.request_submit(submission=_submission(service), rate_key="f", photo=upload)
    assert "photo" in error.value.message_dict
    assert not Request.all_objects.exists()


def test_officials_respond_publicly_close_and_the_reporter_reopens(make_person, service):
    request = services.request_submit(submission=_submission(service), rate_key="g").request
    official = make_person("city_official")
    with pytest.raises(PermissionDenied):
        services.request_respond(actor=make_person("citizen"), request=request, text="me")
    services.request_respond(
        actor=official, request=request, text="We will look.", status=Status.INVESTIGATING
    )
    update = services.request_respond(
        actor=official, request=request, status=Status.FIXED, text="Filled on Monday."
    )
    request.refresh_from_db()
    assert request.first_response_at is not None and request.closed_at is not None
    assert update.organisation.municipality == service.municipality
    services.request_reopen(request=request, text="Still a hole.")
    request.refresh_from_db()
    assert request.status == Status.CONFIRMED and request.closed_at is None
    with pytest.raises(ValidationError):
        services.request_reopen(request=request, text="again")


def test_a_duplicate_points_at_the_original(make_person, service):
    first = services.request_submit(submission=_submission(service), rate_key="h").request
    second = services.request_submit(submission=_submission(service), rate_key="h").request
    services.request_merge(actor=make_person("city_official"), duplicate=second, original=first)
    second.refresh_from_db()
    assert second.status == Status.DUPLICATE and second.duplicate_of == first
    assert f"#{first.pk}" in second.updates.get().text


def test_api_keys_are_stored_as_digests(make_person):
    client, key = services.api_client_create(actor=make_person("admin"), name="Mobile app")
    assert key not in client.key_digest
    assert services.api_client_for_key(key) == client
    assert services.api_client_for_key("wrong") is None
    with pytest.raises(PermissionDenied):
        services.api_client_create(actor=make_person("city_official"), name="x")
