"""`opencity demo` fills every module with believable data, and a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from opencity.rankings.models import (
    Answer,
    AnswerState,
    Cycle,
    Dispute,
    EvidenceArchive,
    Methodology,
    Publication,
)
from opencity.rankings.phases import Phase

pytestmark = pytest.mark.django_db(transaction=False)


def test_demo_loads_rankings_with_history_replies_and_a_cycle_being_assessed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "official@example.org" in out.getvalue()

    methodology = Methodology.objects.get(name_en="Transparent Cities", edition=2020)
    assert methodology.areas.count() == 14 and methodology.indicators.count() == 86
    cycles = list(Cycle.objects.order_by("year"))
    assert len(cycles) == 3
    last_year, this_year = cycles[1], cycles[2]
    assert [c.phase() for c in cycles] == [Phase.PUBLICATION, Phase.PUBLICATION, Phase.ASSESSMENT]
    assert this_year.methodology.predecessor == methodology
    # Last year: published, then corrected with a reason that the changelog explains.
    versions = list(last_year.publications.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].reason and versions[1].changelog
    results = list(versions[1].results.all())
    assert len(results) == 50
    assert sum(r.rank is None for r in results) == 1  # one disqualified city, with its reason
    assert all(r.disqualification_reason for r in results if r.rank is None)
    totals = {r.total for r in results}
    assert len(totals) > 30  # believable spread, not one score for everyone
    assert Dispute.objects.filter(answer__cycle=last_year).exclude(state="open").count() >= 3
    assert EvidenceArchive.objects.filter(answer__cycle=last_year, status="archived").exists()
    # This year: partly answered, some submitted, approved and returned.
    states = set(Answer.objects.filter(cycle=this_year).values_list("state", flat=True))
    assert {AnswerState.IN_PROGRESS, AnswerState.SUBMITTED, AnswerState.RETURNED} <= states
    assert not this_year.publications.exists()

    counts = (Answer.objects.count(), Publication.objects.count(), Dispute.objects.count())
    call_command("demo", "--skip-registers", stdout=io.StringIO())
    assert (Answer.objects.count(), Publication.objects.count(), Dispute.objects.count()) == counts
