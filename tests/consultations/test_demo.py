"""`opencity demo` loads two consultations by demo city halls: one open for two more weeks, in
Romanian, with most comments answered and reports waiting for the moderators; one in Ukrainian
with every proposal answered, its final text and its published report; both with replies,
supports and a hidden comment in the moderation log. A second run changes nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from opencity.accounts.models import OrganisationKind
from opencity.consultations.demo import CONSULTATIONS
from opencity.consultations.models import (
    AbuseReport,
    Comment,
    Consultation,
    ModerationLogEntry,
    Report,
    Response,
    Support,
)
from opencity.consultations.phases import Phase

pytestmark = pytest.mark.django_db(transaction=False)


def _counts() -> dict[str, int]:
    return {
        "consultations": Consultation.all_objects.count(),
        "comments": Comment.objects.count(),
        "supports": Support.objects.count(),
        "responses": Response.objects.count(),
        "reports": Report.objects.count(),
        "abuse_reports": AbuseReport.objects.count(),
        "log": ModerationLogEntry.objects.count(),
    }


def test_demo_loads_an_open_and_a_reported_consultation_and_a_second_run_changes_nothing(
    settings, tmp_path, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=io.StringIO())
    slugs = [item.slug for item in CONSULTATIONS]
    found = {c.slug: c for c in Consultation.public.filter(slug__in=slugs)}
    assert set(found) == set(slugs)
    budget, spaces = (found[slug] for slug in slugs)
    assert budget.phase() is Phase.OPEN and budget.language == "ro"
    assert (
        datetime.timedelta(days=13)
        < budget.closes_at - timezone.now()
        <= datetime.timedelta(days=14)
    )
    assert spaces.phase() is Phase.REPORTED and spaces.language == "uk"
    for consultation in (budget, spaces):
        assert consultation.organiser.kind == OrganisationKind.CITY_HALL
        assert consultation.title_en and consultation.title_uk
        assert consultation.title_ro and consultation.title_bg
        assert consultation.summary_en and consultation.summary_bg
        assert 3 <= consultation.sections.count() <= 5
        assert 15 <= consultation.paragraphs.count() <= 30
        comments = Comment.objects.filter(consultation=consultation)
        assert comments.count() >= 20
        assert comments.filter(parent__isnull=False).exists()
        assert comments.filter(hidden_at__isnull=False).count() == 1
        assert ModerationLogEntry.objects.filter(comment__consultation=consultation).exists()
        assert Support.objects.filter(comment__consultation=consultation).count() > 50
        # Support counts agree with the supports.
        for comment in comments:
            assert comment.support_count == comment.supports.count()
    proposals = Comment.objects.visible().filter(parent__isnull=True)
    open_proposals = proposals.filter(consultation=budget)
    answered = open_proposals.filter(response__isnull=False).count()
    assert answered > open_proposals.count() / 2 and answered < open_proposals.count()
    assert not proposals.filter(consultation=spaces, response__isnull=True).exists()
    assert AbuseReport.objects.filter(
        comment__consultation=budget, resolved_at__isnull=True
    ).exists()
    report = spaces.reports.get()
    assert report.snapshot["counts"]["changed"] >= 4
    assert report.snapshot["counts"]["removed"] == 1
    assert report.snapshot["counts"]["unanswered"] == 0

    before = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--skip-registers", stdout=io.StringIO())
    assert _counts() == before
