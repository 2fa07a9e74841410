"""Organisers' pages of events, per role: only officials and coordinators of the organiser
prepare, publish and cancel an event, see who registered (also as CSV), record attendance with
the organisations present, write the minutes and outcomes with their links, and add files;
every other role is refused. A refused form keeps what was typed."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from opencity.events.models import Event, EventStatus, Registration, RegistrationStatus
from tests import factories
from tests.conftest import ROLES
from tests.events.conftest import hours, text_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

ORGANISER_ROLES = {"city_official", "admin"}  # of the shared city hall, which organises


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _form(**changes):  # type: ignore[no-untyped-def]
    start = hours(24 * 10)
    data = {
        "kind": "workshop",
        "title": "Participatory budget workshop",
        "description": "Ideas for the budget.",
        "mode": "hybrid",
        "venue": "Library",
        "address": "",
        "online_url": "meet.example.org/budget",
        "starts_at": _local(start),
        "ends_at": _local(start + datetime.timedelta(hours=3)),
        "capacity": "20",
        "registration_required": "on",
        "municipality": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_only_the_organisers_people_open_the_work_pages(role, client, make_person, future_event):
    person = make_person(role)
    if role != "visitor":
        client.force_login(person)
    pages = [
        reverse("events:work_event", args=[future_event.slug]),
        reverse("events:work_edit", args=[future_event.slug]),
        reverse("events:work_registrations", args=[future_event.slug]),
        reverse("events:work_registrations_csv", args=[future_event.slug]),
        reverse("events:work_attendance", args=[future_event.slug]),
        reverse("events:work_report", args=[future_event.slug]),
    ]
    for url in pages:
        status = client.get(url).status_code
        if role == "visitor":
            assert status == 302, url
        elif role in ORGANISER_ROLES:
            assert status == 200, url
        else:
            assert status == 403, (url, role)
    dashboard = client.get(reverse("events:work")).status_code
    # The coordinator organises the CSO's events (none yet): the list opens, empty.
    expected = (
        302 if role == "visitor" else 200 if role in ORGANISER_ROLES | {"coordinator"} else 403
    )
    assert dashboard == expected


def test_an_official_prepares_publishes_edits_and_cancels_an_event(client, make_person, organiser):
    official = make_person("city_official")
    client.force_login(official)
    new = reverse("events:work_new")
    page = client.get(new)
    assert organiser.name_en in text_of(page)
    response = client.post(
        new, _form(organiser=organiser.pk, municipality=organiser.municipality_id)
    )
    assert response.status_code == 302
    event = Event.all_objects.get()
    assert event.slug == "participatory-budget-workshop"
    assert (
        event.status == EventStatus.DRAFT and event.online_url == "https://meet.example.org/budget"
    )
    assert client.get(event.get_absolute_url()).status_code == 404  # a draft is not public
    client.post(reverse("events:work_publish", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert client.get(event.get_absolute_url()).status_code == 200

    response = client.post(
        reverse("events:work_edit", args=[event.slug]), _form(title="Budget workshop", capacity="")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title_en == "Budget workshop" and event.capacity is None

    client.post(reverse("events:work_cancel", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert "This event is cancelled" in text_of(client.get(event.get_absolute_url()))
    # A second event with the same title gets its own address.
    client.post(new, _form(organiser=organiser.pk, title="Participatory budget workshop"))
    assert Event.all_objects.filter(slug="participatory-budget-workshop-2").exists()


def test_a_refused_event_comes_back_with_what_was_typed_and_the_reason(
    client, make_person, organiser, cso
):
    client.force_login(make_person("city_official"))
    new = reverse("events:work_new")
    response = client.post(
        new, _form(organiser=organiser.pk, mode="online", online_url="", title="Kept title")
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "An online event needs its link." in text and "Nothing was saved." in text
    assert 'value="Kept title"' in response.content.decode()
    start = hours(48)
    response = client.post(
        new, _form(organiser=organiser.pk, starts_at=_local(start), ends_at=_local(start))
    )
    assert "An event must end after it starts." in text_of(response)
    # Another organisation is not among the choices.
    response = client.post(new, _form(organiser=cso.pk))
    assert "Select a valid choice" in text_of(response)
    assert not Event.all_objects.exists()


def test_the_organiser_sees_the_registrations_and_downloads_them(client, make_person, future_event):
    people = [factories.UserFactory(display_name=f"Person {n}") for n in range(3)]
    from opencity.events import services

    for number, person in enumerate(people):
        services.registration_create(
            actor=person,
            event=future_event,
            rate_key=str(number),
            organisation_name="=HYPERLINK(1)" if number == 0 else "",
        )
    client.force_login(make_person("city_official"))
    text = text_of(client.get(reverse("events:work_registrations", args=[future_event.slug])))
    for person in people:
        assert person.display_name in text and person.email in text
    assert "on the waiting list" in text
    response = client.get(reverse("events:work_registrations_csv", args=[future_event.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["name", "e-mail", "organisation", "status"]
    assert [row[1] for row in rows[1:]] == [p.email for p in people]
    assert rows[1][2] == "'=HYPERLINK(1)"  # never run as a formula
    assert [row[3] for row in rows[1:]] == ["registered", "registered", "on the waiting list"]


def test_the_organiser_records_attendance_and_organisations_present(
    client, make_person, past_training, other_cso
):
    people = [factories.UserFactory(display_name=f"Trainee {n}") for n in range(3)]
    registrations = [
        Registration.objects.create(
            event=past_training, user=p, status=RegistrationStatus.REGISTERED
        )
        for p in people
    ]
    client.force_login(make_person("city_official"))
    url = reverse("events:work_attendance", args=[past_training.slug])
    page = text_of(client.get(url))
    assert "Trainee 0" in page and "certificate of participation" in page
    response = client.post(
        url,
        {
            "present": [registrations[0].pk, registrations[2].pk],
            "attendance_count": "1",
            "organisations_present": [other_cso.pk],
        },
    )
    assert response.status_code == 200
    assert "the attendance cannot be lower" in text_of(response)
    response = client.post(
        url,
        {
            "present": [registrations[0].pk, registrations[2].pk],
            "attendance_count": "12",
            "organisations_present": [other_cso.pk],
        },
    )
    assert response.status_code == 302
    past_training.refresh_from_db()
    assert past_training.attendance_count == 12
    assert list(past_training.organisations_present.all()) == [other_cso]
    attended = dict(Registration.objects.values_list("pk", "attended"))
    assert attended == {
        registrations[0].pk: True,
        registrations[1].pk: False,
        registrations[2].pk: True,
    }
    numbers = Registration.objects.exclude(certificate_number="").values_list("pk", flat=True)
    assert sorted(numbers) == [registrations[0].pk, registrations[2].pk]


def test_the_organiser_writes_minutes_outcomes_and_links(client, make_person, past_training):
    from tests.actionplans.factories import CommitmentFactory
    from tests.consultations.factories import ConsultationFactory

    consultation = ConsultationFactory(title_en="Draft parking rules")
    commitment = CommitmentFactory()
    draft = ConsultationFactory(title_en="Hidden draft", status="draft")
    client.force_login(make_person("city_official"))
    url = reverse("events:work_report", args=[past_training.slug])
    page = text_of(client.get(url))
    assert "Draft parking rules" in page and "Hidden draft" not in page
    response = client.post(
        url,
        {
            "minutes": "Minutes of the training.",
            "outcomes": "A working group.",
            "consultations": [consultation.pk],
            "commitments": [commitment.pk],
        },
    )
    assert response.status_code == 302
    past_training.refresh_from_db()
    assert past_training.minutes_en == "Minutes of the training."
    assert list(past_training.consultations.all()) == [consultation]
    assert list(past_training.commitments.all()) == [commitment]
    response = client.post(url, {"consultations": [draft.pk]})
    assert "Select a valid choice" in text_of(response)


def test_the_organiser_adds_pdf_png_or_jpeg_files_and_nothing_else(
    client, make_person, past_training, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(make_person("city_official"))
    url = reverse("events:work_files", args=[past_training.slug])
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    response = client.post(
        url, {"title": "Photo", "file": SimpleUploadedFile("photo.png", png, "image/png")}
    )
    assert response.status_code == 302
    assert past_training.files.get().title == "Photo"
    response = client.post(
        url,
        {
            "title": "Script",
            "file": SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/octet-stream"),
        },
    )
    assert response.status_code == 400
    assert "is not a PDF, PNG or JPEG file" in text_of(response)
    assert past_training.files.count() == 1


def test_the_dashboard_lists_the_organisations_events_with_their_registrations(
    client, make_person, future_event, other_cso, django_assert_num_queries
):
    EventFactory(organiser=other_cso, title_en="Not ours")
    EventFactory(organiser=future_event.organiser, title_en="Our draft", status="draft")
    client.force_login(make_person("city_official"))
    client.get(reverse("events:work"))
    # session, person, two-factor roles, the organisations and their events with counts
    for _ in range(5):
        EventFactory(organiser=future_event.organiser, capacity=None)
    with django_assert_num_queries(5):
        response = client.get(reverse("events:work"))
    text = text_of(response)
    assert "Budget hearing, 2027" in text and "Our draft" in text and "Not ours" not in text


def test_the_account_page_links_to_the_events_work_pages(client, make_person):
    client.force_login(make_person("city_official"))
    assert reverse("events:work") in client.get(reverse("accounts:account")).content.decode()
