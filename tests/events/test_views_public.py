"""Public pages of events, as a visitor and as a citizen: the list with its filters and pages,
an event's page with its seats, registration up to the capacity and then the waiting list,
cancelling one's own registration (which gives the seat to the first waiting), the calendar
file, what came after the event, and certificates only for those present at a training. Nobody
who registered is ever named, and every page reads the database a fixed number of times."""

from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from opencity.events import services
from opencity.events.models import EventKind, EventMode, Registration, RegistrationStatus
from tests import factories
from tests.events.conftest import hours, text_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def _register(client, event, **data):  # type: ignore[no-untyped-def]
    return client.post(reverse("events:register", args=[event.slug]), data)


# The list --------------------------------------------------------------------------------------


def test_the_list_shows_upcoming_and_past_events_and_never_drafts(
    client, future_event, past_training
):
    EventFactory(title_en="Secret draft", status="draft")
    cancelled = EventFactory(title_en="Called off", status="cancelled")
    response = client.get(reverse("events:index"))
    assert response.status_code == 200
    text = text_of(response)
    upcoming, past = text.split("Past events", 1)
    assert "Budget hearing, 2027" in upcoming and "Called off cancelled" in upcoming
    assert "Open data training" in past and "Budget hearing" not in past
    assert "Secret draft" not in text
    assert "2 seats left" in upcoming
    assert cancelled.slug in response.content.decode()


def test_the_filters_narrow_the_list_and_say_when_nothing_matches(client, future_event, other_cso):
    online = EventFactory(
        organiser=other_cso,
        title_en="Online workshop",
        kind=EventKind.WORKSHOP,
        mode=EventMode.ONLINE,
        venue="",
        online_url="https://meet.example.org/x",
    )
    index = reverse("events:index")
    text = text_of(client.get(index, {"kind": "workshop"}))
    assert "Online workshop" in text and "Budget hearing" not in text
    text = text_of(client.get(index, {"mode": "in_person"}))
    assert "Budget hearing" in text and "Online workshop" not in text
    text = text_of(client.get(index, {"organiser": online.organiser.slug}))
    assert "Online workshop" in text and "Budget hearing" not in text
    text = text_of(client.get(index, {"municipality": future_event.municipality_id}))
    assert "Budget hearing" in text and "Online workshop" not in text
    text = text_of(client.get(index, {"kind": "training"}))
    assert "No upcoming event matches these filters." in text
    response = client.get(index, {"kind": "nonsense", "mode": "online"})
    assert "Select a valid choice" in text_of(response)
    assert "Online workshop" in text_of(response) and "Budget hearing" not in text_of(response)


def test_the_list_pages_and_reads_a_fixed_number_of_queries(
    client, organiser, monkeypatch, django_assert_num_queries
):
    from opencity.events.views import public

    monkeypatch.setattr(public, "EVENTS_PER_PAGE", 3)
    for number in range(4):
        EventFactory(organiser=organiser, title_en=f"Coming {number}", starts_at=hours(24 + number))
        EventFactory(
            organiser=organiser,
            title_en=f"Gone {number}",
            starts_at=hours(-48 - number),
            ends_at=hours(-47 - number),
        )
    index = reverse("events:index")
    with django_assert_num_queries(6):
        first = client.get(index)
    assert "Page 1 of 2" in text_of(first) and "Coming 3" not in text_of(first)
    second = text_of(client.get(index, {"page": 2, "past": 2}))
    assert "Coming 3" in second and "Gone 3" in second and "Coming 0" not in second
    for _ in range(10):
        EventFactory(organiser=organiser, capacity=5)
    with django_assert_num_queries(6):
        client.get(index)


# An event ----------------------------------------------------------------------------------------


def test_an_event_page_says_when_in_which_time_zone_where_and_how_many_seats_are_left(
    client, future_event, make_person
):
    person = factories.UserFactory(display_name="Ilinca Popescu")
    services.registration_create(actor=person, event=future_event, rate_key="a")
    response = client.get(future_event.get_absolute_url())
    text = text_of(response)
    assert "Public discussion" in text and "Alba Iulia City Hall" in text
    assert "time in Europe/Kyiv (UTC+0" in text
    assert "City hall, room 2" in text and "Piața Iuliu Maniu 1" in text
    assert "2 seats, 1 left" in text
    assert "Log in to register" in text
    # Nobody who registered is named, not even to the organiser on the public page.
    assert "Ilinca Popescu" not in text and person.email not in response.content.decode()
    official = make_person("city_official")
    client.force_login(official)
    response = client.get(future_event.get_absolute_url())
    assert "Ilinca Popescu" not in text_of(response) and "Manage this event" in text_of(response)


def test_a_draft_is_not_found(client):
    draft = EventFactory(status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:ical", args=[draft.slug])).status_code == 404


def test_the_event_page_reads_a_fixed_number_of_queries(
    client, future_event, django_assert_num_queries
):
    citizen = factories.UserFactory()
    # the event with its counts, organisations present, consultations, commitments, ranking
    # cycles and files
    with django_assert_num_queries(6):
        client.get(future_event.get_absolute_url())
    future_event.capacity = None
    future_event.save()
    for _ in range(5):
        services.registration_create(
            actor=factories.UserFactory(), event=future_event, rate_key="x"
        )
    client.force_login(citizen)
    # and the session, the person, their roles (two-factor check, organiser rule), their
    # verified e-mail (the registration rule) and their own registration
    with django_assert_num_queries(12):
        client.get(future_event.get_absolute_url())


def test_registering_takes_a_seat_and_past_capacity_the_waiting_list_says_so(client, future_event):
    people = [factories.UserFactory() for _ in range(3)]
    for person in people[:2]:
        client.force_login(person)
        response = _register(client, future_event, organisation_name="Civic Lab")
        assert response.status_code == 302
        follow = client.get(response.url)
        assert "You are registered." in text_of(follow)
        assert "You are registered for this event." in text_of(follow)
    client.force_login(people[2])
    page = text_of(client.get(future_event.get_absolute_url()))
    assert "all taken" in page and "The event is full." in page
    assert "Join the waiting list" in page
    response = client.post(reverse("events:register", args=[future_event.slug]), follow=True)
    text = text_of(response)
    assert "The event is full: you are on the waiting list." in text
    assert "You are on the waiting list." in text
    assert "1 person on the waiting list" in text
    statuses = list(
        Registration.objects.filter(event=future_event)
        .order_by("pk")
        .values_list("status", flat=True)
    )
    assert statuses == ["registered", "registered", "waiting"]
    assert Registration.objects.get(user=people[0]).organisation_name == "Civic Lab"
    # A second try is refused with the reason, and nothing changes.
    response = _register(client, future_event)
    assert response.status_code == 400
    assert "You are already registered for this event." in text_of(response)


def test_registering_needs_a_login_and_a_verified_e_mail(client, future_event):
    response = _register(client, future_event)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    unverified = factories.UserFactory()
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    client.force_login(unverified)
    page = text_of(client.get(future_event.get_absolute_url()))
    assert "Confirm your e-mail address to register" in page
    response = _register(client, future_event)
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_cancelling_gives_the_seat_to_the_first_waiting_who_gets_an_e_mail(
    client, future_event, django_capture_on_commit_callbacks
):
    future_event.capacity = 1
    future_event.save()
    holder, first, second = (factories.UserFactory() for _ in range(3))
    for number, person in enumerate((holder, first, second)):
        services.registration_create(actor=person, event=future_event, rate_key=str(number))
    client.force_login(holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:cancel_registration", args=[future_event.slug]), follow=True
        )
    assert "Your registration is cancelled." in text_of(response)
    assert "Join the waiting list" in text_of(response)  # the seat went to the first waiting
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses == {
        holder.pk: RegistrationStatus.CANCELLED,
        first.pk: RegistrationStatus.REGISTERED,
        second.pk: RegistrationStatus.WAITING,
    }
    assert [message.to for message in mail.outbox] == [[first.email]]
    assert mail.outbox[0].subject == "A seat is yours: Budget hearing, 2027"
    assert mail.outbox[0].attachments[0][0] == "budget-hearing.ics"


def test_cancelled_events_show_as_cancelled_and_take_no_registration(client, future_event):
    future_event.status = "cancelled"
    future_event.save()
    client.force_login(factories.UserFactory())
    text = text_of(client.get(future_event.get_absolute_url()))
    assert "This event is cancelled" in text and "Register" not in text.replace("Registration", "")
    response = _register(client, future_event)
    assert response.status_code == 400
    assert "Registration is open only for published events." in text_of(response)


# After the event ----------------------------------------------------------------------------


def test_after_the_event_the_page_shows_attendance_organisations_minutes_links_and_files(
    client, past_training, other_cso, make_person, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.actionplans.factories import CommitmentFactory
    from tests.consultations.factories import ConsultationFactory

    settings.MEDIA_ROOT = tmp_path
    official = make_person("city_official")
    consultation = ConsultationFactory(title_en="Draft transport plan")
    commitment = CommitmentFactory(title_en="Open budget data", short_title_en="")
    services.attendance_record(
        actor=official,
        event=past_training,
        present=[],
        attendance_count=31,
        organisations_present=[other_cso],
    )
    services.event_report_set(
        actor=official,
        event=past_training,
        minutes="We read the budget together.",
        outcomes="Three datasets to open.",
        consultations=[consultation],
        commitments=[commitment],
    )
    services.event_file_add(
        actor=official,
        event=past_training,
        title="Slides",
        uploaded=SimpleUploadedFile("slides.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    response = client.get(past_training.get_absolute_url())
    text = text_of(response)
    assert "31 people took part." in text and "Civic Lab" in text
    assert "We read the budget together." in text and "Three datasets to open." in text
    assert "Draft transport plan" in text and "Open budget data" in text
    html = response.content.decode()
    assert consultation.get_absolute_url() in html and commitment.get_absolute_url() in html
    assert "Registration" not in text  # over: nothing to register for
    file_url = reverse("events:file", args=[past_training.slug, past_training.files.get().pk])
    assert file_url in html
    download = client.get(file_url)
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


# Calendar ------------------------------------------------------------------------------------


def _unfold(raw: bytes) -> list[str]:
    text = raw.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "every line ends with CRLF"
    assert text.endswith("\r\n")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, f"line longer than 75 octets: {line!r}"
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def _unescape(value: str) -> str:
    out, index = [], 0
    while index < len(value):
        character = value[index]
        if character == "\\":
            following = value[index + 1]
            assert following in "\\;,nN", f"bad escape \\{following}"
            out.append("\n" if following in "nN" else following)
            index += 2
            continue
        assert character not in ";,", f"unescaped {character!r} in {value!r}"
        out.append(character)
        index += 1
    return "".join(out)


def test_the_calendar_file_is_valid_icalendar(client, future_event, settings):
    settings.OPENCITY_SITE_URL = "https://opencity.example.org"
    future_event.title_en = "Budget; hearing, part 2 \\ final"
    future_event.description_en = "Line one\nLine two, with commas; and semicolons. " + "é" * 80
    future_event.save()
    response = client.get(reverse("events:ical", args=[future_event.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="budget-hearing.ics"' in response["Content-Disposition"]
    lines = _unfold(response.content)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    properties = dict(line.split(":", 1) for line in lines)
    assert properties["VERSION"] == "2.0" and properties["PRODID"]
    assert properties["UID"] == f"event-{future_event.pk}@opencity.example.org"
    for name in ("DTSTAMP", "DTSTART", "DTEND"):
        assert len(properties[name]) == 16 and properties[name].endswith("Z"), name
    assert properties["DTSTART"] == future_event.starts_at.astimezone(
        __import__("datetime").UTC
    ).strftime("%Y%m%dT%H%M%SZ")
    assert _unescape(properties["SUMMARY"]) == "Budget; hearing, part 2 \\ final"
    description = _unescape(properties["DESCRIPTION"])
    assert "Line one\nLine two, with commas; and semicolons." in description
    assert "Alba Iulia City Hall" in description
    assert _unescape(properties["LOCATION"]) == "City hall, room 2, Piața Iuliu Maniu 1"
    assert properties["STATUS"] == "CONFIRMED"
    assert properties["URL"] == "http://testserver" + future_event.get_absolute_url()


def test_a_cancelled_event_s_calendar_file_says_cancelled(client, future_event):
    future_event.status = "cancelled"
    future_event.save()
    lines = _unfold(client.get(reverse("events:ical", args=[future_event.slug])).content)
    assert "STATUS:CANCELLED" in lines


# Certificates ------------------------------------------------------------------------------


def _attendees(event, present: int, absent: int):  # type: ignore[no-untyped-def]
    people = [
        factories.UserFactory(display_name=f"Attendee {number}")
        for number in range(present + absent)
    ]
    registrations = [
        Registration.objects.create(event=event, user=person, status=RegistrationStatus.REGISTERED)
        for person in people
    ]
    return people, registrations


def test_a_training_gives_a_certificate_to_each_attendee_present_and_only_to_them_and_the_organiser(
    client, past_training, make_person, other_cso
):
    official = make_person("city_official")
    people, registrations = _attendees(past_training, present=2, absent=1)
    services.attendance_record(
        actor=official, event=past_training, present=[r.pk for r in registrations[:2]]
    )
    present = registrations[0]
    present.refresh_from_db()
    number = present.certificate_number
    assert number
    url = reverse("events:certificate", args=[past_training.slug, present.pk])

    client.force_login(people[0])
    page = text_of(client.get(past_training.get_absolute_url()))
    assert "Download your certificate of participation (PDF)" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for expected in (
        "Certificate of participation",
        "Attendee 0",
        "Open data training",
        "Alba Iulia City Hall",
        number,
    ):
        assert expected in text

    # The number is stable: recording attendance again keeps it.
    services.attendance_record(
        actor=official, event=past_training, present=[r.pk for r in registrations[:2]]
    )
    present.refresh_from_db()
    assert present.certificate_number == number
    other_number = Registration.objects.get(pk=registrations[1].pk).certificate_number
    assert other_number and other_number != number

    client.force_login(people[1])  # another attendee
    assert client.get(url).status_code == 403
    client.force_login(factories.UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(make_person("coordinator"))  # of another organisation
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(official)
    assert client.get(url).status_code == 200

    # The absent attendee has none, even asking for their own.
    client.force_login(people[2])
    absent = reverse("events:certificate", args=[past_training.slug, registrations[2].pk])
    assert client.get(absent).status_code == 404
    assert "certificate of participation" not in text_of(
        client.get(past_training.get_absolute_url())
    )


def test_other_kinds_of_event_give_no_certificate(client, organiser, make_person):
    official = make_person("city_official")
    round_table = EventFactory(organiser=organiser, starts_at=hours(-5), ends_at=hours(-3))
    people, registrations = _attendees(round_table, present=1, absent=0)
    services.attendance_record(actor=official, event=round_table, present=[registrations[0].pk])
    registrations[0].refresh_from_db()
    assert registrations[0].attended and not registrations[0].certificate_number
    client.force_login(people[0])
    url = reverse("events:certificate", args=[round_table.slug, registrations[0].pk])
    assert client.get(url).status_code == 404
