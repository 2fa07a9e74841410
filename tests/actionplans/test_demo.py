"""`opencity demo` loads believable action plans: Iași (OGP Local) with a completed plan and one in
implementation, Ukraine's national plan, progress with evidence, and assessments by all three
kinds of assessor; a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from opencity.accounts.models import User
from opencity.actionplans.models import (
    ActionPlan,
    Assessment,
    CoCreationEvent,
    Commitment,
    Follow,
    Member,
    Milestone,
    PolicyArea,
    ProgressEvidence,
    ProgressUpdate,
)
from opencity.actionplans.scales import NO_DATA, NOT_REVIEWED, AssessorKind, MemberKind, PlanStatus
from opencity.actionplans.services import ASSESSMENT_SCALE_FIELDS

pytestmark = pytest.mark.django_db(transaction=False)

LANGUAGES = ("en", "uk", "ro", "bg")
MODELS = (
    Member,
    ActionPlan,
    CoCreationEvent,
    Commitment,
    Milestone,
    ProgressUpdate,
    ProgressEvidence,
    Assessment,
    PolicyArea,
    Follow,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in MODELS} | {
        "history": Commitment.history.count() + ProgressUpdate.history.count(),
        "users": User.objects.count(),
    }


def _demo(settings, tmp_path, django_capture_on_commit_callbacks, *args: str) -> str:
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    # The demo's followers join once its transaction commits (run here as it would be).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_a_local_and_a_national_member_with_plans_progress_and_assessments(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    out = _demo(settings, tmp_path, django_capture_on_commit_callbacks)
    for email in ("official.iasi@example.org", "irm@example.org", "government@example.org"):
        assert email in out

    iasi = Member.objects.get(prefix="IAS")
    assert iasi.kind == MemberKind.LOCAL and iasi.municipality.name_en == "Iași"
    assert iasi.government.municipality == iasi.municipality  # its city hall
    assert iasi.government.memberships.filter(user__email="official.iasi@example.org").exists()
    ukraine = Member.objects.get(prefix="UKR")
    assert ukraine.kind == MemberKind.NATIONAL and ukraine.country.code == "UA"
    assert (iasi.name_uk, iasi.name_ro, iasi.name_bg) == ("Ясси", "Iași", "Яш")

    plans = {plan.identifier: plan for plan in ActionPlan.all_objects.all()}
    assert plans["AP_IAS01"].status == PlanStatus.COMPLETED
    assert plans["AP_IAS02"].status == PlanStatus.IMPLEMENTATION
    assert plans["AP_UKR06"].member == ukraine
    for identifier, low, high in [("AP_IAS01", 5, 8), ("AP_IAS02", 5, 8), ("AP_UKR06", 6, 10)]:
        assert low <= plans[identifier].commitments.count() <= high
    current = plans["AP_IAS02"]
    assert current.influence_level == "collaborate" and current.minimum_requirements_met
    assert current.reasoned_response_en and current.reasoned_response_ro
    assert 3 <= current.co_creation_events.count() <= 4

    # A parent commitment with two children; the children carry the milestones.
    parent = Commitment.all_objects.get(plan=current, number="3")
    assert sorted(parent.children.values_list("number", flat=True)) == ["3.1", "3.2"]
    for commitment in Commitment.all_objects.exclude(pk=parent.pk):
        assert 3 <= commitment.milestones.count() <= 5, commitment.identifier

    # Milestones done, under way, and overdue (shown as delayed).
    milestones = list(Milestone.objects.select_related("commitment__plan"))
    statuses = {m.display_status() for m in milestones}
    assert {"complete", "in_progress", "delayed"} <= statuses
    # The plan in implementation: some done, some under way on time, some overdue.
    now = {m.display_status() for m in milestones if m.commitment.plan == current}
    assert {"complete", "in_progress", "not_started", "delayed"} <= now
    on_time = [
        c for c in current.commitments.all() if not any(m.is_delayed() for m in c.milestones.all())
    ]
    assert len(on_time) >= 3
    assert all(m.completed_on for m in milestones if m.status == "complete")

    # Progress reported by the governments, with evidence links, in history.
    updates = ProgressUpdate.objects.select_related("organisation", "author")
    assert updates.filter(commitment__plan__member=iasi, organisation=iasi.government).exists()
    assert updates.filter(
        commitment__plan__member=ukraine, organisation=ukraine.government
    ).exists()
    assert not updates.filter(evidence__isnull=True).exists()
    assert ProgressEvidence.objects.filter(update__isnull=False).exclude(url="").exists()
    update = updates.filter(commitment__plan__member=iasi).first()
    assert update.title_en and update.title_ro and update.text_ro
    assert update.history.filter(history_user=update.author).exists()

    # Assessments by the IRM, the governments and civil society; starred follows the formula.
    assessments = list(Assessment.objects.select_related("organisation"))
    kinds = {a.assessor_kind for a in assessments}
    assert kinds == {AssessorKind.INDEPENDENT, AssessorKind.SELF, AssessorKind.CIVIL_SOCIETY}
    irm = {a.organisation.name_en for a in assessments if a.assessor_kind == "independent"}
    assert irm == {"Independent Reporting Mechanism"}
    assert {a.organisation for a in assessments if a.assessor_kind == "self"} == {
        iasi.government,
        ukraine.government,
    }
    assert all(
        a.organisation.kind == "cso" for a in assessments if a.assessor_kind == "civil_society"
    )
    assert any(a.starred for a in assessments)
    assert any(not a.starred and a.completion for a in assessments)
    assert all(a.starred == a.compute_starred() for a in assessments)
    assert any(a.promising for a in assessments)
    values = {getattr(a, name) for a in assessments for name in ASSESSMENT_SCALE_FIELDS}
    assert {NO_DATA, NOT_REVIEWED} <= values
    assert all(a.history.exists() for a in assessments)

    # Titles in every language; longer texts in English and in the member's language.
    for commitment in Commitment.all_objects.select_related("plan__member"):
        for language in LANGUAGES:
            assert getattr(commitment, f"title_{language}"), (commitment, language)
            assert getattr(commitment, f"short_title_{language}"), (commitment, language)
        local = "ro" if commitment.plan.member == iasi else "uk"
        for name in ("problem", "description", "how_it_helps"):
            assert getattr(commitment, f"{name}_en") and getattr(commitment, f"{name}_{local}")
    for milestone in milestones:
        assert all(getattr(milestone, f"deliverable_{language}") for language in LANGUAGES)
    areas = PolicyArea.objects.filter(commitments__isnull=False).distinct()
    assert areas.count() >= 10
    assert all(getattr(area, f"name_{language}") for area in areas for language in LANGUAGES)

    # A few citizens follow commitments of the plans in implementation.
    follows = Follow.objects.select_related("commitment__plan")
    assert follows.values("user").distinct().count() >= 3
    assert all(f.commitment.plan.status == PlanStatus.IMPLEMENTATION for f in follows)


def test_running_the_demo_again_changes_nothing(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    _demo(settings, tmp_path, django_capture_on_commit_callbacks)
    counts = _counts()
    assert counts["Assessment"] and counts["Follow"]
    out = _demo(settings, tmp_path, django_capture_on_commit_callbacks, "--skip-registers")
    assert "irm@example.org" in out
    assert _counts() == counts
