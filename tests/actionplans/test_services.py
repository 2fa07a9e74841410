from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencity.accounts.models import OrganisationKind
from opencity.actionplans import services
from opencity.actionplans.models import Assessment, Follow, ProgressEvidence, ProgressUpdate
from opencity.actionplans.scales import AssessorKind, MilestoneStatus, ReportType
from tests import factories
from tests.actionplans.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

STARRED_VALUES = {
    "specificity": "high",
    "relevance_access_to_information": "yes",
    "potential_impact": "transformative",
    "completion": "substantial",
}


def test_an_official_reports_progress_for_the_city_hall_with_evidence(
    make_person, commitment, milestone, city_hall
):
    official = make_person("city_official")
    update = services.progress_report(
        actor=official,
        commitment=commitment,
        reported_on=datetime.date(2025, 5, 1),
        title="Budget portal launched",
        progress=Decimal(60),
        milestone=milestone,
        milestone_status=MilestoneStatus.COMPLETE,
        links=["https://example.org/budget"],
    )
    assert update.organisation == city_hall
    assert update.author == official
    assert list(update.evidence.values_list("url", flat=True)) == ["https://example.org/budget"]
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.COMPLETE
    assert milestone.completed_on is not None
    change = milestone.history.first()
    assert change.history_user == official
    assert change.prev_record.status == MilestoneStatus.NOT_STARTED


@pytest.mark.parametrize("role", ["visitor", "citizen", "assessor", "independent_assessor"])
def test_others_may_not_report_progress(make_person, commitment, role):
    with pytest.raises(PermissionDenied):
        services.progress_report(
            actor=make_person(role),
            commitment=commitment,
            reported_on=datetime.date(2025, 5, 1),
            title="Not theirs",
        )
    assert not ProgressUpdate.objects.exists()


def test_a_bad_link_names_its_place_and_nothing_is_saved(make_person, commitment):
    with pytest.raises(ValidationError) as error:
        services.progress_report(
            actor=make_person("city_official"),
            commitment=commitment,
            reported_on=datetime.date(2025, 5, 1),
            title="Half written",
            links=["https://example.org/ok", "not a link"],
        )
    assert "Link 2" in str(error.value)
    assert not ProgressUpdate.objects.exists()
    assert not ProgressEvidence.objects.exists()


def test_progress_cannot_be_reported_for_a_future_date(make_person, commitment):
    with pytest.raises(ValidationError, match="future"):
        services.progress_report(
            actor=make_person("city_official"),
            commitment=commitment,
            reported_on=datetime.date.today() + datetime.timedelta(days=2),
            title="Tomorrow",
        )


def test_a_progress_above_100_percent_is_refused(make_person, commitment):
    with pytest.raises(ValidationError) as error:
        services.progress_report(
            actor=make_person("city_official"),
            commitment=commitment,
            reported_on=datetime.date(2025, 5, 1),
            title="Too much",
            progress=Decimal(120),
        )
    assert "progress" in error.value.message_dict


def test_an_independent_assessment_is_starred_by_the_older_formula(
    independent_assessor, mechanism, commitment
):
    assessment = services.assessment_record(
        actor=independent_assessor,
        commitment=commitment,
        report_type=ReportType.END_OF_TERM,
        assessor_kind=AssessorKind.INDEPENDENT,
        organisation=mechanism,
        **STARRED_VALUES,
    )
    assert assessment.starred
    revised = services.assessment_record(
        actor=independent_assessor,
        commitment=commitment,
        report_type=ReportType.END_OF_TERM,
        assessor_kind=AssessorKind.INDEPENDENT,
        organisation=mechanism,
        **{**STARRED_VALUES, "completion": "limited"},
    )
    assert revised.pk == assessment.pk and not revised.starred
    assert Assessment.objects.count() == 1
    assert revised.history.count() == 2


def test_technology_alone_does_not_make_a_commitment_relevant(
    independent_assessor, mechanism, commitment
):
    values = {**STARRED_VALUES, "relevance_access_to_information": "no"}
    assessment = services.assessment_record(
        actor=independent_assessor,
        commitment=commitment,
        report_type=ReportType.END_OF_TERM,
        assessor_kind=AssessorKind.INDEPENDENT,
        organisation=mechanism,
        relevance_technology="yes",
        **values,
    )
    assert not assessment.starred


def test_an_unknown_scale_value_is_refused_with_the_scale_named(
    independent_assessor, mechanism, commitment
):
    with pytest.raises(ValidationError) as error:
        services.assessment_record(
            actor=independent_assessor,
            commitment=commitment,
            report_type=ReportType.RESULTS_REPORT,
            assessor_kind=AssessorKind.INDEPENDENT,
            organisation=mechanism,
            completion="mostly",
        )
    assert "completion" in error.value.message_dict
    assert not Assessment.objects.exists()


def test_the_self_assessment_is_the_governments_and_monitoring_a_csos(
    make_person, commitment, city_hall, cso
):
    official = make_person("city_official")
    own = services.assessment_record(
        actor=official,
        commitment=commitment,
        report_type=ReportType.LOCAL_END_OF_COMMITMENT,
        assessor_kind=AssessorKind.SELF,
        organisation=city_hall,
        completion="complete",
    )
    assert own.assessor_kind == AssessorKind.SELF
    with pytest.raises(PermissionDenied):
        services.assessment_record(
            actor=official,
            commitment=commitment,
            report_type=ReportType.LOCAL_END_OF_COMMITMENT,
            assessor_kind=AssessorKind.CIVIL_SOCIETY,
            organisation=cso,
            completion="limited",
        )
    monitor = make_person("assessor")
    theirs = services.assessment_record(
        actor=monitor,
        commitment=commitment,
        report_type=ReportType.LOCAL_END_OF_COMMITMENT,
        assessor_kind=AssessorKind.CIVIL_SOCIETY,
        organisation=cso,
        completion="limited",
    )
    assert Assessment.objects.filter(commitment=commitment).count() == 2
    assert theirs.organisation == cso


def test_a_cso_member_may_not_write_for_another_cso(make_person, commitment):
    other = factories.OrganisationFactory(kind=OrganisationKind.CSO)
    with pytest.raises(ValidationError, match="belong"):
        services.assessment_record(
            actor=make_person("assessor"),
            commitment=commitment,
            report_type=ReportType.RESULTS_REPORT,
            assessor_kind=AssessorKind.CIVIL_SOCIETY,
            organisation=other,
        )


def test_a_commitment_cannot_be_part_of_itself_or_of_another_plan(make_person, commitment):
    official = make_person("city_official")
    child = CommitmentFactory(plan=commitment.plan, parent=commitment)
    with pytest.raises(ValidationError, match="itself"):
        services.commitment_update(actor=official, commitment=commitment, parent=child)
    elsewhere = CommitmentFactory()
    with pytest.raises(ValidationError, match="same plan"):
        services.commitment_update(actor=official, commitment=child, parent=elsewhere)


def test_following_twice_keeps_one_follow_and_unfollowing_removes_it(make_person, commitment):
    citizen = make_person("citizen")
    services.commitment_follow(actor=citizen, commitment=commitment)
    services.commitment_follow(actor=citizen, commitment=commitment)
    assert Follow.objects.count() == 1
    assert services.commitment_unfollow(user=citizen, commitment=commitment)
    assert not services.commitment_unfollow(user=citizen, commitment=commitment)
    with pytest.raises(PermissionDenied):
        services.commitment_follow(actor=make_person("visitor"), commitment=commitment)
