"""Reads for the public action-plan pages, each with a number of queries that does not grow with
the number of plans, commitments, milestones or progress updates.

Progress is computed by the pure `progress` module from plain values read here: one query for the
milestones of every commitment shown and one for the percentages reported for them. Only public
plans (`ActionPlan.public`) and their commitments (`Commitment.public`) are read.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname, resolution_order

from opencity.actionplans import progress, scales
from opencity.actionplans.models import (
    PUBLIC_PLAN_STATUSES,
    ActionPlan,
    Assessment,
    Commitment,
    Follow,
    Member,
    Milestone,
    PolicyArea,
    ProgressEvidence,
    ProgressUpdate,
)
from opencity.actionplans.scales import AssessorKind, MilestoneStatus

# A commitment's status on the public pages, derived from its milestones and dates.
NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETE = "complete"
DELAYED = scales.DELAYED
COMMITMENT_STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETE, DELAYED)

# Bands of milestone-based progress on the overview.
BAND_UNKNOWN = "unknown"
BAND_NONE = "none"
BAND_LOW = "low"
BAND_HIGH = "high"
BAND_COMPLETE = "complete"
PROGRESS_BANDS = (BAND_NONE, BAND_LOW, BAND_HIGH, BAND_COMPLETE, BAND_UNKNOWN)

# An assessment scale left empty: the report did not use it.
NOT_ASSESSED = ""


# --- Progress -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneRow:
    """The fields of a milestone that progress and the lists of commitments need, read as plain
    values: building a model instance per milestone costs more than the rest of a plan page."""

    pk: int
    commitment_id: int
    number: int
    status: str
    end_date: datetime.date | None
    weight: Decimal
    deliverable: str

    def display_status(self, today: datetime.date) -> str:
        # The model's own rule, applied to these values.
        return DELAYED if Milestone.is_delayed(self, today) else self.status  # type: ignore[arg-type]


MILESTONE_ROW_FIELDS = ("id", "commitment_id", "number", "status", "end_date", "weight")


def _translated_columns(field_name: str) -> list[str]:
    """The columns of a translated field in the order modeltranslation falls back through for
    the current language, for reads that skip its per-row rewriting (see `_first_filled`)."""
    return [
        build_localized_fieldname(field_name, language)
        for language in resolution_order(get_language() or settings.LANGUAGE_CODE)
    ]


def _first_filled(values: Sequence[Any]) -> str:
    """The value of a translated field as modeltranslation reads it: the first language that
    has one."""
    return next((value for value in values if value), "")


@dataclass
class MilestoneLine:
    """A milestone as the pages show it: the row, its derived status and its progress."""

    milestone: Milestone | MilestoneRow
    status: str
    progress: Decimal

    @property
    def is_delayed(self) -> bool:
        return self.status == DELAYED


@dataclass
class ProgressData:
    """Progress of a set of commitments: per commitment its progress (parents show their
    children's), its derived status and its milestones."""

    progress: dict[int, Decimal | None]
    status: dict[int, str]
    milestones: dict[int, list[MilestoneLine]]
    parents: dict[int, int | None]

    def completion(self, commitment_ids: Iterable[int]) -> Decimal | None:
        """A plan's completion from its commitments (the top-level ones count)."""
        ids = set(commitment_ids)
        return progress.plan_completion(
            {key: self.progress[key] for key in ids if key in self.progress},
            {key: self.parents.get(key) for key in ids},
        )


def _latest_reported(
    commitment_ids: Sequence[int],
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """The latest percentage reported per milestone and per commitment (for the commitment
    itself, not one of its milestones). One query."""
    per_milestone: dict[int, Decimal] = {}
    per_commitment: dict[int, Decimal] = {}
    # A plain queryset: no translated field is read, so modeltranslation's rewriting of every
    # row is not needed.
    rows = (
        QuerySet(ProgressUpdate)
        .filter(commitment_id__in=commitment_ids, progress__isnull=False)
        .order_by("reported_on", "pk")
        .values_list("commitment_id", "milestone_id", "progress")
    )
    for commitment_id, milestone_id, value in rows:
        if milestone_id is None:
            per_commitment[commitment_id] = value
        else:
            per_milestone[milestone_id] = value
    return per_milestone, per_commitment


def progress_data(
    commitments: Sequence[tuple[int, int | None, datetime.date | None]],
    *,
    today: datetime.date | None = None,
    milestone_rows: bool = False,
) -> ProgressData:
    """Progress of `commitments`, given as (id, parent id, end date). Two queries: the
    milestones and the reported percentages. With `milestone_rows`, the milestones are model
    instances (for the page that shows all their fields); otherwise `MilestoneRow` values."""
    today = today or timezone.localdate()
    ids = [commitment_id for commitment_id, _parent, _end in commitments]
    parents = {commitment_id: parent for commitment_id, parent, _end in commitments}
    end_dates = {commitment_id: end for commitment_id, _parent, end in commitments}
    milestones: dict[int, list[MilestoneLine]] = defaultdict(list)
    if ids:
        queryset = Milestone.objects.filter(commitment_id__in=ids).order_by(
            "commitment_id", "number"
        )
        rows: list[Milestone | MilestoneRow] = (
            list(queryset) if milestone_rows else _milestone_rows(ids)
        )
        per_milestone, per_commitment = _latest_reported(ids)
    else:
        rows, per_milestone, per_commitment = [], {}, {}
    for milestone in rows:
        value = progress.milestone_progress(_milestone_input(milestone, per_milestone))
        milestones[milestone.commitment_id].append(
            MilestoneLine(milestone, milestone.display_status(today), value)
        )
    own = {
        commitment_id: progress.commitment_progress(
            [_milestone_input(line.milestone, per_milestone) for line in milestones[commitment_id]],
            per_commitment.get(commitment_id),
        )
        for commitment_id in ids
    }
    shown = progress.with_children(own, parents)
    children: dict[int, list[int]] = defaultdict(list)
    for commitment_id, parent in parents.items():
        if parent is not None and parent in parents:
            children[parent].append(commitment_id)

    def delayed(commitment_id: int, seen: frozenset[int]) -> bool:
        if any(line.is_delayed for line in milestones[commitment_id]):
            return True
        return any(
            delayed(child, seen | {child}) for child in children[commitment_id] if child not in seen
        )

    def started(commitment_id: int, seen: frozenset[int]) -> bool:
        if any(
            line.milestone.status != MilestoneStatus.NOT_STARTED
            for line in milestones[commitment_id]
        ):
            return True
        return any(
            started(child, seen | {child}) for child in children[commitment_id] if child not in seen
        )

    status: dict[int, str] = {}
    for commitment_id in ids:
        value = shown[commitment_id]
        end = end_dates[commitment_id]
        if value is not None and value >= progress.HUNDRED:
            status[commitment_id] = COMPLETE
        elif delayed(commitment_id, frozenset({commitment_id})) or (
            end is not None and end < today
        ):
            status[commitment_id] = DELAYED
        elif (value is not None and value > 0) or started(
            commitment_id, frozenset({commitment_id})
        ):
            status[commitment_id] = IN_PROGRESS
        else:
            status[commitment_id] = NOT_STARTED
    return ProgressData(shown, status, dict(milestones), parents)


def _milestone_rows(commitment_ids: Sequence[int]) -> list[MilestoneRow]:
    """The milestones of the commitments as values. One query, through a plain queryset:
    modeltranslation's rewriting of every row costs more than the rest of a plan page."""
    deliverable = _translated_columns("deliverable")
    count = len(MILESTONE_ROW_FIELDS)
    return [
        MilestoneRow(*values[:count], deliverable=_first_filled(values[count:]))
        for values in QuerySet(Milestone)
        .filter(commitment_id__in=commitment_ids)
        .order_by("commitment_id", "number")
        .values_list(*MILESTONE_ROW_FIELDS, *deliverable)
    ]


def _milestone_input(
    milestone: Milestone | MilestoneRow, reported: dict[int, Decimal]
) -> progress.MilestoneInput:
    return progress.MilestoneInput(
        weight=milestone.weight,
        complete=milestone.status == MilestoneStatus.COMPLETE,
        reported=reported.get(milestone.pk),
    )


def band(value: Decimal | None) -> str:
    """The band of milestone-based progress a value falls in."""
    if value is None:
        return BAND_UNKNOWN
    if value <= 0:
        return BAND_NONE
    if value < 50:
        return BAND_LOW
    if value < progress.HUNDRED:
        return BAND_HIGH
    return BAND_COMPLETE


def _plan_completions(plans: Sequence[ActionPlan]) -> dict[int, Decimal | None]:
    """Completion of each plan. Three queries (commitments, milestones, reports)."""
    rows = (
        list(
            Commitment.all_objects.filter(plan__in=[plan.pk for plan in plans]).values_list(
                "id", "parent_id", "end_date", "plan_id"
            )
        )
        if plans
        else []
    )
    data = progress_data([(pk, parent, end) for pk, parent, end, _plan in rows])
    by_plan: dict[int, list[int]] = defaultdict(list)
    for pk, _parent, _end, plan_id in rows:
        by_plan[plan_id].append(pk)
    return {plan.pk: data.completion(by_plan.get(plan.pk, [])) for plan in plans}


# --- Index of members ----------------------------------------------------------------------------


@dataclass
class MemberLine:
    member: Member
    plan_count: int
    latest_plan: ActionPlan | None
    latest_completion: Decimal | None


def member_index() -> dict[str, list[MemberLine]]:
    """Members with public plans, national and local, with the number of their public plans and
    the completion of the latest one. Five queries."""
    members = list(
        Member.objects.select_related(
            "country", "municipality", "municipality__region", "municipality__country"
        )
        .annotate(plan_count=Count("plans", filter=Q(plans__status__in=PUBLIC_PLAN_STATUSES)))
        .filter(plan_count__gt=0)
        .order_by("kind", "name")
    )
    latest: dict[int, ActionPlan] = {}
    for plan in ActionPlan.public.filter(member__in=[m.pk for m in members]).order_by("number"):
        latest[plan.member_id] = plan
    completions = _plan_completions(list(latest.values()))
    lines: dict[str, list[MemberLine]] = {"national": [], "local": []}
    for member in members:
        plan = latest.get(member.pk)
        lines.setdefault(member.kind, []).append(
            MemberLine(
                member,
                member.plan_count,  # type: ignore[attr-defined]
                plan,
                completions.get(plan.pk) if plan else None,
            )
        )
    return lines


# --- Member --------------------------------------------------------------------------------------


@dataclass
class PlanLine:
    plan: ActionPlan
    completion: Decimal | None
    commitment_count: int


@dataclass
class MemberPage:
    member: Member
    plans: list[PlanLine]


def member_page(slug: str) -> MemberPage | None:
    """A member and its public plans over time, each with its completion. Four queries."""
    member = (
        Member.objects.select_related(
            "country",
            "municipality",
            "municipality__region",
            "municipality__country",
            "government",
            "monitoring_body",
        )
        .filter(slug=slug)
        .first()
    )
    if member is None:
        return None
    plans = list(
        ActionPlan.public.filter(member=member)
        .annotate(commitment_count=Count("commitments"))
        .order_by("start_year", "number")
    )
    completions = _plan_completions(plans)
    return MemberPage(
        member,
        [
            PlanLine(plan, completions[plan.pk], plan.commitment_count)  # type: ignore[attr-defined]
            for plan in plans
        ],
    )


# --- Plan ----------------------------------------------------------------------------------------


@dataclass
class CommitmentLine:
    commitment: Commitment
    progress: Decimal | None
    status: str
    milestones: list[MilestoneLine]
    depth: int = 0
    progress_text: str = ""  # the progress as the page prints it, set by the view
    overdue: list[tuple[str, MilestoneLine]] = field(default_factory=list)  # set by the view

    @property
    def delayed_milestones(self) -> list[MilestoneLine]:
        return [line for line in self.milestones if line.is_delayed]


@dataclass
class PlanFilters:
    value: str = ""
    policy_area: str = ""
    status: str = ""
    lead: str = ""

    @property
    def active(self) -> bool:
        return any((self.value, self.policy_area, self.status, self.lead))


@dataclass(frozen=True)
class AreaChoice:
    code: str
    name: str


@dataclass
class PlanPage:
    plan: ActionPlan
    completion: Decimal | None
    lines: list[CommitmentLine]
    events: list[Any]
    policy_areas: list[AreaChoice]
    area_codes: dict[int, set[str]]
    leads: list[Any]
    status_counts: dict[str, int] = field(default_factory=dict)

    def filtered(self, filters: PlanFilters) -> list[CommitmentLine]:
        def keep(line: CommitmentLine) -> bool:
            commitment = line.commitment
            if filters.value and not getattr(commitment, filters.value):
                return False
            if filters.policy_area and filters.policy_area not in self.area_codes.get(
                commitment.pk, set()
            ):
                return False
            if filters.status and line.status != filters.status:
                return False
            lead = commitment.lead_institution
            return not filters.lead or (lead is not None and lead.slug == filters.lead)

        return [line for line in self.lines if keep(line)]


def public_plan(identifier: str) -> ActionPlan | None:
    return (
        ActionPlan.public.select_related("member", "member__country", "member__municipality")
        .filter(identifier=identifier)
        .first()
    )


def _tree_order(commitments: Sequence[Commitment]) -> list[tuple[Commitment, int]]:
    """Commitments in their order, each child right after its parent, with its depth."""
    ids = {commitment.pk for commitment in commitments}
    children: dict[int | None, list[Commitment]] = defaultdict(list)
    for commitment in commitments:
        parent = commitment.parent_id if commitment.parent_id in ids else None
        children[parent].append(commitment)
    ordered: list[tuple[Commitment, int]] = []

    def walk(parent: int | None, depth: int, seen: frozenset[int]) -> None:
        for commitment in children.get(parent, []):
            if commitment.pk in seen:
                continue
            ordered.append((commitment, depth))
            walk(commitment.pk, depth + 1, seen | {commitment.pk})

    walk(None, 0, frozenset())
    placed = {commitment.pk for commitment, _depth in ordered}
    ordered.extend((commitment, 0) for commitment in commitments if commitment.pk not in placed)
    return ordered


def plan_page(plan: ActionPlan) -> PlanPage:
    """A public plan with its commitments, their progress, status and milestones, and its
    co-creation record. Six queries, whatever the numbers of commitments and milestones."""
    events = list(plan.co_creation_events.all())
    commitments = list(
        Commitment.public.filter(plan=plan)
        .select_related("lead_institution")
        .order_by("identifier")
    )
    data = progress_data([(c.pk, c.parent_id, c.end_date) for c in commitments])
    lines = [
        CommitmentLine(
            commitment,
            data.progress[commitment.pk],
            data.status[commitment.pk],
            data.milestones.get(commitment.pk, []),
            depth,
        )
        for commitment, depth in _tree_order(commitments)
    ]
    # The policy areas as values, one query: a prefetch would build a queryset per commitment.
    area_codes: dict[int, set[str]] = defaultdict(set)
    areas: dict[str, AreaChoice] = {}
    for commitment_id, code, *names in (
        QuerySet(PolicyArea)
        .filter(commitments__in=[c.pk for c in commitments])
        .values_list("commitments", "code", *_translated_columns("name"))
    ):
        area_codes[commitment_id].add(code)
        areas[code] = AreaChoice(code, _first_filled(names))
    leads = {c.lead_institution.slug: c.lead_institution for c in commitments if c.lead_institution}
    return PlanPage(
        plan=plan,
        completion=data.completion(data.progress),
        lines=lines,
        events=events,
        policy_areas=sorted(areas.values(), key=lambda area: area.name),
        area_codes=dict(area_codes),
        leads=sorted(leads.values(), key=lambda organisation: str(organisation.name)),
        status_counts=dict(Counter(line.status for line in lines)),
    )


# --- Commitment ----------------------------------------------------------------------------------

# The IRM scales in the order of the assessments table: (field, choices).
ASSESSMENT_SCALES: tuple[str, ...] = (
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

ASSESSOR_ORDER = {kind: index for index, kind in enumerate(AssessorKind.values)}


@dataclass
class ScaleRow:
    name: str
    field: str
    cells: list[tuple[str, str]]  # (stored value, label) per assessment; "" = not assessed


@dataclass
class CommitmentPage:
    commitment: Commitment
    progress: Decimal | None
    status: str
    milestones: list[MilestoneLine]
    children: list[CommitmentLine]
    updates: list[ProgressUpdate]
    assessments: list[Assessment]
    scale_rows: list[ScaleRow]
    following: bool
    values: list[str] = field(default_factory=list)  # the labels of the OGP values declared


def public_commitment(identifier: str) -> Commitment | None:
    return (
        Commitment.public.select_related(
            "plan", "plan__member", "lead_institution", "parent", "parent__plan"
        )
        .filter(identifier=identifier)
        .first()
    )


def commitment_page(commitment: Commitment, user: Any = None) -> CommitmentPage:
    """A public commitment with its texts, milestones, children, timeline and assessments.
    Ten queries (eleven for a signed-in visitor), whatever the numbers of milestones, updates,
    evidence and assessments."""
    supporting = list(commitment.supporting_institutions.order_by("name"))
    areas = list(commitment.policy_areas.order_by("name"))
    children = list(Commitment.public.filter(parent=commitment).order_by("identifier"))
    data = progress_data(
        [(commitment.pk, None, commitment.end_date)]
        + [(child.pk, commitment.pk, child.end_date) for child in children],
        milestone_rows=True,
    )
    updates = list(
        ProgressUpdate.objects.filter(commitment=commitment)
        .select_related("organisation", "milestone")
        .prefetch_related(Prefetch("evidence", queryset=ProgressEvidence.objects.order_by("pk")))
        .order_by("-reported_on", "-pk")
    )
    assessments = sorted(
        Assessment.objects.filter(commitment=commitment)
        .select_related("organisation")
        .prefetch_related(Prefetch("evidence", queryset=ProgressEvidence.objects.order_by("pk"))),
        key=lambda a: (
            ASSESSOR_ORDER.get(a.assessor_kind, 99),
            a.published_on or datetime.date.min,
            a.pk,
        ),
    )
    rows = []
    for field_name in ASSESSMENT_SCALES:
        model_field = Assessment._meta.get_field(field_name)
        choices = dict(model_field.choices or [])  # type: ignore[arg-type]
        rows.append(
            ScaleRow(
                name=str(model_field.verbose_name),
                field=field_name,
                cells=[
                    (
                        getattr(assessment, field_name),
                        str(choices.get(getattr(assessment, field_name), ""))
                        if getattr(assessment, field_name)
                        else NOT_ASSESSED,
                    )
                    for assessment in assessments
                ],
            )
        )
    following = bool(
        user is not None
        and user.is_authenticated
        and Follow.objects.filter(commitment=commitment, user=user).exists()
    )
    commitment.supporting_list = supporting  # type: ignore[attr-defined]
    commitment.area_list = areas  # type: ignore[attr-defined]
    return CommitmentPage(
        commitment=commitment,
        progress=data.progress[commitment.pk],
        status=data.status[commitment.pk],
        milestones=data.milestones.get(commitment.pk, []),
        children=[
            CommitmentLine(child, data.progress[child.pk], data.status[child.pk], [])
            for child in children
        ],
        updates=updates,
        assessments=assessments,
        scale_rows=rows,
        following=following,
        values=[str(scales.OgpValue(value).label) for value in commitment.values],
    )


# --- Overview ------------------------------------------------------------------------------------


@dataclass
class GroupLine:
    """A member or a policy area on the overview: counts of its commitments."""

    label: str
    url: str
    commitments: int = 0
    progress_values: list[Decimal] = field(default_factory=list)
    assessed: int = 0  # with an independent completion value
    substantial: int = 0  # completion substantial or complete
    open_government_assessed: int = 0
    strong: int = 0  # opened government majorly or outstandingly
    independently_assessed: int = 0
    starred: int = 0

    @property
    def mean_progress(self) -> Decimal | None:
        return progress.mean_progress(self.progress_values)

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(100) * part / whole).quantize(Decimal("0.1"))

    @property
    def substantial_share(self) -> Decimal | None:
        return self._share(self.substantial, self.assessed)

    @property
    def strong_share(self) -> Decimal | None:
        return self._share(self.strong, self.open_government_assessed)

    @property
    def starred_share(self) -> Decimal | None:
        return self._share(self.starred, self.independently_assessed)


@dataclass
class Overview:
    commitments: int
    completion: list[tuple[str, str, int]]  # (value, label, count), "" = not assessed
    open_government: list[tuple[str, str, int]]
    bands: list[tuple[str, int]]
    independently_assessed: int
    starred: int
    members: list[GroupLine]
    policy_areas: list[GroupLine]

    @property
    def starred_share(self) -> Decimal | None:
        return GroupLine._share(self.starred, self.independently_assessed)


def _latest_independent(
    commitment_ids: Sequence[int],
) -> tuple[dict[int, str], dict[int, str], dict[int, bool]]:
    """Per commitment: the completion of its latest independent assessment that has one, the
    same for "did it open government", and whether its latest independent assessment is starred.
    One query."""
    completion: dict[int, str] = {}
    open_government: dict[int, str] = {}
    starred: dict[int, bool] = {}
    rows = Assessment.objects.filter(
        commitment_id__in=commitment_ids, assessor_kind=AssessorKind.INDEPENDENT
    ).values_list("commitment_id", "published_on", "pk", "completion", "open_government", "starred")
    for commitment_id, _published, _pk, completion_value, open_value, is_starred in sorted(
        rows, key=lambda row: (row[1] or datetime.date.min, row[2])
    ):
        if completion_value:
            completion[commitment_id] = completion_value
        if open_value:
            open_government[commitment_id] = open_value
        starred[commitment_id] = is_starred
    return completion, open_government, starred


def overview() -> Overview:
    """Every public commitment: the distribution of the independent completion, of "did it open
    government" and of milestone-based progress, the starred share, per member and per policy
    area. Seven queries."""
    from django.urls import reverse

    rows = list(Commitment.public.values_list("id", "parent_id", "end_date", "plan__member_id"))
    ids = [row[0] for row in rows]
    data = progress_data([(pk, parent, end) for pk, parent, end, _member in rows])
    completion, open_government, starred = _latest_independent(ids) if ids else ({}, {}, {})
    members = {
        member.pk: GroupLine(member.name, member.get_absolute_url())
        for member in Member.objects.filter(pk__in={row[3] for row in rows}).order_by("name")
    }
    area_links: dict[int, list[int]] = defaultdict(list)
    for commitment_id, area_id in Commitment.policy_areas.through.objects.filter(
        commitment_id__in=ids
    ).values_list("commitment_id", "policyarea_id"):
        area_links[commitment_id].append(area_id)
    overview_url = reverse("actionplans:overview")
    areas = {
        area.pk: GroupLine(area.name, f"{overview_url}#area-{area.code}")
        for area in PolicyArea.objects.filter(
            pk__in={a for links in area_links.values() for a in links}
        ).order_by("name")
    }

    def count(group: GroupLine, commitment_id: int) -> None:
        group.commitments += 1
        value = data.progress[commitment_id]
        if value is not None:
            group.progress_values.append(value)
        if commitment_id in completion:
            if completion[commitment_id] not in {scales.NO_DATA, scales.NOT_REVIEWED}:
                group.assessed += 1
            if completion[commitment_id] in {"substantial", "complete"}:
                group.substantial += 1
        if commitment_id in open_government:
            if open_government[commitment_id] not in {
                scales.NO_DATA,
                scales.NOT_REVIEWED,
                "no_early_results",
            }:
                group.open_government_assessed += 1
            if open_government[commitment_id] in scales.STRONG_OPEN_GOVERNMENT:
                group.strong += 1
        if commitment_id in starred:
            group.independently_assessed += 1
            group.starred += int(starred[commitment_id])

    for commitment_id, _parent, _end, member_id in rows:
        count(members[member_id], commitment_id)
        for area_id in area_links.get(commitment_id, []):
            count(areas[area_id], commitment_id)

    def distribution(
        values: dict[int, str], choices: list[tuple[str, object]]
    ) -> list[tuple[str, str, int]]:
        counts = Counter(values.get(pk, NOT_ASSESSED) for pk in ids)
        return [(value, str(label), counts.get(value, 0)) for value, label in choices] + [
            (NOT_ASSESSED, "", counts.get(NOT_ASSESSED, 0))
        ]

    band_counts = Counter(band(data.progress[pk]) for pk in ids)
    return Overview(
        commitments=len(ids),
        completion=distribution(completion, scales.COMPLETION),
        open_government=distribution(open_government, scales.OPEN_GOVERNMENT),
        bands=[(name, band_counts.get(name, 0)) for name in PROGRESS_BANDS],
        independently_assessed=len(starred),
        starred=sum(starred.values()),
        members=list(members.values()),
        policy_areas=list(areas.values()),
    )


# --- Municipality section and home figure --------------------------------------------------------


@dataclass
class SectionPlan:
    plan: ActionPlan
    completion: Decimal | None
    lines: list[CommitmentLine]


def municipality_section(request: Any, municipality: Any) -> dict[str, Any] | None:
    """The public plans of the municipality's local members, each with its commitments and their
    progress; None (no section) if it has none. One query without plans, four with."""
    plans = list(
        ActionPlan.public.filter(member__municipality=municipality, member__kind="local")
        .select_related("member")
        .order_by("-start_year", "-number")
    )
    if not plans:
        return None
    commitments = list(Commitment.public.filter(plan__in=plans).order_by("identifier"))
    data = progress_data([(c.pk, c.parent_id, c.end_date) for c in commitments])
    by_plan: dict[int, list[Commitment]] = defaultdict(list)
    for commitment in commitments:
        by_plan[commitment.plan_id].append(commitment)
    members = list({plan.member_id: plan.member for plan in plans}.values())
    return {
        "municipality": municipality,
        "members": members,
        "plans": [
            SectionPlan(
                plan,
                data.completion(c.pk for c in by_plan[plan.pk]),
                [
                    CommitmentLine(c, data.progress[c.pk], data.status[c.pk], [], depth)
                    for c, depth in _tree_order(by_plan[plan.pk])
                ],
            )
            for plan in plans
        ],
    }


def public_commitment_count() -> int:
    return Commitment.public.count()
