"""Reads for the city's right of reply: who may see a city's draft results, the draft itself
(scored with the pure scoring module), and the replies waiting for a decision.

Each read makes a fixed number of queries, however many indicators, answers or replies there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from opencity.accounts.models import Membership, OrganisationKind, Role, User
from opencity.accounts.rules import has_any_role
from opencity.places.models import Municipality
from opencity.rankings import publishing, scoring
from opencity.rankings.models import (
    Answer,
    Area,
    Assignment,
    CategoryThreshold,
    Cycle,
    Dispute,
    DisputeState,
    Indicator,
    Publication,
    ScaleLevel,
)
from opencity.rankings.phases import Phase

# Officials see their city's draft once the coalition has reviewed it: from the city reply phase
# on, never while assessors and reviewers are still at work on it.
VISIBLE_TO_OFFICIALS = frozenset({Phase.CITY_REPLY, Phase.PUBLICATION})


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def official_municipality_ids(user: User) -> set[int]:
    """The municipalities whose city hall counts `user` among its officials (one query)."""
    if not _active(user):
        return set()
    return set(
        Membership.objects.filter(
            user=user,
            role=Role.OFFICIAL,
            organisation__kind=OrganisationKind.CITY_HALL,
            organisation__municipality__isnull=False,
        ).values_list("organisation__municipality_id", flat=True)
    )


def sees_every_reply(user: User) -> bool:
    """Coordinators and administrators decide on any city's reply; reviewers only on the cities
    they review."""
    if not _active(user):
        return False
    return bool(user.is_superuser) or has_any_role(Role.COORDINATOR)(user)


# --- The official's overview ------------------------------------------------------------------


@dataclass(frozen=True)
class ReplyCycle:
    """A cycle in which the official's city takes part, from the reply phase on."""

    cycle: Cycle
    municipality: Municipality
    phase: Phase
    waiting: int  # the city's replies waiting for a decision
    decided: int


@dataclass(frozen=True)
class ReplyOverview:
    is_official: bool
    cycles: list[ReplyCycle]
    may_resolve: bool
    disputes_waiting: int  # replies the person may decide on, when `may_resolve`


def _dispute_count(**state: object) -> Coalesce:
    """The number of a city's replies in a cycle, for a row of the cycle-municipality table."""
    rows = (
        Dispute.objects.filter(
            answer__cycle=OuterRef("cycle_id"),
            answer__municipality=OuterRef("municipality_id"),
        )
        .filter(**state)
        .order_by()
        .values("answer__cycle")
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def reply_overview(user: User) -> ReplyOverview:
    """What `user` finds under "Right of reply": their city's cycles from the reply phase on, and
    for reviewers and coordinators the number of replies waiting for them."""
    municipality_ids = official_municipality_ids(user)
    cycles: list[ReplyCycle] = []
    if municipality_ids:
        through = Cycle.municipalities.through
        # `reply_start` on or before today is where phases.phase_on puts the city reply phase
        # and every later one; filtering here keeps the list to one query.
        rows = (
            through.objects.filter(
                municipality_id__in=municipality_ids,
                cycle__reply_start__lte=timezone.localdate(),
            )
            .select_related("cycle__methodology", "municipality")
            .annotate(
                waiting=_dispute_count(state=DisputeState.OPEN),
                decided=_dispute_count(state__in=[DisputeState.ACCEPTED, DisputeState.REJECTED]),
            )
            .order_by("-cycle__year", "cycle__name", "municipality__name", "pk")
        )
        cycles = [
            ReplyCycle(
                cycle=row.cycle,
                municipality=row.municipality,
                phase=row.cycle.phase(),
                waiting=row.waiting,
                decided=row.decided,
            )
            for row in rows
        ]
    may_resolve = user.has_perm("rankings.resolve_dispute")
    waiting = (
        disputes_for_resolver(user).filter(state=DisputeState.OPEN).count() if may_resolve else 0
    )
    return ReplyOverview(
        is_official=bool(municipality_ids),
        cycles=cycles,
        may_resolve=may_resolve,
        disputes_waiting=waiting,
    )


# --- Whose drafts a person may see ------------------------------------------------------------


def cycle_for_reply(pk: int) -> Cycle | None:
    return Cycle.objects.select_related("methodology").filter(pk=pk).first()


def municipalities_visible_to(user: User, cycle: Cycle) -> QuerySet[Municipality]:
    """The municipalities of `cycle` whose draft results `user` may see: all of them for
    coordinators and administrators, the ones they review for reviewers, their own city for
    officials from the reply phase on."""
    municipalities = cycle.municipalities.order_by("name", "pk")
    if sees_every_reply(user):
        return municipalities
    if not _active(user):
        return municipalities.none()
    reviewed = Assignment.objects.filter(cycle=cycle, reviewer=user).values("municipality_id")
    visible = Exists(reviewed.filter(municipality_id=OuterRef("pk")))
    if cycle.phase() in VISIBLE_TO_OFFICIALS:
        own_city = Membership.objects.filter(
            user=user,
            role=Role.OFFICIAL,
            organisation__kind=OrganisationKind.CITY_HALL,
            organisation__municipality=OuterRef("pk"),
        )
        visible = visible | Exists(own_city)
    return municipalities.filter(visible)


def _is_official_of(user: User, municipality_id: int) -> bool:
    return municipality_id in official_municipality_ids(user)


def _may_see_draft(
    user: User, cycle: Cycle, municipality_id: int, assignment: Assignment | None
) -> tuple[bool, bool]:
    """(may see the draft, is an official of the city)."""
    if not _active(user):
        return False, False
    if _is_official_of(user, municipality_id):
        return cycle.phase() in VISIBLE_TO_OFFICIALS, True
    if assignment is not None and assignment.reviewer_id == user.pk:
        return True, False
    return sees_every_reply(user), False


# --- The draft results of one city ------------------------------------------------------------


@dataclass(frozen=True)
class DraftIndicator:
    indicator: Indicator
    answer: Answer | None
    level: ScaleLevel | None
    score: scoring.IndicatorScore
    open_dispute: Dispute | None
    may_dispute: bool


@dataclass(frozen=True)
class DraftArea:
    area: Area
    score: Decimal | None  # out of 100, rounded as a publication would round it
    earned: Decimal | None
    possible: Decimal | None
    indicators: list[DraftIndicator]


@dataclass(frozen=True)
class CityDraft:
    cycle: Cycle
    municipality: Municipality
    phase: Phase
    viewer_is_official: bool
    may_reply: bool  # the person may send replies now
    published: bool
    total: Decimal | None
    earned: Decimal
    possible: Decimal
    category: CategoryThreshold | None
    disqualification_reason: str
    areas: list[DraftArea]
    disputes: list[Dispute]


def city_draft(user: User, cycle_pk: int, municipality_pk: int) -> CityDraft | None:
    """The draft results of one city in one cycle, or None when `user` may not see them.

    The total and the area scores come from `scoring.score_municipality` on this city's answers
    as they are now (a reply accepted by a reviewer shows at once), with the methodology compiled
    by `publishing.scoring_input`: the same arithmetic a publication will use.
    """
    cycle = cycle_for_reply(cycle_pk)
    if cycle is None:
        return None
    municipality = cycle.municipalities.filter(pk=municipality_pk).first()
    if municipality is None:
        return None
    assignment = Assignment.objects.filter(cycle=cycle, municipality=municipality).first()
    visible, is_official = _may_see_draft(user, cycle, municipality.pk, assignment)
    if not visible:
        return None

    data = publishing.scoring_input(cycle.methodology)
    answers = {
        answer.indicator_id: answer
        for answer in Answer.objects.filter(cycle=cycle, municipality=municipality).select_related(
            "level"
        )
    }
    disputes = list(
        Dispute.objects.filter(answer__cycle=cycle, answer__municipality=municipality)
        .select_related("answer__indicator", "proposed_level", "level_before", "organisation")
        .order_by("created_at", "pk")
    )
    open_disputes = {
        dispute.answer_id: dispute for dispute in disputes if dispute.state == DisputeState.OPEN
    }
    published = cycle.publications.exists()
    may_reply = is_official and cycle.allows("reply") and not published

    given: dict[str, str | None] = {}
    rows_by_area: dict[int, list[DraftIndicator]] = {area.pk: [] for area in data.areas}
    for indicator, compiled in zip(data.ordered, data.indicators, strict=True):
        answer = answers.get(indicator.pk)
        level = answer.level if answer else None
        code = level.code if level else None
        if code is not None:
            given[indicator.code] = code
        open_dispute = open_disputes.get(answer.pk) if answer else None
        rows_by_area[indicator.area_id].append(
            DraftIndicator(
                indicator=indicator,
                answer=answer,
                level=level,
                score=scoring.score_indicator(compiled, code),
                open_dispute=open_dispute,
                may_dispute=may_reply and answer is not None and open_dispute is None,
            )
        )
    # Area weights only matter when totals are weighted by area, and the scoring module refuses
    # a weight for an area without indicators; pass those of areas that have some.
    used_areas = {compiled.area for compiled in data.indicators}
    result = scoring.score_municipality(
        str(municipality.pk),
        data.indicators,
        given,
        mode=scoring.TotalMode.INDICATOR,
        area_weights={
            code: weight for code, weight in data.area_weights.items() if code in used_areas
        },
    )
    area_results = {area.area: area for area in result.areas}
    areas = []
    for area in data.areas:
        subtotal = area_results.get(area.code)
        areas.append(
            DraftArea(
                area=area,
                score=subtotal.published_score if subtotal else None,
                earned=subtotal.published_earned if subtotal else None,
                possible=subtotal.published_possible if subtotal else None,
                indicators=rows_by_area[area.pk],
            )
        )
    category_code = scoring.categorise(result.published_total, data.thresholds)
    category = (
        CategoryThreshold.objects.filter(methodology=cycle.methodology, code=category_code).first()
        if category_code
        else None
    )
    return CityDraft(
        cycle=cycle,
        municipality=municipality,
        phase=cycle.phase(),
        viewer_is_official=is_official,
        may_reply=may_reply,
        published=published,
        total=result.published_total,
        earned=scoring.round_half_up(result.earned, scoring.POINTS_PLACES),
        possible=scoring.round_half_up(result.possible, scoring.POINTS_PLACES),
        category=category,
        disqualification_reason=assignment.disqualification_reason if assignment else "",
        areas=areas,
        disputes=disputes,
    )


# --- Disputing one answer ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReplyTarget:
    answer: Answer
    levels: list[ScaleLevel]
    open_dispute: bool


def answer_for_reply(user: User, cycle_pk: int, answer_pk: int) -> ReplyTarget | None:
    """An answer of `user`'s own city, from the reply phase on, with its scale's levels; None
    for anyone else's city."""
    answer = (
        Answer.objects.select_related("cycle__methodology", "municipality", "indicator", "level")
        .filter(pk=answer_pk, cycle_id=cycle_pk)
        .first()
    )
    if answer is None or not _is_official_of(user, answer.municipality_id):
        return None
    if answer.cycle.phase() not in VISIBLE_TO_OFFICIALS:
        return None
    levels = list(
        ScaleLevel.objects.filter(scale_id=answer.indicator.scale_id).order_by("order", "code")
    )
    waiting = Dispute.objects.filter(answer=answer, state=DisputeState.OPEN).exists()
    return ReplyTarget(answer=answer, levels=levels, open_dispute=waiting)


# --- Deciding on replies ----------------------------------------------------------------------


def _assignment_of_answer() -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        cycle=OuterRef("answer__cycle"), municipality=OuterRef("answer__municipality")
    )


def disputes_for_resolver(user: User, every: bool | None = None) -> QuerySet[Dispute]:
    """Replies `user` decides on: every one for coordinators and administrators, those of the
    municipalities they review for reviewers. Callers check `rankings.resolve_dispute` first;
    `every` is `sees_every_reply(user)` when the caller knows it already."""
    disputes = Dispute.objects.select_related(
        "answer__cycle",
        "answer__municipality",
        "answer__indicator",
        "answer__level",
        "proposed_level",
        "level_before",
        "organisation",
    ).annotate(
        assessor_pk=Subquery(_assignment_of_answer().values("assessor")[:1]),
        cycle_published=Exists(Publication.objects.filter(cycle=OuterRef("answer__cycle"))),
    )
    if not (sees_every_reply(user) if every is None else every):
        disputes = disputes.filter(Exists(_assignment_of_answer().filter(reviewer=user.pk)))
    return disputes


def dispute_queue(user: User) -> tuple[QuerySet[Dispute], QuerySet[Dispute]]:
    """The replies waiting for `user`, oldest first (the city has waited longest for those),
    and the ones decided, latest first."""
    disputes = disputes_for_resolver(user, every=sees_every_reply(user))
    waiting = disputes.filter(state=DisputeState.OPEN).order_by("created_at", "pk")
    decided = disputes.exclude(state=DisputeState.OPEN).order_by("-resolved_at", "-pk")
    return waiting, decided


def dispute_for_resolver(user: User, pk: int) -> Dispute | None:
    return disputes_for_resolver(user).filter(pk=pk).first()


# Why a person is not offered the decision on a reply (the services refuse these anyway).
BLOCK_DECIDED = "decided"
BLOCK_PUBLISHED = "published"
BLOCK_PHASE = "phase"
BLOCK_OWN_SCORING = "own_scoring"


@dataclass(frozen=True)
class DisputeRow:
    dispute: Dispute
    block: str | None  # None: the person may accept or reject it

    @property
    def may_decide(self) -> bool:
        return self.block is None


def decision_block(user: User, dispute: Dispute) -> str | None:
    """Why `user` may not decide on `dispute` now, or None. `dispute` comes from
    `disputes_for_resolver`, which annotates who scored the answer and whether it is published."""
    if dispute.state != DisputeState.OPEN:
        return BLOCK_DECIDED
    if dispute.cycle_published:  # type: ignore[attr-defined]
        return BLOCK_PUBLISHED
    if not dispute.answer.cycle.allows("resolve_reply"):
        return BLOCK_PHASE
    scorers = {dispute.assessor_pk, dispute.answer.updated_by_id}  # type: ignore[attr-defined]
    if user.pk in scorers and not user.is_superuser:
        return BLOCK_OWN_SCORING
    return None


def dispute_rows(user: User, disputes: list[Dispute]) -> list[DisputeRow]:
    return [
        DisputeRow(dispute=dispute, block=decision_block(user, dispute)) for dispute in disputes
    ]


# --- The evidence file of a reply -------------------------------------------------------------


def dispute_with_file(user: User, pk: int) -> Dispute | None:
    """A reply whose uploaded file `user` may read: the city's own officials (from the reply
    phase on), whoever decides on it, and anyone once the cycle is published, as the reply
    itself is then public."""
    dispute = (
        Dispute.objects.select_related("answer__cycle")
        .annotate(
            cycle_published=Exists(Publication.objects.filter(cycle=OuterRef("answer__cycle")))
        )
        .filter(pk=pk)
        .exclude(evidence_file="")
        .first()
    )
    if dispute is None:
        return None
    if dispute.cycle_published:  # type: ignore[attr-defined]
        return dispute
    if _is_official_of(user, dispute.answer.municipality_id):
        return dispute if dispute.answer.cycle.phase() in VISIBLE_TO_OFFICIALS else None
    if user.has_perm("rankings.resolve_dispute") and dispute_for_resolver(user, pk) is not None:
        return dispute
    return None
