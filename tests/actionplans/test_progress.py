from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from opencity.actionplans.progress import (
    MilestoneInput,
    commitment_progress,
    mean_progress,
    plan_completion,
    with_children,
)


def test_complete_milestones_count_fully_and_others_with_what_was_reported():
    milestones = [
        MilestoneInput(weight=Decimal(2), complete=True),
        MilestoneInput(weight=Decimal(1), complete=False, reported=Decimal(40)),
        MilestoneInput(weight=Decimal(1), complete=False),
    ]
    # (2 × 100 + 1 × 40 + 1 × 0) / 4
    assert commitment_progress(milestones) == Decimal("60.00")


def test_without_milestones_the_latest_report_counts_and_nothing_reported_is_unknown():
    assert commitment_progress([], Decimal("33.333")) == Decimal("33.33")
    assert commitment_progress([]) is None


def test_a_parent_shows_its_childrens_progress_and_unknown_children_are_left_out():
    own = {1: Decimal(10), 2: Decimal(50), 3: None, 4: Decimal(100), 5: Decimal(0)}
    parents = {1: None, 2: 1, 3: 1, 4: 1, 5: None}
    result = with_children(own, parents)
    assert result[1] == Decimal("75.00")
    assert result[5] == Decimal(0)
    assert plan_completion(result, parents) == Decimal("37.50")


def test_nesting_of_any_depth_is_followed():
    own = {1: None, 2: None, 3: Decimal(80)}
    assert with_children(own, {1: None, 2: 1, 3: 2})[1] == Decimal("80.00")


def test_mean_of_nothing_known_is_unknown():
    assert mean_progress([None, None]) is None


weights = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2)
percent = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2)
milestone = st.builds(
    MilestoneInput, weight=weights, complete=st.booleans(), reported=st.none() | percent
)


@given(st.lists(milestone, min_size=1, max_size=12))
def test_progress_stays_between_0_and_100(milestones):
    assert Decimal(0) <= commitment_progress(milestones) <= Decimal(100)


@given(st.lists(milestone, min_size=1, max_size=12), st.integers(min_value=0))
def test_completing_a_milestone_never_lowers_progress(milestones, index):
    index %= len(milestones)
    before = commitment_progress(milestones)
    raised = list(milestones)
    raised[index] = MilestoneInput(weight=milestones[index].weight, complete=True)
    assert commitment_progress(raised) >= before


@given(st.lists(milestone, min_size=1, max_size=12), st.randoms())
def test_order_of_milestones_does_not_matter(milestones, random):
    shuffled = list(milestones)
    random.shuffle(shuffled)
    assert commitment_progress(shuffled) == commitment_progress(milestones)
