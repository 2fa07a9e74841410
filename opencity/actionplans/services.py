"""Every write to action plans. Each function checks its actor, validates, runs in one
transaction and leaves history (django-simple-history records who, when, before and after)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencity.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from opencity.actionplans.models import (
    ActionPlan,
    Assessment,
    CoCreationEvent,
    Commitment,
    Follow,
    Member,
    Milestone,
    MilestoneStatus,
    ProgressEvidence,
    ProgressUpdate,
)
from opencity.actionplans.scales import AssessorKind
from opencity.actionplans.tasks import enqueue_progress_notification
from opencity.core.permissions import require

# The IRM scale fields of an assessment, in the order forms and exports show them.
ASSESSMENT_SCALE_FIELDS = (
    "verifiability",
    "specificity",
    "relevance_access_to_information",
    "relevance_civic_participation",
    "relevance_public_accountability",
    "relevance_technology",
    "potential_impact",
    "potential_for_results",
    "completion",
    "open_government",
    "open_government_access_to_information",
    "open_government_civic_participation",
    "open_government_public_accountability",
    "early_results",
)
PLAN_FIELDS = (
    "title",
    "start_year",
    "end_year",
    "status",
    "submitted_on",
    "url",
    "influence_level",
    "minimum_requirements_met",
    "co_creation_summary",
    "reasoned_response",
    "reasoned_response_url",
)
COMMITMENT_FIELDS = (
    "number",
    "title",
    "short_title",
    "problem",
    "description",
    "how_it_helps",
    "start_date",
    "end_date",
    "lead_institution",
    "access_to_information",
    "civic_participation",
    "public_accountability",
    "technology",
    "theme",
    "parent",
    "url",
)
MILESTONE_FIELDS = (
    "number",
    "deliverable",
    "description",
    "responsible",
    "start_date",
    "end_date",
    "status",
    "completed_on",
    "weight",
    # Each language's text, for an import that brings them all at once.
    *(
        f"{name}_{language}"
        for name in ("deliverable", "description")
        for language in settings.MODELTRANSLATION_LANGUAGES
    ),
)


def _set_fields(instance: models.Model, allowed: Sequence[str], changes: dict[str, Any]) -> None:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise TypeError(f"not a field that can be changed here: {', '.join(unknown)}")
    for name, value in changes.items():
        setattr(instance, name, value)


def _save_validated(instance: models.Model, actor: User | None) -> None:
    """Validate every field and constraint, then save, recording `actor` in the history."""
    instance.full_clean()
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor  # type: ignore[attr-defined]
    instance.save()


# Plans and their co-creation record ---------------------------------------------------------


@transaction.atomic
def plan_create(
    *, actor: User, member: Member, number: int, identifier: str, **fields: Any
) -> ActionPlan:
    require(actor, "actionplans.manage_plan", member)
    plan = ActionPlan(member=member, number=number, identifier=identifier)
    _set_fields(plan, PLAN_FIELDS, fields)
    _save_validated(plan, actor)
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan: ActionPlan, **changes: Any) -> ActionPlan:
    require(actor, "actionplans.manage_plan", plan)
    _set_fields(plan, PLAN_FIELDS, changes)
    _save_validated(plan, actor)
    return plan


@transaction.atomic
def co_creation_event_add(
    *,
    actor: User,
    plan: ActionPlan,
    kind: str,
    held_on: datetime.date,
    title: str,
    description: str = "",
    participants: int | None = None,
    url: str = "",
) -> CoCreationEvent:
    require(actor, "actionplans.manage_plan", plan)
    event = CoCreationEvent(
        plan=plan,
        kind=kind,
        held_on=held_on,
        title=title,
        description=description,
        participants=participants,
        url=url,
    )
    _save_validated(event, actor)
    return event


# Commitments ---------------------------------------------------------------------------------


def _check_parent(commitment: Commitment) -> None:
    parent = commitment.parent
    if parent is None:
        return
    if parent.plan_id != commitment.plan_id:
        raise ValidationError(
            {"parent": _("A commitment can only be part of a commitment of the same plan.")}
        )
    seen = {commitment.pk}
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": _("A commitment cannot be part of itself.")})
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def commitment_create(
    *,
    actor: User,
    plan: ActionPlan,
    identifier: str,
    supporting_institutions: Sequence[Organisation] = (),
    policy_areas: Sequence[Any] = (),
    **fields: Any,
) -> Commitment:
    require(actor, "actionplans.manage_plan", plan)
    commitment = Commitment(plan=plan, identifier=identifier)
    _set_fields(commitment, COMMITMENT_FIELDS, fields)
    _check_parent(commitment)
    _save_validated(commitment, actor)
    commitment.supporting_institutions.set(supporting_institutions)
    commitment.policy_areas.set(policy_areas)
    return commitment


@transaction.atomic
def commitment_update(
    *,
    actor: User,
    commitment: Commitment,
    supporting_institutions: Sequence[Organisation] | None = None,
    policy_areas: Sequence[Any] | None = None,
    **changes: Any,
) -> Commitment:
    require(actor, "actionplans.manage_plan", commitment)
    _set_fields(commitment, COMMITMENT_FIELDS, changes)
    _check_parent(commitment)
    _save_validated(commitment, actor)
    if supporting_institutions is not None:
        commitment.supporting_institutions.set(supporting_institutions)
    if policy_areas is not None:
        commitment.policy_areas.set(policy_areas)
    return commitment


# Milestones and progress ---------------------------------------------------------------------


def _check_completion(milestone: Milestone) -> None:
    if milestone.status == MilestoneStatus.COMPLETE and milestone.completed_on is None:
        milestone.completed_on = timezone.localdate()
    if milestone.status != MilestoneStatus.COMPLETE:
        milestone.completed_on = None
    if milestone.start_date and milestone.end_date and milestone.end_date < milestone.start_date:
        raise ValidationError({"end_date": _("A milestone cannot end before it starts.")})


@transaction.atomic
def milestone_create(*, actor: User, commitment: Commitment, **fields: Any) -> Milestone:
    require(actor, "actionplans.manage_plan", commitment)
    if "number" not in fields:
        last = commitment.milestones.aggregate(models.Max("number"))["number__max"] or 0
        fields["number"] = last + 1
    milestone = Milestone(commitment=commitment)
    _set_fields(milestone, MILESTONE_FIELDS, fields)
    _check_completion(milestone)
    _save_validated(milestone, actor)
    return milestone


@transaction.atomic
def milestone_update(*, actor: User, milestone: Milestone, **changes: Any) -> Milestone:
    """Officials of the member or of the lead institution update a milestone (its status, dates,
    deliverable); every change is kept in its history."""
    require(actor, "actionplans.report_progress", milestone)
    _set_fields(milestone, MILESTONE_FIELDS, changes)
    _check_completion(milestone)
    _save_validated(milestone, actor)
    return milestone


_url_validator = URLValidator(schemes=["http", "https"])


def _check_links(links: Sequence[str], field: str = "links") -> list[str]:
    cleaned: list[str] = []
    for position, link in enumerate(links, start=1):
        link = link.strip()
        if not link:
            continue
        try:
            _url_validator(link)
        except ValidationError:
            raise ValidationError(
                {
                    field: _("Link %(number)d is not a valid web address: %(link)s")
                    % {"number": position, "link": link}
                }
            ) from None
        cleaned.append(link)
    return cleaned


def _acting_organisation(actor: User, obj: Commitment) -> Organisation | None:
    """The organisation an official reports for: the member's government body, else the lead
    institution, when the actor is an official of it."""
    member = obj.plan.member
    candidates = [pk for pk in (member.government_id, obj.lead_institution_id) if pk]
    membership = (
        Membership.objects.filter(user=actor, role=Role.OFFICIAL, organisation_id__in=candidates)
        .select_related("organisation")
        .order_by("organisation_id")
        .first()
    )
    if membership is not None:
        return membership.organisation
    return member.government


def _add_evidence(
    owner: dict[str, Any], links: Sequence[str], files: Sequence[UploadedFile]
) -> None:
    from opencity.rankings.evidence import validate_evidence_file

    for link in links:
        ProgressEvidence.objects.create(url=link, **owner)
    for uploaded in files:
        digest = validate_evidence_file(uploaded)
        evidence = ProgressEvidence(file_sha256=digest, title=uploaded.name or "", **owner)
        evidence.file.save(uploaded.name or "evidence", uploaded, save=False)
        evidence.save()


@transaction.atomic
def progress_report(
    *,
    actor: User,
    commitment: Commitment,
    reported_on: datetime.date,
    title: str,
    text: str = "",
    progress: Decimal | None = None,
    milestone: Milestone | None = None,
    milestone_status: str | None = None,
    links: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
) -> ProgressUpdate:
    """A dated entry on the commitment's timeline, with evidence; optionally about one milestone,
    whose status it may change at the same time."""
    require(actor, "actionplans.report_progress", commitment)
    if milestone is not None and milestone.commitment_id != commitment.pk:
        raise ValidationError({"milestone": _("The milestone belongs to another commitment.")})
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("Progress cannot be reported for a future date.")})
    links = _check_links(links)
    update = ProgressUpdate(
        commitment=commitment,
        milestone=milestone,
        reported_on=reported_on,
        title=title,
        text=text,
        progress=progress,
        author=actor,
        organisation=_acting_organisation(actor, commitment),
    )
    _save_validated(update, actor)
    if milestone is not None and milestone_status and milestone_status != milestone.status:
        milestone_update(actor=actor, milestone=milestone, status=milestone_status)
    _add_evidence({"update": update}, links, files)
    # Followers hear of it once it is committed; a queue that is down must not undo the report.
    transaction.on_commit(partial(enqueue_progress_notification, update.pk), robust=True)
    return update


# Assessments ---------------------------------------------------------------------------------


def _check_assessor(
    actor: User, commitment: Commitment, assessor_kind: str, organisation: Organisation
) -> None:
    if assessor_kind == AssessorKind.INDEPENDENT:
        require(actor, "actionplans.assess_independently")
        allowed_roles: tuple[str, ...] = (Role.INDEPENDENT_ASSESSOR,)
    elif assessor_kind == AssessorKind.SELF:
        require(actor, "actionplans.self_assess", commitment)
        if organisation.pk != commitment.plan.member.government_id:
            raise ValidationError(
                {"organisation": _("A self-assessment is written by the member's government body.")}
            )
        allowed_roles = (Role.OFFICIAL,)
    elif assessor_kind == AssessorKind.CIVIL_SOCIETY:
        require(actor, "actionplans.monitor")
        if organisation.kind != OrganisationKind.CSO:
            raise ValidationError(
                {
                    "organisation": _(
                        "Civil-society monitoring is written by a civil-society organisation."
                    )
                }
            )
        allowed_roles = tuple(Role.values)
    else:
        raise ValidationError({"assessor_kind": _("Unknown kind of assessment.")})
    if actor.is_superuser:
        return
    if not Membership.objects.filter(
        user=actor, organisation=organisation, role__in=allowed_roles
    ).exists():
        raise ValidationError(
            {"organisation": _("You may only write on behalf of an organisation you belong to.")}
        )


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    commitment: Commitment,
    report_type: str,
    assessor_kind: str,
    organisation: Organisation,
    published_on: datetime.date | None = None,
    promising: bool = False,
    summary: str = "",
    url: str = "",
    links: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
    **scale_values: str,
) -> Assessment:
    """Record (or revise) one organisation's assessment of a commitment in one report.

    Independent assessors write independent assessments, the member's officials the
    self-assessment, members of a CSO its civil-society monitoring. "Starred" follows from the
    values by the IRM's older formula."""
    unknown = sorted(set(scale_values) - set(ASSESSMENT_SCALE_FIELDS))
    if unknown:
        raise TypeError(f"not an assessment scale: {', '.join(unknown)}")
    _check_assessor(actor, commitment, assessor_kind, organisation)
    links = _check_links(links)
    assessment = (
        Assessment.objects.select_for_update()
        .filter(commitment=commitment, report_type=report_type, organisation=organisation)
        .first()
    ) or Assessment(commitment=commitment, report_type=report_type, organisation=organisation)
    assessment.assessor_kind = assessor_kind
    assessment.author = actor
    assessment.published_on = published_on
    assessment.promising = promising
    assessment.summary = summary
    assessment.url = url
    for name, value in scale_values.items():
        setattr(assessment, name, value or "")
    assessment.starred = assessment.compute_starred()
    _save_validated(assessment, actor)
    _add_evidence({"assessment": assessment}, links, files)
    return assessment


# Following -----------------------------------------------------------------------------------


@transaction.atomic
def commitment_follow(*, actor: User, commitment: Commitment) -> Follow:
    require(actor, "actionplans.follow")
    follow, _created = Follow.objects.get_or_create(commitment=commitment, user=actor)
    return follow


@transaction.atomic
def commitment_unfollow(*, user: User, commitment: Commitment) -> bool:
    """Stop following; True when there was something to stop. Called from the signed link of an
    e-mail as well, so it takes the person rather than a permission."""
    deleted, _detail = Follow.objects.filter(commitment=commitment, user=user).delete()
    return bool(deleted)
