"""The read API of action plans: members, plans, commitments with milestones, progress updates
with their evidence, and assessments on every IRM scale.

Only what is public exists here: plans in implementation, completed or withdrawn, and their
commitments. A plan in preparation, its commitments and everything about them are not found
(404), whoever asks. Nothing names a person: a progress update names the organisation it was
reported for, an assessment its author organisation, never the people who wrote them.

Texts (names, titles, deliverables) are in the language of the `Accept-Language` header (en, uk,
ro, bg), English by default. Every endpoint makes a fixed number of queries.
"""

from __future__ import annotations

import datetime
import mimetypes
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from opencity.accounts.models import Organisation
from opencity.actionplans import selectors
from opencity.actionplans.models import (
    PUBLIC_PLAN_STATUSES,
    ActionPlan,
    Assessment,
    Commitment,
    Member,
    ProgressEvidence,
    ProgressUpdate,
)
from opencity.actionplans.services import ASSESSMENT_SCALE_FIELDS

router = Router(tags=["action plans"])

# Uploaded evidence is validated to be one of these; anything else is sent as opaque bytes.
UPLOAD_CONTENT_TYPES = {"application/pdf", "image/png", "image/jpeg"}
MAX_PAGE = 500


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


# --- Progress, as the public pages compute it ---------------------------------------------------


@dataclass
class Progress:
    """Progress of a set of commitments (see `selectors.progress_data`), and the plan of each."""

    data: selectors.ProgressData
    plans: dict[int, int]

    def plan_completion(self, plan_id: int) -> Decimal | None:
        return self.data.completion(pk for pk, plan in self.plans.items() if plan == plan_id)

    def commitment(self, commitment_id: int) -> Decimal | None:
        return self.data.progress.get(commitment_id)

    def milestones(self, commitment_id: int) -> list[selectors.MilestoneLine]:
        return self.data.milestones.get(commitment_id, [])


def _progress(commitments: QuerySet[Commitment], *, milestone_rows: bool = False) -> Progress:
    """Three queries, however many commitments, milestones and updates there are: the
    commitments, their milestones (whole rows with `milestone_rows`) and the percentages
    reported."""
    rows = list(commitments.values_list("pk", "parent_id", "end_date", "plan_id"))
    data = selectors.progress_data(
        [(pk, parent, end) for pk, parent, end, _plan in rows], milestone_rows=milestone_rows
    )
    return Progress(data=data, plans={pk: plan for pk, _parent, _end, plan in rows})


# --- Schemas ------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    slug: str
    name: str
    kind: str = Field(..., description="cso, city_hall, national_government, donor or other.")


class MunicipalityRef(Schema):
    id: int
    # `register` would hide pydantic's own attribute of that name; the JSON key is `register`.
    register_code: str = Field(..., alias="register", description="katotth, siruta or ekatte.")
    code: str = Field(..., description="The official code in its register.")
    name: str


class MemberRef(Schema):
    slug: str
    name: str
    kind: str = Field(..., description="national or local.")
    prefix: str = Field(..., description="Starts its commitments' identifiers, as IAS in IAS0003.")


class MemberOut(MemberRef):
    region: str = Field(..., description="OGP's region, e.g. Europe.")
    joined_year: int | None
    country: str | None = Field(..., description="ISO code.")
    municipality: MunicipalityRef | None = Field(..., description="For a local member.")
    government: OrganisationRef | None = Field(
        ..., description="The government body that keeps the plans up to date."
    )
    monitoring_body: OrganisationRef | None
    plan_count: int = Field(..., description="Public plans.")
    url: str = Field(..., description="The member's page on the site.")


class PlanSummaryOut(Schema):
    identifier: str = Field(..., description="As in OGP's data, e.g. AP_ALB01.")
    number: int
    title: str
    start_year: int
    end_year: int
    status: str = Field(..., description="implementation, completed or withdrawn.")
    submitted_on: datetime.date | None
    commitment_count: int
    completion: float | None = Field(
        ...,
        description="Percent: the mean progress of its top-level commitments; empty when none is "
        "known.",
    )
    url: str = Field(..., description="The plan's page on the site.")


class MemberDetailOut(MemberOut):
    plans: list[PlanSummaryOut] = Field(..., description="Its public plans, oldest first.")


class CoCreationEventOut(Schema):
    kind: str = Field(..., description="meeting, consultation, workshop, forum or other.")
    held_on: datetime.date
    title: str
    description: str
    participants: int | None
    url: str


class PolicyAreaOut(Schema):
    code: str
    name: str


class CommitmentSummaryOut(Schema):
    identifier: str = Field(..., description="Member prefix and number, e.g. IAS0003.")
    number: str
    title: str
    short_title: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    lead_institution: OrganisationRef | None
    values: list[str] = Field(
        ...,
        description="OGP values it declares: access_to_information, civic_participation, "
        "public_accountability, technology.",
    )
    policy_areas: list[PolicyAreaOut]
    parent: str | None = Field(..., description="The commitment it is part of (identifier).")
    progress: float | None = Field(
        ...,
        description="Percent, from its milestones (or its children's progress); empty when "
        "nothing is known.",
    )
    status: str = Field(
        ...,
        description="not_started, in_progress, complete, or delayed when a milestone of it (or "
        "of its parts) is overdue or its end date has passed unfinished.",
    )
    milestone_count: int
    delayed_milestone_count: int = Field(
        ..., description="Milestones whose end date has passed unfinished."
    )
    url: str = Field(..., description="The commitment's page on the site.")


class PlanDetailOut(PlanSummaryOut):
    member: MemberRef
    document_url: str = Field(..., description="The address of the plan itself.")
    influence_level: str = Field(
        ...,
        description="The public's influence on the IAP2 spectrum: inform, consult, involve, "
        "collaborate or empower; empty when not recorded.",
    )
    minimum_requirements_met: bool | None
    co_creation_summary: str
    reasoned_response: str
    reasoned_response_url: str
    co_creation_events: list[CoCreationEventOut]
    commitments: list[CommitmentSummaryOut]


class PlanRef(Schema):
    identifier: str
    title: str
    start_year: int
    end_year: int
    status: str
    member: MemberRef


class MilestoneOut(Schema):
    number: int
    deliverable: str
    description: str
    responsible: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    status: str = Field(
        ...,
        description="not_started, in_progress, complete, or delayed when its end date has passed "
        "unfinished.",
    )
    recorded_status: str = Field(
        ..., description="The status as recorded: not_started, in_progress or complete."
    )
    delayed: bool
    completed_on: datetime.date | None
    weight: float = Field(..., description="Its share in the commitment's progress.")
    progress: float = Field(..., description="Percent.")


class CommitmentDetailOut(CommitmentSummaryOut):
    plan: PlanRef
    problem: str
    description: str
    how_it_helps: str
    theme: str
    supporting_institutions: list[OrganisationRef]
    children: list[str] = Field(..., description="Its sub-commitments (identifiers).")
    source_url: str = Field(..., description="The commitment's address in OGP's data, if any.")
    milestones: list[MilestoneOut]


class EvidenceOut(Schema):
    id: int
    title: str
    link: str | None = Field(..., description="A web address given as evidence.")
    file: str | None = Field(..., description="The address to download an uploaded file.")
    sha256: str | None = Field(..., description="The SHA-256 of the uploaded file.")


class ProgressUpdateOut(Schema):
    id: int
    reported_on: datetime.date
    title: str
    text: str
    progress: float | None = Field(..., description="Percent reported, if any.")
    milestone: int | None = Field(..., description="The number of the milestone it is about.")
    organisation: OrganisationRef | None = Field(
        ..., description="Reported on behalf of; the person who wrote it is not named."
    )
    recorded_at: datetime.datetime
    evidence: list[EvidenceOut]


class AssessmentOut(Schema):
    id: int
    report_type: str = Field(
        ...,
        description="action_plan_review, results_report, mid_term, end_of_term or "
        "local_end_of_commitment.",
    )
    assessor_kind: str = Field(..., description="independent, self or civil_society.")
    organisation: OrganisationRef = Field(..., description="The author organisation.")
    published_on: datetime.date | None
    verifiability: str | None
    specificity: str | None
    relevance_access_to_information: str | None
    relevance_civic_participation: str | None
    relevance_public_accountability: str | None
    relevance_technology: str | None
    potential_impact: str | None
    potential_for_results: str | None
    completion: str | None
    open_government: str | None
    open_government_access_to_information: str | None
    open_government_civic_participation: str | None
    open_government_public_accountability: str | None
    early_results: str | None
    labels: dict[str, str] = Field(
        ..., description="The label of each scale value given, by scale, in the reader's language."
    )
    starred: bool = Field(..., description="By the IRM's older formula.")
    promising: bool
    summary: str
    url: str = Field(..., description="The address of the report.")
    evidence: list[EvidenceOut]


# --- Shaping rows into responses ----------------------------------------------------------------


def _organisation(organisation: Organisation | None) -> dict[str, Any] | None:
    if organisation is None:
        return None
    return {"slug": organisation.slug, "name": organisation.name, "kind": organisation.kind}


def _member_ref(member: Member) -> dict[str, Any]:
    return {
        "slug": member.slug,
        "name": member.name,
        "kind": member.kind,
        "prefix": member.prefix,
    }


def _member(request: HttpRequest, member: Member) -> dict[str, Any]:
    municipality = member.municipality
    return {
        **_member_ref(member),
        "region": member.region,
        "joined_year": member.joined_year,
        "country": member.country.code if member.country else None,
        "municipality": {
            "id": municipality.pk,
            "register": municipality.register,
            "code": municipality.code,
            "name": municipality.name,
        }
        if municipality
        else None,
        "government": _organisation(member.government),
        "monitoring_body": _organisation(member.monitoring_body),
        "plan_count": member.plan_count,  # type: ignore[attr-defined]
        "url": _absolute(request, member.get_absolute_url()),
    }


def _plan_summary(
    request: HttpRequest, plan: ActionPlan, completion: Decimal | None
) -> dict[str, Any]:
    return {
        "identifier": plan.identifier,
        "number": plan.number,
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "status": plan.status,
        "submitted_on": plan.submitted_on,
        "commitment_count": plan.commitment_count,  # type: ignore[attr-defined]
        "completion": _number(completion),
        "url": _absolute(request, plan.get_absolute_url()),
    }


def _commitment_summary(
    request: HttpRequest, commitment: Commitment, progress: Progress
) -> dict[str, Any]:
    milestones = progress.milestones(commitment.pk)
    return {
        "identifier": commitment.identifier,
        "number": commitment.number,
        "title": commitment.title,
        "short_title": commitment.short_title,
        "start_date": commitment.start_date,
        "end_date": commitment.end_date,
        "lead_institution": _organisation(commitment.lead_institution),
        "values": commitment.values,
        "policy_areas": [
            {"code": area.code, "name": area.name} for area in commitment.policy_areas.all()
        ],
        "parent": commitment.parent.identifier if commitment.parent else None,
        "progress": _number(progress.commitment(commitment.pk)),
        "status": progress.data.status[commitment.pk],
        "milestone_count": len(milestones),
        "delayed_milestone_count": sum(1 for line in milestones if line.is_delayed),
        "url": _absolute(request, commitment.get_absolute_url()),
    }


def _evidence(request: HttpRequest, evidence: ProgressEvidence) -> dict[str, Any]:
    has_file = bool(evidence.file)
    return {
        "id": evidence.pk,
        "title": evidence.title,
        "link": evidence.url or None,
        "file": _absolute(
            request, reverse("api:actionplans_evidence_file", kwargs={"evidence_id": evidence.pk})
        )
        if has_file
        else None,
        "sha256": (evidence.file_sha256 or None) if has_file else None,
    }


def _public_commitment_id(identifier: str) -> int:
    found = Commitment.public.filter(identifier=identifier).values_list("pk", flat=True).first()
    if found is None:
        raise Http404
    return found


# --- Members ------------------------------------------------------------------------------------

PUBLIC_PLANS = Q(plans__status__in=PUBLIC_PLAN_STATUSES)


def _members() -> QuerySet[Member]:
    return Member.objects.select_related(
        "country", "municipality", "government", "monitoring_body"
    ).annotate(plan_count=Count("plans", filter=PUBLIC_PLANS))


class PageQuery(Schema):
    limit: int = Field(100, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0)


class MemberPage(Schema):
    count: int
    items: list[MemberOut]


# The list also answers with a trailing slash, as its address is often written; the schema
# lists it once.
@router.get("/members", response=MemberPage, by_alias=True)
@router.get("/members/", response=MemberPage, by_alias=True, include_in_schema=False)
def members(
    request: HttpRequest, query: Query[PageQuery], kind: str = "", country: str = ""
) -> dict[str, Any]:
    """OGP members, national and local, with the number of their public plans, `limit` at a
    time. `kind` (national or local) and `country` (ISO code) filter the list."""
    found = _members().order_by("kind", "slug")
    if kind:
        found = found.filter(kind=kind)
    if country:
        found = found.filter(country__code=country.upper())
    page = found[query.offset : query.offset + query.limit]
    return {"count": found.count(), "items": [_member(request, row) for row in page]}


@router.get("/members/{slug}", response=MemberDetailOut, by_alias=True)
def member(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A member with its public plans and the completion of each."""
    found = _members().filter(slug=slug).first()
    if found is None:
        raise Http404
    plans = list(
        ActionPlan.public.filter(member=found)
        .annotate(commitment_count=Count("commitments"))
        .order_by("number")
    )
    progress = _progress(Commitment.public.filter(plan__member=found))
    return {
        **_member(request, found),
        "plans": [
            _plan_summary(request, plan, progress.plan_completion(plan.pk)) for plan in plans
        ],
    }


# --- Plans --------------------------------------------------------------------------------------


@router.get("/plans/{identifier}", response=PlanDetailOut)
def plan(request: HttpRequest, identifier: str) -> dict[str, Any]:
    """A public plan with its co-creation record and its commitments, each with its progress,
    its status and the number of its delayed milestones."""
    found = (
        ActionPlan.public.filter(identifier=identifier)
        .select_related("member")
        .annotate(commitment_count=Count("commitments"))
        .prefetch_related("co_creation_events")
        .first()
    )
    if found is None:
        raise Http404
    commitments = list(
        Commitment.public.filter(plan=found)
        .select_related("lead_institution", "parent")
        .prefetch_related("policy_areas")
        .order_by("identifier")
    )
    progress = _progress(Commitment.public.filter(plan=found))
    return {
        **_plan_summary(request, found, progress.plan_completion(found.pk)),
        "member": _member_ref(found.member),
        "document_url": found.url,
        "influence_level": found.influence_level,
        "minimum_requirements_met": found.minimum_requirements_met,
        "co_creation_summary": found.co_creation_summary,
        "reasoned_response": found.reasoned_response,
        "reasoned_response_url": found.reasoned_response_url,
        "co_creation_events": [
            {
                "kind": event.kind,
                "held_on": event.held_on,
                "title": event.title,
                "description": event.description,
                "participants": event.participants,
                "url": event.url,
            }
            for event in found.co_creation_events.all()
        ],
        "commitments": [
            _commitment_summary(request, commitment, progress) for commitment in commitments
        ],
    }


# --- Commitments --------------------------------------------------------------------------------


@router.get("/commitments/{identifier}", response=CommitmentDetailOut)
def commitment(request: HttpRequest, identifier: str) -> dict[str, Any]:
    """A public commitment with its milestones (status, including delayed, and progress), its
    institutions, policy areas and sub-commitments."""
    found = (
        Commitment.public.filter(identifier=identifier)
        .select_related("plan__member", "lead_institution", "parent")
        .prefetch_related(
            "policy_areas",
            "supporting_institutions",
            Prefetch(
                "children",
                queryset=Commitment.public.order_by("identifier").only(
                    "pk", "parent_id", "identifier"
                ),
            ),
        )
        .first()
    )
    if found is None:
        raise Http404
    # The whole plan: a parent shows its children's progress.
    progress = _progress(Commitment.public.filter(plan_id=found.plan_id), milestone_rows=True)
    plan_row = found.plan
    return {
        **_commitment_summary(request, found, progress),
        "plan": {
            "identifier": plan_row.identifier,
            "title": plan_row.title,
            "start_year": plan_row.start_year,
            "end_year": plan_row.end_year,
            "status": plan_row.status,
            "member": _member_ref(plan_row.member),
        },
        "problem": found.problem,
        "description": found.description,
        "how_it_helps": found.how_it_helps,
        "theme": found.theme,
        "supporting_institutions": [
            _organisation(organisation) for organisation in found.supporting_institutions.all()
        ],
        "children": [child.identifier for child in found.children.all()],
        "source_url": found.url,
        "milestones": [
            {
                "number": line.milestone.number,
                "deliverable": line.milestone.deliverable,
                "description": line.milestone.description,
                "responsible": line.milestone.responsible,
                "start_date": line.milestone.start_date,
                "end_date": line.milestone.end_date,
                "status": line.status,
                "recorded_status": line.milestone.status,
                "delayed": line.is_delayed,
                "completed_on": line.milestone.completed_on,
                "weight": float(line.milestone.weight),
                "progress": float(line.progress),
            }
            for line in progress.milestones(found.pk)
        ],
    }


class ProgressUpdatePage(Schema):
    count: int
    items: list[ProgressUpdateOut]


@router.get("/commitments/{identifier}/progress-updates", response=ProgressUpdatePage)
def progress_updates(
    request: HttpRequest, identifier: str, query: Query[PageQuery]
) -> dict[str, Any]:
    """The commitment's timeline, newest first, `limit` at a time: each update with the
    organisation it was reported for and its evidence (links and uploaded files)."""
    commitment_id = _public_commitment_id(identifier)
    updates = ProgressUpdate.objects.filter(commitment_id=commitment_id)
    page = (
        updates.select_related("milestone", "organisation")
        .prefetch_related("evidence")
        .order_by("-reported_on", "-pk")[query.offset : query.offset + query.limit]
    )
    items = [
        {
            "id": update.pk,
            "reported_on": update.reported_on,
            "title": update.title,
            "text": update.text,
            "progress": _number(update.progress),
            "milestone": update.milestone.number if update.milestone else None,
            "organisation": _organisation(update.organisation),
            "recorded_at": update.created_at,
            "evidence": [_evidence(request, item) for item in update.evidence.all()],
        }
        for update in page
    ]
    return {"count": updates.count(), "items": items}


def _scale_labels() -> dict[str, dict[str, str]]:
    choices = {field.name: field.choices for field in Assessment._meta.fields if field.choices}
    return {
        name: {str(code): str(label) for code, label in choices[name]}
        for name in ASSESSMENT_SCALE_FIELDS
    }


@router.get("/commitments/{identifier}/assessments", response=list[AssessmentOut])
def assessments(request: HttpRequest, identifier: str) -> list[dict[str, Any]]:
    """Every assessment of the commitment: independent, the government's self-assessment and
    civil-society monitoring, with each IRM scale as a code (empty when the report did not use
    it; `no_data` and `not_reviewed` are explicit values) and its label."""
    commitment_id = _public_commitment_id(identifier)
    found = (
        Assessment.objects.filter(commitment_id=commitment_id)
        .select_related("organisation")
        .prefetch_related("evidence")
        .order_by("report_type", "assessor_kind", "pk")
    )
    labels = _scale_labels()
    answer = []
    for assessment in found:
        values = {name: getattr(assessment, name) or None for name in ASSESSMENT_SCALE_FIELDS}
        answer.append(
            {
                "id": assessment.pk,
                "report_type": assessment.report_type,
                "assessor_kind": assessment.assessor_kind,
                "organisation": _organisation(assessment.organisation),
                "published_on": assessment.published_on,
                **values,
                "labels": {
                    name: labels[name].get(value, value)
                    for name, value in values.items()
                    if value is not None
                },
                "starred": assessment.starred,
                "promising": assessment.promising,
                "summary": assessment.summary,
                "url": assessment.url,
                "evidence": [_evidence(request, item) for item in assessment.evidence.all()],
            }
        )
    return answer


# --- Evidence files -----------------------------------------------------------------------------


@router.get("/evidence/{evidence_id}/file", url_name="actionplans_evidence_file")
def evidence_file(request: HttpRequest, evidence_id: int) -> FileResponse:
    """A file uploaded as evidence with a public progress update or assessment, as a
    download."""
    found = (
        ProgressEvidence.objects.filter(pk=evidence_id)
        .filter(
            Q(update__commitment__plan__status__in=PUBLIC_PLAN_STATUSES)
            | Q(assessment__commitment__plan__status__in=PUBLIC_PLAN_STATUSES)
        )
        .exclude(file="")
        .first()
    )
    if found is None:
        raise Http404
    try:
        content = found.file.open("rb")
    except OSError:
        raise Http404 from None  # the row outlived its file (restored database, lost volume)
    filename = os.path.basename(found.file.name)
    guessed = mimetypes.guess_type(filename)[0]
    response = FileResponse(
        content,
        as_attachment=True,
        filename=filename,
        content_type=guessed if guessed in UPLOAD_CONTENT_TYPES else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were to show it instead of saving it: no script, no plugin, no
    # same-origin access, no subresource.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
