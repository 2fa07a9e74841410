"""Cycles: opening one freezes its methodology; phases decide what can be done; bulk assignment."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencity.accounts.models import Role
from opencity.rankings import services
from opencity.rankings.models import Assignment, MethodologyStatus
from opencity.rankings.phases import Phase, allows, phase_on
from tests.factories import MembershipFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def dates(offset_days: int = 0) -> dict[str, datetime.date]:
    """Phase dates such that today is `offset_days` after the start of information requests."""
    start = TODAY - offset_days * DAY
    return {
        "information_requests_start": start,
        "assessment_start": start + 30 * DAY,
        "review_start": start + 60 * DAY,
        "reply_start": start + 80 * DAY,
        "publication_date": start + 100 * DAY,
    }


@pytest.fixture
def coordinator(make_person):
    return make_person("coordinator")


@pytest.fixture
def municipalities(db):
    return MunicipalityFactory.create_batch(25)


@pytest.fixture
def cycle(coordinator, methodology, municipalities):
    return services.cycle_open(
        actor=coordinator,
        methodology=methodology,
        year=2024,
        name="Transparent Cities",
        municipalities=municipalities,
        **dates(offset_days=40),
    )


def test_phase_follows_the_dates():
    boundaries = dates()
    assert phase_on(TODAY - DAY, **boundaries) is Phase.PREPARATION
    assert phase_on(TODAY, **boundaries) is Phase.INFORMATION_REQUESTS
    assert phase_on(TODAY + 30 * DAY, **boundaries) is Phase.ASSESSMENT
    assert phase_on(TODAY + 79 * DAY, **boundaries) is Phase.REVIEW
    assert phase_on(TODAY + 80 * DAY, **boundaries) is Phase.CITY_REPLY
    assert phase_on(TODAY + 365 * DAY, **boundaries) is Phase.PUBLICATION
    assert allows(Phase.ASSESSMENT, "answer") and not allows(Phase.CITY_REPLY, "answer")
    assert allows(Phase.CITY_REPLY, "reply") and not allows(Phase.REVIEW, "reply")


def test_opening_a_cycle_freezes_its_methodology_and_creates_assignments(cycle, methodology):
    methodology.refresh_from_db()
    assert methodology.status == MethodologyStatus.FROZEN
    assert cycle.phase() is Phase.ASSESSMENT
    assert Assignment.objects.filter(cycle=cycle).count() == 25


def test_phases_out_of_order_are_refused(coordinator, methodology, municipalities):
    wrong = dates()
    wrong["review_start"] = wrong["assessment_start"] - DAY
    with pytest.raises(ValidationError, match="must follow each other in time"):
        services.cycle_open(
            actor=coordinator, methodology=methodology, year=2024, name="X",
            municipalities=municipalities, **wrong,
        )  # fmt: skip
    assert methodology.cycles.count() == 0


@pytest.mark.parametrize(
    "role", ["citizen", "assessor", "reviewer", "methodology_manager", "city_official"]
)
def test_only_coordinators_and_admins_open_cycles(make_person, methodology, municipalities, role):
    with pytest.raises(PermissionDenied):
        services.cycle_open(
            actor=make_person(role), methodology=methodology, year=2024, name="X",
            municipalities=municipalities, **dates(),
        )  # fmt: skip


def test_twenty_five_cities_go_to_one_assessor_in_one_action(
    cycle, coordinator, municipalities, make_person, cso, django_assert_max_num_queries
):
    assessor = make_person("assessor")
    reviewer = make_person("reviewer")
    with django_assert_max_num_queries(8):
        changed = services.assignment_bulk(
            actor=coordinator, cycle=cycle, municipalities=municipalities, assessor=assessor
        )
    assert changed == 25
    services.assignment_bulk(
        actor=coordinator, cycle=cycle, municipalities=municipalities[:10], reviewer=reviewer
    )
    assignments = Assignment.objects.filter(cycle=cycle)
    assert assignments.filter(assessor=assessor).count() == 25
    assert assignments.filter(reviewer=reviewer).count() == 10


def test_nobody_reviews_their_own_scoring(cycle, coordinator, municipalities, make_person, cso):
    person = make_person("assessor")
    MembershipFactory(user=person, organisation=cso, role=Role.REVIEWER)
    services.assignment_bulk(
        actor=coordinator, cycle=cycle, municipalities=municipalities[:3], assessor=person
    )
    with pytest.raises(ValidationError, match="Nobody reviews their own scoring: "):
        services.assignment_bulk(
            actor=coordinator, cycle=cycle, municipalities=municipalities[:5], reviewer=person
        )
    # All or nothing: not even the two municipalities without a conflict got the reviewer.
    assert not Assignment.objects.filter(cycle=cycle, reviewer=person).exists()


def test_assignment_refusals(cycle, coordinator, municipalities, make_person):
    citizen = make_person("citizen")
    with pytest.raises(ValidationError, match="not an assessor"):
        services.assignment_bulk(
            actor=coordinator, cycle=cycle, municipalities=municipalities, assessor=citizen
        )
    with pytest.raises(ValidationError, match="not a reviewer"):
        services.assignment_bulk(
            actor=coordinator, cycle=cycle, municipalities=municipalities, reviewer=citizen
        )
    outsider = MunicipalityFactory(name_en="Outside Town")
    with pytest.raises(ValidationError, match="Not in this cycle: Outside Town"):
        services.assignment_bulk(
            actor=coordinator,
            cycle=cycle,
            municipalities=[outsider],
            assessor=make_person("assessor"),
        )
    with pytest.raises(PermissionDenied):
        services.assignment_bulk(
            actor=make_person("assessor"), cycle=cycle, municipalities=municipalities,
            assessor=make_person("assessor"),
        )  # fmt: skip


def test_work_cannot_be_assigned_once_review_has_started(
    coordinator, methodology, municipalities, make_person
):
    late = services.cycle_open(
        actor=coordinator, methodology=methodology, year=2024, name="Late",
        municipalities=municipalities, **dates(offset_days=70),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="cannot be assigned in the review phase"):
        services.assignment_bulk(
            actor=coordinator, cycle=late, municipalities=municipalities,
            assessor=make_person("assessor"),
        )  # fmt: skip


def test_admin_lists_cycles_assignments_and_methodology_parts(client, make_person, cycle):
    client.force_login(make_person("admin"))
    for model in ("methodology", "indicator", "scale", "cycle", "assignment"):
        assert client.get(f"/admin/rankings/{model}/").status_code == 200
    assert client.get(f"/admin/rankings/cycle/{cycle.pk}/change/").status_code == 200
    # Parts of the (now frozen) methodology open read-only.
    indicator = cycle.methodology.indicators.first()
    page = client.get(f"/admin/rankings/indicator/{indicator.pk}/change/").content.decode()
    assert 'name="_save"' not in page
