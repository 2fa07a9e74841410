"""Events as open data (CSV, JSON) and in the API: attendance figures, organisations present,
minutes, outcomes and links, never a draft and never a person; a fixed number of queries."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from opencity.events import services
from opencity.events.models import Registration, RegistrationStatus
from tests import factories
from tests.events.conftest import text_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(past_training, make_person, other_cso):
    """The past training with three registered (two present), its attendance and minutes."""
    official = make_person("city_official")
    people = [
        factories.UserFactory(display_name=f"Secret Name {n}", email=f"secret{n}@example.org")
        for n in range(3)
    ]
    registrations = [
        Registration.objects.create(
            event=past_training,
            user=person,
            status=RegistrationStatus.REGISTERED,
            organisation_name="Private Org",
        )
        for person in people
    ]
    services.attendance_record(
        actor=official,
        event=past_training,
        present=[r.pk for r in registrations[:2]],
        attendance_count=40,
        organisations_present=[other_cso],
    )
    services.event_report_set(
        actor=official, event=past_training, minutes="Minutes.", outcomes="Outcomes."
    )
    EventFactory(title_en="A draft", status="draft")
    return past_training


def _no_person(body: str) -> None:
    for secret in ("Secret Name", "secret0@example.org", "Private Org", "OC-"):
        assert secret not in body, secret


def test_the_csv_and_json_downloads_carry_figures_and_no_person(client, reported, future_event):
    response = client.get(reverse("events:data_download", args=["csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8-sig")
    _no_person(body)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["slug"] for row in rows] == [reported.slug, future_event.slug]
    training = rows[0]
    assert training["kind"] == "training" and training["attendance_count"] == "40"
    assert training["registered_count"] == "3" and training["marked_present_count"] == "2"
    assert training["organisations_present"] == "Civic Lab"
    assert training["minutes"] == "Minutes." and training["starts_at"].endswith("Z")

    data = json.loads(client.get(reverse("events:data_download", args=["json"])).content)
    _no_person(json.dumps(data))
    assert [event["slug"] for event in data["events"]] == [reported.slug, future_event.slug]
    assert data["events"][0]["organisations_present"] == ["Civic Lab"]
    assert data["events"][0]["attendance_count"] == 40
    assert set(data["events"][0]) == set(data["columns"])
    assert client.get(reverse("events:data_download", args=["xml"])).status_code == 404
    assert "2 events" in text_of(client.get(reverse("events:data")))


def test_the_api_lists_and_shows_public_events_without_persons(client, reported, future_event):
    listed = client.get("/api/events/").json()
    _no_person(json.dumps(listed))
    assert listed["count"] == 2
    assert [item["slug"] for item in listed["items"]] == [reported.slug, future_event.slug]
    assert client.get("/api/events/?when=upcoming").json()["count"] == 1
    past = client.get("/api/events/?when=past&kind=training").json()
    assert [item["slug"] for item in past["items"]] == [reported.slug]
    assert client.get("/api/events/?when=soon").status_code == 422
    one = client.get(f"/api/events/{reported.slug}").json()
    _no_person(json.dumps(one))
    assert one["attendance_count"] == 40 and one["marked_present_count"] == 2
    assert one["url"].endswith(reported.get_absolute_url())
    draft_slug = reported.__class__.all_objects.get(status="draft").slug
    assert client.get(f"/api/events/{draft_slug}").status_code == 404


def test_open_data_and_the_api_read_a_fixed_number_of_queries(
    client, reported, organiser, django_assert_num_queries, other_cso
):
    def more() -> None:
        for _ in range(4):
            event = EventFactory(organiser=organiser)
            event.organisations_present.set([other_cso, organiser])

    # the events with counts, then organisations present, consultations, commitments, cycles
    for url, queries in (
        (reverse("events:data_download", args=["json"]), 5),
        (reverse("events:data_download", args=["csv"]), 5),
        ("/api/events/", 6),  # and the count
        (f"/api/events/{reported.slug}", 5),
    ):
        with django_assert_num_queries(queries):
            client.get(url)
        more()
        with django_assert_num_queries(queries):
            client.get(url)
