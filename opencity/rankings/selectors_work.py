"""Reads for the coalition's working pages (assessors, reviewers, coordinators).

Every function here makes a fixed number of queries, whatever the number of municipalities,
indicators or answers: counts come from aggregate queries or correlated subqueries, never from a
query per row. Functions that find one object return None when the person may not see it, so
that views answer 404 instead of revealing that it exists.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencity.accounts.models import Role, User
from opencity.accounts.rules import has_any_role, is_platform_admin
from opencity.places.models import Municipality, Region
from opencity.rankings.models import (
    Answer,
    AnswerState,
    ArchiveStatus,
    Area,
    Assignment,
    Cycle,
    EvidenceArchive,
    Indicator,
    Methodology,
    Publication,
    ScaleLevel,
)
from opencity.rankings.phases import PHASE_LABELS, Phase

# Who takes part in the coalition's work at all. Everyone else gets 403 on these pages.
is_coalition_worker = is_platform_admin | has_any_role(
    Role.ASSESSOR, Role.REVIEWER, Role.COORDINATOR
)

PHASE_ORDER = list(Phase)


def phase_reached(cycle: Cycle, phase: Phase, today: datetime.date | None = None) -> bool:
    """The cycle is in `phase` or a later one."""
    return PHASE_ORDER.index(cycle.phase(today)) >= PHASE_ORDER.index(phase)


@dataclass(frozen=True)
class PhaseStep:
    phase: Phase
    label: str
    start: datetime.date
    current: bool


def phase_steps(cycle: Cycle) -> list[PhaseStep]:
    """The phases of a cycle with the day each starts, the current one marked."""
    current = cycle.phase()
    starts = [
        (Phase.INFORMATION_REQUESTS, cycle.information_requests_start),
        (Phase.ASSESSMENT, cycle.assessment_start),
        (Phase.REVIEW, cycle.review_start),
        (Phase.CITY_REPLY, cycle.reply_start),
        (Phase.PUBLICATION, cycle.publication_date),
    ]
    return [
        PhaseStep(
            phase=phase, label=str(PHASE_LABELS[phase]), start=start, current=phase is current
        )
        for phase, start in starts
    ]


def next_phase(cycle: Cycle) -> PhaseStep | None:
    """The phase that follows the current one, with the day it starts: the current deadline."""
    for step in phase_steps(cycle):
        if step.start > timezone.localdate():
            return step
    return None


def _answer_count(**conditions: Any) -> Coalesce:
    """The number of answers of the row's cycle and municipality that meet `conditions`."""
    answers = (
        Answer.objects.filter(
            cycle=OuterRef("cycle"), municipality=OuterRef("municipality"), **conditions
        )
        .order_by()
        .values("cycle")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(answers, output_field=IntegerField()), Value(0))


def _indicator_count() -> Coalesce:
    indicators = (
        Indicator.objects.filter(methodology=OuterRef("cycle__methodology"))
        .order_by()
        .values("methodology")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(indicators, output_field=IntegerField()), Value(0))


def with_progress(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Assignments with the counts of their answers, in the same query."""
    return assignments.annotate(
        indicator_count=_indicator_count(),
        answered=_answer_count(level__isnull=False),
        submitted=_answer_count(state=AnswerState.SUBMITTED),
        returned=_answer_count(state=AnswerState.RETURNED),
        approved=_answer_count(state=AnswerState.APPROVED),
    )


def _unpublished(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    # Once a cycle is published, its answers change only through a coordinator's correction:
    # the work of assessors and reviewers is over.
    return assignments.exclude(Exists(Publication.objects.filter(cycle=OuterRef("cycle"))))


# "My work" --------------------------------------------------------------------------------------


@dataclass
class CycleWork:
    """A person's assignments in one cycle, with the phase and when it ends."""

    cycle: Cycle
    phase_label: str
    next_step: PhaseStep | None
    assignments: list[Assignment]


def _by_cycle(assignments: list[Assignment]) -> list[CycleWork]:
    groups: list[CycleWork] = []
    for assignment in assignments:
        if not groups or groups[-1].cycle.pk != assignment.cycle_id:
            cycle = assignment.cycle
            groups.append(CycleWork(cycle, cycle.phase().label, next_phase(cycle), []))
        groups[-1].assignments.append(assignment)
    return groups


@dataclass
class CycleSummary:
    cycle: Cycle
    phase_label: str


@dataclass
class MyWork:
    assessments: list[CycleWork]
    reviews: list[CycleWork]
    review_waiting: int
    cycles: list[CycleSummary] | None  # for coordinators: every cycle; None for everyone else


def my_work(user: User) -> MyWork:
    """What waits for a person: three queries, however many assignments they have (four for
    coordinators)."""
    order = ("-cycle__year", "cycle__name", "cycle_id", "municipality__name", "municipality_id")
    assessments = list(
        with_progress(
            _unpublished(Assignment.objects.filter(assessor=user)).select_related(
                "cycle", "municipality__region"
            )
        ).order_by(*order)
    )
    reviews = list(
        _unpublished(Assignment.objects.filter(reviewer=user))
        .select_related("cycle", "municipality__region")
        .annotate(waiting=_answer_count(state=AnswerState.SUBMITTED))
        .filter(waiting__gt=0)
        .order_by(*order)
    )
    cycles = None
    if user.has_perm("rankings.manage_cycle"):
        cycles = [
            CycleSummary(cycle, cycle.phase().label)
            for cycle in Cycle.objects.select_related("methodology")
            .annotate(
                municipality_count=Count("municipalities", distinct=True),
                published=Exists(Publication.objects.filter(cycle=OuterRef("pk"))),
            )
            .order_by("-year", "name", "pk")
        ]
    return MyWork(
        assessments=_by_cycle(assessments),
        reviews=_by_cycle(reviews),
        review_waiting=sum(assignment.waiting for assignment in reviews),
        cycles=cycles,
    )


# A municipality's sheet and one answer ----------------------------------------------------------


def assignment_for_work(user: User, cycle_pk: int, municipality_pk: int) -> Assignment | None:
    """The assignment behind a municipality's sheet, for its assessor, its reviewer and
    coordinators; None for everyone else."""
    assignment = (
        Assignment.objects.select_related(
            "cycle__methodology", "municipality__region", "assessor", "reviewer"
        )
        .filter(cycle_id=cycle_pk, municipality_id=municipality_pk)
        .first()
    )
    if assignment is None or not user.is_authenticated:
        return None
    if user.pk in (assignment.assessor_id, assignment.reviewer_id):
        return assignment
    if user.has_perm("rankings.manage_cycle"):
        return assignment
    return None


@dataclass
class SheetRow:
    indicator: Indicator
    answer: Answer | None

    @property
    def state(self) -> str:
        return self.answer.state if self.answer else AnswerState.NOT_STARTED

    @property
    def state_label(self) -> str:
        return str(AnswerState(self.state).label)

    @property
    def returned(self) -> bool:
        return self.state == AnswerState.RETURNED


@dataclass
class SheetArea:
    area: Area
    rows: list[SheetRow]


@dataclass
class Sheet:
    areas: list[SheetArea]
    indicator_count: int
    counts: dict[str, int]
    submittable: int  # answers "submit all answered" would submit


def submittable_answers(cycle: Cycle, municipality: Municipality) -> QuerySet[Answer]:
    """The answers an assessor may submit: in progress or returned, with a level."""
    return Answer.objects.filter(
        cycle=cycle,
        municipality=municipality,
        state__in=[AnswerState.IN_PROGRESS, AnswerState.RETURNED],
        level__isnull=False,
    ).select_related("cycle", "municipality")


def municipality_sheet(assignment: Assignment) -> Sheet:
    """Every indicator of the cycle's methodology, by area, with this municipality's answer:
    three queries."""
    cycle = assignment.cycle
    areas = list(Area.objects.filter(methodology_id=cycle.methodology_id).order_by("order", "code"))
    indicators = Indicator.objects.filter(methodology_id=cycle.methodology_id).order_by(
        "order", "code"
    )
    answers = {
        answer.indicator_id: answer
        for answer in Answer.objects.filter(
            cycle=cycle, municipality_id=assignment.municipality_id
        ).select_related("level")
    }
    by_area: dict[int, list[SheetRow]] = defaultdict(list)
    for indicator in indicators:
        by_area[indicator.area_id].append(SheetRow(indicator, answers.get(indicator.pk)))
    counts = dict.fromkeys(AnswerState.values, 0)
    count = 0
    submittable = 0
    eligible = {AnswerState.IN_PROGRESS, AnswerState.RETURNED}
    for rows in by_area.values():
        for row in rows:
            count += 1
            counts[row.state] += 1
            if row.answer and row.answer.level_id is not None and row.state in eligible:
                submittable += 1
    counts["answered"] = sum(1 for answer in answers.values() if answer.level_id is not None)
    return Sheet(
        areas=[SheetArea(area, by_area[area.pk]) for area in areas if by_area[area.pk]],
        indicator_count=count,
        counts=counts,
        submittable=submittable,
    )


@dataclass(frozen=True)
class AnswerActions:
    """What the page offers the person; the services decide again when they are asked."""

    can_edit: bool
    can_submit: bool
    can_review: bool
    is_assessor: bool
    is_reviewer: bool
    scored_it: bool  # the reviewer saved this answer themselves: someone else must review it


def answer_actions(user: User, assignment: Assignment, answer: Answer | None) -> AnswerActions:
    cycle = assignment.cycle
    state = answer.state if answer else AnswerState.NOT_STARTED
    is_assessor = user.pk == assignment.assessor_id
    is_reviewer = user.pk == assignment.reviewer_id
    scored_it = answer is not None and answer.updated_by_id == user.pk
    locked = state in {AnswerState.SUBMITTED, AnswerState.APPROVED}
    return AnswerActions(
        can_edit=is_assessor and cycle.allows("answer") and not locked,
        can_submit=(
            is_assessor
            and cycle.allows("submit")
            and answer is not None
            and answer.level_id is not None
            and state in {AnswerState.IN_PROGRESS, AnswerState.RETURNED}
        ),
        can_review=(
            is_reviewer
            and not is_assessor
            and not scored_it
            and cycle.allows("review")
            and state == AnswerState.SUBMITTED
        ),
        is_assessor=is_assessor,
        is_reviewer=is_reviewer,
        scored_it=scored_it,
    )


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    change: str
    state: str
    level_before: str | None
    level_after: str | None
    level_changed: bool
    comment: str
    return_reason: str


CHANGE_LABELS = {
    "save": gettext_lazy("saved"),
    AnswerState.SUBMITTED.value: gettext_lazy("submitted for review"),
    AnswerState.RETURNED.value: gettext_lazy("returned to the assessor"),
    AnswerState.APPROVED.value: gettext_lazy("approved"),
    "dispute accepted": gettext_lazy("the city's reply was accepted"),
    "import": gettext_lazy("imported from a file"),
    "demo": gettext_lazy("demonstration data"),
}
CORRECTION_PREFIX = "correction: "


def _change_label(reason: str | None) -> str:
    if not reason:
        return ""
    if reason.startswith(CORRECTION_PREFIX):
        return _("correction after publication: %(reason)s") % {
            "reason": reason[len(CORRECTION_PREFIX) :]
        }
    label = CHANGE_LABELS.get(reason)
    return str(label) if label is not None else reason


def answer_history(answer: Answer, level_labels: dict[int, str]) -> list[HistoryEntry]:
    """Every recorded change of the answer, oldest first, with the level before and after: one
    query."""
    records = answer.history.select_related("history_user").order_by("history_date", "history_id")
    entries = []
    previous_level: int | None = None
    for record in records:
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=user.public_name if user else "—",
                change=_change_label(record.history_change_reason),
                state=str(AnswerState(record.state).label),
                level_before=level_labels.get(previous_level) if previous_level else None,
                level_after=level_labels.get(record.level_id) if record.level_id else None,
                level_changed=previous_level != record.level_id,
                comment=record.comment,
                return_reason=record.return_reason,
            )
        )
        previous_level = record.level_id
    return entries


@dataclass(frozen=True)
class EvidenceLink:
    url: str
    archive: EvidenceArchive | None

    @property
    def status(self) -> str:
        return self.archive.status if self.archive else ArchiveStatus.PENDING


@dataclass
class AnswerPage:
    indicator: Indicator
    levels: list[ScaleLevel]
    answer: Answer | None
    history: list[HistoryEntry]
    evidence: list[EvidenceLink]
    level_labels: dict[int, str] = field(default_factory=dict)


def level_choice_label(level: ScaleLevel) -> str:
    """A level as an assessor chooses it: its label and what it is worth."""
    if level.not_applicable:
        return _("%(label)s (not applicable: left out of the total)") % {"label": level.label}
    if level.points is None:
        return str(level.label)
    return _("%(label)s (points: %(points)s)") % {
        "label": level.label,
        "points": f"{level.points.normalize():f}",
    }


def answer_page(assignment: Assignment, indicator_pk: int) -> AnswerPage | None:
    """An indicator of the assignment's cycle with its answer, history and archived evidence:
    five queries. None when the indicator is not in the cycle's methodology."""
    indicator = (
        Indicator.objects.select_related("area", "scale")
        .filter(pk=indicator_pk, methodology_id=assignment.cycle.methodology_id)
        .first()
    )
    if indicator is None:
        return None
    levels = list(ScaleLevel.objects.filter(scale_id=indicator.scale_id).order_by("order", "code"))
    answer = (
        Answer.objects.select_related("level", "updated_by", "cycle", "municipality")
        .filter(
            cycle_id=assignment.cycle_id,
            municipality_id=assignment.municipality_id,
            indicator=indicator,
        )
        .first()
    )
    labels = {level.pk: str(level.label) for level in levels}
    history: list[HistoryEntry] = []
    evidence: list[EvidenceLink] = []
    if answer is not None:
        answer.indicator = indicator
        history = answer_history(answer, labels)
        archives = {archive.url: archive for archive in answer.archives.all()}
        evidence = [EvidenceLink(url, archives.get(url)) for url in answer.evidence_urls]
    return AnswerPage(
        indicator=indicator,
        levels=levels,
        answer=answer,
        history=history,
        evidence=evidence,
        level_labels=labels,
    )


def current_answer(assignment: Assignment, indicator: Indicator) -> Answer | None:
    """The answer as it is now in the database (after a conflict, the other person's value)."""
    return (
        Answer.objects.select_related("level", "updated_by")
        .filter(
            cycle_id=assignment.cycle_id,
            municipality_id=assignment.municipality_id,
            indicator=indicator,
        )
        .first()
    )


# The reviewer's queue ---------------------------------------------------------------------------


def review_queue(user: User) -> QuerySet[Answer]:
    """Submitted answers of municipalities this person reviews, grouped by cycle and
    municipality, the group waiting longest first and, inside a group, the oldest first.

    Answers the person saved themselves are left out: nobody reviews their own scoring."""
    reviewed_here = Assignment.objects.filter(
        cycle=OuterRef("cycle"), municipality=OuterRef("municipality"), reviewer=user
    ).exclude(assessor=user)
    group_oldest = (
        Answer.objects.filter(
            cycle=OuterRef("cycle"),
            municipality=OuterRef("municipality"),
            state=AnswerState.SUBMITTED,
        )
        .order_by("updated_at")
        .values("updated_at")[:1]
    )
    return (
        Answer.objects.filter(Exists(reviewed_here), state=AnswerState.SUBMITTED)
        .exclude(updated_by=user)
        .exclude(Exists(Publication.objects.filter(cycle=OuterRef("cycle"))))
        .select_related("cycle", "municipality", "indicator", "level")
        .annotate(group_oldest=Subquery(group_oldest))
        .order_by("group_oldest", "cycle_id", "municipality_id", "updated_at", "pk")
    )


@dataclass
class QueueGroup:
    cycle: Cycle
    municipality: Municipality
    answers: list[Answer]


def queue_groups(answers: list[Answer]) -> list[QueueGroup]:
    """One page of the queue, in groups of consecutive answers of one cycle and municipality."""
    groups: list[QueueGroup] = []
    for answer in answers:
        last = groups[-1] if groups else None
        if last and (last.cycle.pk, last.municipality.pk) == (
            answer.cycle_id,
            answer.municipality_id,
        ):
            last.answers.append(answer)
        else:
            groups.append(QueueGroup(answer.cycle, answer.municipality, [answer]))
    return groups


# The coordinator's dashboard --------------------------------------------------------------------


def cycle_with_methodology(pk: int) -> Cycle | None:
    """A cycle for the coordinators' pages (the views check the permission first)."""
    return Cycle.objects.select_related("methodology").filter(pk=pk).first()


@dataclass
class Progress:
    """Counts of answers out of `possible` (indicators × municipalities)."""

    possible: int
    answered: int = 0
    submitted: int = 0
    returned: int = 0
    approved: int = 0


@dataclass
class PersonProgress(Progress):
    person: str = ""
    municipalities: int = 0


@dataclass
class ReviewerLoad:
    person: str
    waiting: int


@dataclass
class Overdue:
    """What is late for the cycle's phase, with counts."""

    unsubmitted_municipalities: int | None = None  # None: not due yet in this phase
    unsubmitted_answers: int | None = None
    unapproved_municipalities: int | None = None
    unapproved_answers: int | None = None

    @property
    def any_due(self) -> bool:
        return self.unsubmitted_answers is not None or self.unapproved_answers is not None


@dataclass
class Dashboard:
    cycle: Cycle
    phase_label: str
    steps: list[PhaseStep]
    indicator_count: int
    municipality_count: int
    total: Progress
    assessors: list[PersonProgress]
    reviewers: list[ReviewerLoad]
    waiting_for_review: int
    overdue: Overdue
    publications: list[Publication]
    unsubmitted_due: bool
    unapproved_due: bool


def _person_label(name: str | None, email: str | None) -> str:
    if not email:
        return _("nobody assigned")
    return f"{name} ({email})" if name else email


def cycle_dashboard(cycle: Cycle) -> Dashboard:
    """The state of a whole cycle in nine aggregate queries, however many municipalities."""
    indicator_count = Indicator.objects.filter(methodology_id=cycle.methodology_id).count()
    municipality_count = Assignment.objects.filter(cycle=cycle).count()
    answers = Answer.objects.filter(cycle=cycle)
    counting = {
        "answered": Count("pk", filter=Q(level__isnull=False)),
        "submitted": Count("pk", filter=Q(state=AnswerState.SUBMITTED)),
        "returned": Count("pk", filter=Q(state=AnswerState.RETURNED)),
        "approved": Count("pk", filter=Q(state=AnswerState.APPROVED)),
    }
    total = Progress(possible=indicator_count * municipality_count, **answers.aggregate(**counting))

    # Per assessor: the answers of the municipalities assigned to them in this cycle.
    assessor_key = "municipality__ranking_assignments__assessor"
    by_assessor = {
        row[assessor_key]: row
        for row in answers.filter(municipality__ranking_assignments__cycle=cycle)
        .order_by()
        .values(assessor_key)
        .annotate(**counting)
    }
    assessors = []
    for row in (
        Assignment.objects.filter(cycle=cycle)
        .order_by()
        .values("assessor", "assessor__display_name", "assessor__email")
        .annotate(municipalities=Count("pk"))
        .order_by(F("assessor__display_name").asc(nulls_last=True), "assessor__email")
    ):
        counts = by_assessor.get(row["assessor"], {})
        assessors.append(
            PersonProgress(
                person=_person_label(row["assessor__display_name"], row["assessor__email"]),
                municipalities=row["municipalities"],
                possible=row["municipalities"] * indicator_count,
                **{key: counts.get(key, 0) for key in counting},
            )
        )

    reviewer_key = "municipality__ranking_assignments__reviewer"
    reviewers = [
        ReviewerLoad(
            person=_person_label(
                row[f"{reviewer_key}__display_name"], row[f"{reviewer_key}__email"]
            ),
            waiting=row["waiting"],
        )
        for row in answers.filter(
            municipality__ranking_assignments__cycle=cycle, state=AnswerState.SUBMITTED
        )
        .order_by()
        .values(reviewer_key, f"{reviewer_key}__display_name", f"{reviewer_key}__email")
        .annotate(waiting=Count("pk"))
        .order_by("-waiting", f"{reviewer_key}__email")
    ]

    unsubmitted_due = phase_reached(cycle, Phase.REVIEW)
    unapproved_due = phase_reached(cycle, Phase.CITY_REPLY)
    overdue = Overdue()
    if unsubmitted_due:
        done = Q(state__in=[AnswerState.SUBMITTED, AnswerState.APPROVED])
        complete = _complete_municipalities(answers.filter(done), indicator_count)
        overdue.unsubmitted_municipalities = municipality_count - complete
        overdue.unsubmitted_answers = total.possible - total.submitted - total.approved
    if unapproved_due:
        complete = _complete_municipalities(
            answers.filter(state=AnswerState.APPROVED), indicator_count
        )
        overdue.unapproved_municipalities = municipality_count - complete
        overdue.unapproved_answers = total.possible - total.approved

    return Dashboard(
        cycle=cycle,
        phase_label=cycle.phase().label,
        steps=phase_steps(cycle),
        indicator_count=indicator_count,
        municipality_count=municipality_count,
        total=total,
        assessors=assessors,
        reviewers=reviewers,
        waiting_for_review=total.submitted,
        overdue=overdue,
        publications=publications(cycle),
        unsubmitted_due=unsubmitted_due,
        unapproved_due=unapproved_due,
    )


def _complete_municipalities(answers: QuerySet[Answer], indicator_count: int) -> int:
    """How many municipalities have `indicator_count` of these answers: one query."""
    return (
        answers.order_by()
        .values("municipality")
        .annotate(count=Count("pk"))
        .filter(count__gte=indicator_count)
        .count()
    )


def cycle_regions(cycle: Cycle) -> QuerySet[Region]:
    return (
        Region.objects.filter(municipalities__ranking_cycles=cycle)
        .select_related("country")
        .distinct()
        .order_by("country__code", "name", "pk")
    )


def dashboard_municipalities(
    cycle: Cycle, *, region: Region | None = None, overdue_only: bool = False
) -> QuerySet[Assignment]:
    """The cycle's assignments with their progress, for one page of the dashboard."""
    assignments = with_progress(
        Assignment.objects.filter(cycle=cycle).select_related(
            "cycle", "municipality__region", "assessor", "reviewer"
        )
    )
    if region is not None:
        assignments = assignments.filter(municipality__region=region)
    if overdue_only:
        if phase_reached(cycle, Phase.CITY_REPLY):
            assignments = assignments.filter(approved__lt=F("indicator_count"))
        elif phase_reached(cycle, Phase.REVIEW):
            assignments = assignments.filter(submitted__lt=F("indicator_count") - F("approved"))
        else:
            assignments = assignments.none()
    return assignments.order_by("municipality__name", "municipality_id")


def overdue_in_row(cycle: Cycle, assignment: Assignment) -> dict[str, int]:
    """What is late for one municipality in the cycle's phase (its counts are annotated)."""
    late: dict[str, int] = {}
    if phase_reached(cycle, Phase.REVIEW):
        unsubmitted = assignment.indicator_count - assignment.submitted - assignment.approved
        if unsubmitted > 0:
            late["unsubmitted"] = unsubmitted
    if phase_reached(cycle, Phase.CITY_REPLY):
        unapproved = assignment.indicator_count - assignment.approved
        if unapproved > 0:
            late["unapproved"] = unapproved
    return late


# Assignment and cycle forms ---------------------------------------------------------------------


def assessors() -> QuerySet[User]:
    """People who may assess: holders of the assessor role."""
    return (
        User.objects.filter(memberships__role=Role.ASSESSOR, is_active=True, deleted_at=None)
        .distinct()
        .order_by("display_name", "email")
    )


def reviewers() -> QuerySet[User]:
    """People who may review: reviewers and coordinators."""
    return (
        User.objects.filter(
            memberships__role__in=[Role.REVIEWER, Role.COORDINATOR],
            is_active=True,
            deleted_at=None,
        )
        .distinct()
        .order_by("display_name", "email")
    )


def cycle_assignments(cycle: Cycle, region: Region | None = None) -> QuerySet[Assignment]:
    assignments = Assignment.objects.filter(cycle=cycle).select_related(
        "municipality__region", "assessor", "reviewer"
    )
    if region is not None:
        assignments = assignments.filter(municipality__region=region)
    return assignments.order_by("municipality__name", "municipality_id")


def methodologies_for_cycles() -> QuerySet[Methodology]:
    """Every methodology a cycle may open on: frozen ones, and drafts (opening freezes them)."""
    return Methodology.objects.order_by("-edition", "-version", "name", "pk")


def regions_with_municipalities() -> QuerySet[Region]:
    return (
        Region.objects.filter(Exists(Municipality.objects.filter(region=OuterRef("pk"))))
        .select_related("country")
        .order_by("country__code", "name", "pk")
    )


def municipalities_to_choose(region: Region | None, chosen: list[int]) -> list[Municipality]:
    """The municipalities of a region, and those chosen already elsewhere, for checkboxes."""
    condition = Q(pk__in=chosen)
    if region is not None:
        condition |= Q(region=region)
    if not chosen and region is None:
        return []
    return list(
        Municipality.objects.filter(condition).select_related("region").order_by("name", "pk")
    )


# Corrections after publication ------------------------------------------------------------------


def answer_for_correction(
    cycle: Cycle, municipality: Municipality, indicator: Indicator
) -> Answer | None:
    return (
        Answer.objects.select_related("level", "indicator__scale", "cycle", "municipality")
        .filter(cycle=cycle, municipality=municipality, indicator=indicator)
        .first()
    )


def publications(cycle: Cycle) -> list[Publication]:
    """Every version of the cycle's results, newest first: one query."""
    return list(
        Publication.objects.filter(cycle=cycle).select_related("published_by").order_by("-version")
    )


def region_in(regions: QuerySet[Region], pk: object) -> Region | None:
    if not str(pk or "").isdigit():
        return None
    return regions.filter(pk=int(str(pk))).first()


def is_published(cycle: Cycle) -> bool:
    return Publication.objects.filter(cycle=cycle).exists()
