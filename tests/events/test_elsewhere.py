"""Events elsewhere on the platform: the municipality page's section with its next and recent
events, the snippet for a commitment's page, the home figure, the personal-data download and the
deletion of an account."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from opencity.accounts import services as account_services
from opencity.core.registry import registry
from opencity.events import selectors, services
from opencity.events.models import Registration, RegistrationStatus
from opencity.events.personal_data import events_personal_data
from tests import factories
from tests.events.conftest import hours, text_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_municipality_page_shows_its_next_and_recent_events(
    client, future_event, past_training, django_assert_num_queries
):
    EventFactory(title_en="Elsewhere")
    EventFactory(
        organiser=future_event.organiser,
        municipality=future_event.municipality,
        title_en="Draft here",
        status="draft",
    )
    municipality = future_event.municipality
    with django_assert_num_queries(2):
        data = selectors.municipality_section(None, municipality)
    assert [e.slug for e in data["upcoming"]] == [future_event.slug]
    assert [e.slug for e in data["recent"]] == [past_training.slug]
    assert selectors.municipality_section(None, factories.MunicipalityFactory()) is None
    text = text_of(client.get(municipality.get_absolute_url()))
    assert "Public events" in text and "Budget hearing, 2027" in text
    assert "Open data training" in text and "Elsewhere" not in text and "Draft here" not in text


def test_the_commitment_snippet_lists_its_public_events(rf: RequestFactory, organiser):
    from tests.actionplans.factories import CommitmentFactory

    commitment = CommitmentFactory()
    linked = EventFactory(organiser=organiser, title_en="Monitoring round table")
    draft = EventFactory(organiser=organiser, title_en="Draft meeting", status="draft")
    for event in (linked, draft):
        event.commitments.add(commitment)
    events = selectors.events_for_commitment(commitment)
    assert events == [linked]
    html = render_to_string("events/includes/for_commitment.html", {"events": events})
    assert "Monitoring round table" in html and linked.get_absolute_url() in html
    assert render_to_string("events/includes/for_commitment.html", {"events": []}).strip() == ""


def test_the_home_page_counts_public_events_and_the_work_link_is_for_organisers(
    client, future_event
):
    EventFactory(status="draft")
    figure = next(f for f in registry.home_figures if f.key == "events")
    assert figure.count() == 1
    roles = {link.key for link in registry.work_links_for({"official"})}
    assert "events-work" in roles
    assert "events-work" not in {link.key for link in registry.work_links_for({"assessor"})}


def test_a_person_s_registrations_are_in_their_data_and_deleting_the_account_frees_the_seat(
    future_event, past_training, django_capture_on_commit_callbacks
):
    future_event.capacity = 1
    future_event.save()
    person, waiting = factories.UserFactory(), factories.UserFactory()
    services.registration_create(
        actor=person, event=future_event, rate_key="p", organisation_name="Civic Lab"
    )
    services.registration_create(actor=waiting, event=future_event, rate_key="w")
    Registration.objects.create(
        event=past_training, user=person, status=RegistrationStatus.REGISTERED, attended=True
    )
    data = events_personal_data(person)
    assert [row["event_slug"] for row in data] == [future_event.slug, past_training.slug]
    assert data[0]["organisation"] == "Civic Lab" and data[0]["status"] == "registered"
    with django_capture_on_commit_callbacks(execute=True):
        account_services.user_delete(actor=person, user=person)
    statuses = dict(
        Registration.objects.filter(event=future_event).values_list("user_id", "status")
    )
    assert statuses == {person.pk: "cancelled", waiting.pk: "registered"}
    assert Registration.objects.get(event=past_training).attended is True
    assert not Registration.objects.exclude(organisation_name="").exists()


def test_an_online_event_s_calendar_gives_its_link_as_the_place(client, organiser):
    from opencity.events import ical

    event = EventFactory(
        organiser=organiser,
        mode="online",
        venue="",
        online_url="https://meet.example.org/x",
        starts_at=hours(30),
    )
    text = ical.calendar(event, url="https://example.org/e").decode()
    assert "LOCATION:https://meet.example.org/x\r\n" in text
