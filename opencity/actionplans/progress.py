"""How far a commitment has come: pure arithmetic, no ORM (selectors feed it plain values).

- A milestone is 100 % when complete; otherwise it counts with the latest percentage reported
  for it in a progress update, or 0 % when none was reported.
- A commitment with milestones: the mean of its milestones' progress, weighted by their weights.
  Without milestones: the latest percentage reported for the commitment itself; with nothing
  reported, its progress is unknown (None), which is not the same as 0 %.
- A commitment with children (sub-commitments) shows its children's progress: their plain mean,
  leaving unknown ones out.
- A plan's completion is the plain mean of its top-level commitments, leaving unknown ones out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class MilestoneInput:
    weight: Decimal
    complete: bool
    reported: Decimal | None = None  # the latest percentage reported for the milestone


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def milestone_progress(milestone: MilestoneInput) -> Decimal:
    if milestone.complete:
        return HUNDRED
    if milestone.reported is None:
        return Decimal(0)
    return min(max(milestone.reported, Decimal(0)), HUNDRED)


def commitment_progress(
    milestones: Sequence[MilestoneInput], reported: Decimal | None = None
) -> Decimal | None:
    """Progress of a commitment from its milestones, or from what was reported for it."""
    total_weight = sum((m.weight for m in milestones if m.weight > 0), Decimal(0))
    if total_weight > 0:
        earned = sum(
            (m.weight * milestone_progress(m) for m in milestones if m.weight > 0), Decimal(0)
        )
        return _round(earned / total_weight)
    if reported is None:
        return None
    return _round(min(max(reported, Decimal(0)), HUNDRED))


def mean_progress(values: Iterable[Decimal | None]) -> Decimal | None:
    """Plain mean of the known values; None when none is known."""
    known = [value for value in values if value is not None]
    if not known:
        return None
    return _round(sum(known, Decimal(0)) / len(known))


def with_children(
    own: Mapping[int, Decimal | None], parents: Mapping[int, int | None]
) -> dict[int, Decimal | None]:
    """Progress of every commitment, where a commitment with children shows theirs.

    `own` maps a commitment's id to its own progress, `parents` maps it to its parent's id (or
    None). Nesting of any depth is followed; a parent outside `own` is ignored."""
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        if parent is not None and parent in own and child in own:
            children.setdefault(parent, []).append(child)
    result: dict[int, Decimal | None] = {}

    def resolve(commitment: int, seen: frozenset[int]) -> Decimal | None:
        if commitment in result:
            return result[commitment]
        kids = [kid for kid in children.get(commitment, ()) if kid not in seen]
        if kids:
            value = mean_progress(resolve(kid, seen | {kid}) for kid in kids)
        else:
            value = own[commitment]
        result[commitment] = value
        return value

    for commitment in own:
        resolve(commitment, frozenset({commitment}))
    return result


def plan_completion(
    progress: Mapping[int, Decimal | None], parents: Mapping[int, int | None]
) -> Decimal | None:
    """A plan's completion: the mean of its top-level commitments' progress."""
    top = [
        value
        for commitment, value in progress.items()
        if parents.get(commitment) is None or parents.get(commitment) not in progress
    ]
    return mean_progress(top)
