"""Followers of a commitment get an e-mail when progress is reported and when a milestone becomes
overdue (once), and can stop following from the e-mail without logging in."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from opencity.accounts import services as account_services
from opencity.accounts.services import user_personal_data
from opencity.actionplans import notifications, services
from opencity.actionplans.models import Assessment, Follow, Milestone, ProgressUpdate
from opencity.actionplans.scales import MilestoneStatus, PlanStatus
from opencity.actionplans.tasks import notify_overdue as notify_overdue_task
from tests.actionplans.factories import (
    ActionPlanFactory,
    AssessmentFactory,
    CommitmentFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def official(make_person):
    return make_person("city_official")


@pytest.fixture
def followers(make_person, commitment):
    people = [make_person("citizen"), make_person("citizen")]
    for person in people:
        services.commitment_follow(actor=person, commitment=commitment)
    return people


def report(official, commitment, capture, **fields):  # type: ignore[no-untyped-def]
    """Report progress as the work pages do, and run what waits for the commit."""
    with capture(execute=True):
        return services.progress_report(
            actor=official,
            commitment=commitment,
            reported_on=fields.pop("reported_on", TODAY),
            title=fields.pop("title", "Budget published as open data"),
            **fields,
        )


def unfollow_link(message: mail.EmailMessage) -> str:
    found = re.search(r"http://localhost:8000(/en/action-plans/unfollow/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


# --- Progress reported --------------------------------------------------------------------------


def test_followers_get_an_e_mail_when_progress_is_reported_but_not_its_author(
    official, commitment, followers, django_capture_on_commit_callbacks
):
    services.commitment_follow(actor=official, commitment=commitment)
    report(
        official,
        commitment,
        django_capture_on_commit_callbacks,
        text="The 2025 budget is online.",
        links=["https://example.org/budget"],
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        person.email for person in followers
    )
    message = mail.outbox[0]
    assert message.subject == "Progress on ABI0001: Budget published as open data"
    assert "Alba Iulia City Hall reported progress on" in message.body
    assert "The 2025 budget is online." in message.body
    assert "1 piece of evidence is attached" in message.body
    assert "http://localhost:8000/en/action-plans/commitments/ABI0001/" in message.body
    assert "/en/action-plans/unfollow/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://localhost:8000/en/action-plans/"
    )
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "Budget published as open data" in html
    assert 'href="http://localhost:8000/en/action-plans/unfollow/' in html
    # Each follower's link is their own.
    assert unfollow_link(mail.outbox[0]) != unfollow_link(mail.outbox[1])


def test_the_e_mail_escapes_what_was_typed_and_uses_the_sites_address(
    official, commitment, followers, settings, django_capture_on_commit_callbacks
):
    settings.OPENCITY_SITE_URL = "https://opencity.example.org/"
    report(official, commitment, django_capture_on_commit_callbacks, title="<b>Bold</b> claim")
    html = mail.outbox[0].alternatives[0][0]
    assert "<b>Bold</b>" not in html and "&lt;b&gt;Bold&lt;/b&gt;" in html
    assert "<b>Bold</b> claim" in mail.outbox[0].subject  # plain text stays as typed
    assert "https://opencity.example.org/en/action-plans/commitments/ABI0001/" in html


def test_the_e_mail_is_in_english_whatever_the_reporters_language(
    official, commitment, followers, django_capture_on_commit_callbacks
):
    commitment.title_uk = "Відкритий бюджет"
    commitment.save()
    with translation.override("uk"):
        report(official, commitment, django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert "/en/action-plans/commitments/ABI0001/" in body
    assert commitment.title_en in body and "Відкритий бюджет" not in body


def test_a_refused_report_sends_nothing(official, commitment, followers):
    with pytest.raises(ValidationError):
        services.progress_report(
            actor=official,
            commitment=commitment,
            reported_on=TODAY + datetime.timedelta(days=1),
            title="From the future",
        )
    assert mail.outbox == []


def test_progress_on_a_plan_in_preparation_tells_nobody(
    official, member, make_person, django_capture_on_commit_callbacks
):
    draft = ActionPlanFactory(member=member, number=5, status=PlanStatus.DRAFT)
    hidden = CommitmentFactory(plan=draft, number="1", identifier="ABI0501")
    Follow.objects.create(user=make_person("citizen"), commitment=hidden)
    report(official, hidden, django_capture_on_commit_callbacks)
    assert ProgressUpdate.objects.filter(commitment=hidden).exists()
    assert mail.outbox == []


# --- Milestones overdue -------------------------------------------------------------------------


def test_the_overdue_task_tells_each_follower_once_and_never_again(commitment, followers):
    late = MilestoneFactory(
        commitment=commitment,
        number=1,
        end_date=YESTERDAY,
        status=MilestoneStatus.IN_PROGRESS,
        deliverable_en="Procurement portal online",
    )
    MilestoneFactory(commitment=commitment, number=2, end_date=YESTERDAY, status="complete")
    due_today = MilestoneFactory(commitment=commitment, number=3, end_date=TODAY)  # not yet
    notify_overdue_task.enqueue()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        person.email for person in followers
    )
    message = mail.outbox[0]
    assert message.subject == "Milestone overdue in ABI0001: Procurement portal online"
    assert "was due on" in message.body and "is not complete" in message.body
    assert "/en/action-plans/unfollow/" in message.body
    assert "Procurement portal online" in message.alternatives[0][0]
    late.refresh_from_db()
    assert late.overdue_notified_on == TODAY
    # The same day, again: nothing.
    notify_overdue_task.enqueue()
    outcome = notifications.notify_overdue()
    assert outcome.milestones == 0 and outcome.emails == 0
    assert len(mail.outbox) == 2
    # Days later, only the milestone that was due today is told about.
    notifications.notify_overdue(today=TODAY + datetime.timedelta(days=3))
    assert len(mail.outbox) == 4
    assert {message.subject for message in mail.outbox[2:]} == {
        f"Milestone overdue in ABI0001: {due_today.deliverable}"
    }


def test_a_milestone_moved_later_is_told_again_once_its_new_date_passes(commitment, followers):
    late = MilestoneFactory(commitment=commitment, number=1, end_date=YESTERDAY)
    notifications.notify_overdue()
    assert len(mail.outbox) == 2
    late.end_date = TODAY + datetime.timedelta(days=10)
    late.save()
    notifications.notify_overdue(today=TODAY + datetime.timedelta(days=5))
    assert len(mail.outbox) == 2
    outcome = notifications.notify_overdue(today=TODAY + datetime.timedelta(days=11))
    assert outcome.milestones == 1 and len(mail.outbox) == 4


def test_milestones_nobody_follows_are_marked_and_plans_not_in_implementation_skipped(
    commitment, member
):
    unfollowed = MilestoneFactory(commitment=commitment, number=1, end_date=YESTERDAY)
    closed_plan = ActionPlanFactory(member=member, number=7, status=PlanStatus.COMPLETED)
    closed = MilestoneFactory(
        commitment=CommitmentFactory(plan=closed_plan, number="1", identifier="ABI0701"),
        number=1,
        end_date=YESTERDAY,
    )
    outcome = notifications.notify_overdue()
    assert outcome.milestones == 1 and outcome.emails == 0
    assert Milestone.objects.get(pk=unfollowed.pk).overdue_notified_on == TODAY
    assert Milestone.objects.get(pk=closed.pk).overdue_notified_on is None


def test_the_command_reports_what_it_sent(commitment, followers, capsys):
    MilestoneFactory(commitment=commitment, number=1, end_date=YESTERDAY)
    call_command("notify_overdue")
    assert "1 newly overdue milestones, 2 e-mails sent." in capsys.readouterr().out
    call_command("notify_overdue")
    assert "0 newly overdue milestones, 0 e-mails sent." in capsys.readouterr().out
    assert len(mail.outbox) == 2
    # Handed to the worker instead (run at once by the immediate backend of the tests).
    MilestoneFactory(commitment=commitment, number=2, end_date=YESTERDAY)
    call_command("notify_overdue", "--enqueue")
    assert "Queued as task" in capsys.readouterr().out
    assert len(mail.outbox) == 4


# --- Unfollowing from the e-mail ----------------------------------------------------------------


@pytest.fixture
def link(commitment, followers):
    MilestoneFactory(commitment=commitment, number=1, end_date=YESTERDAY)
    notifications.notify_overdue()
    message = next(m for m in mail.outbox if m.to == [followers[0].email])
    return unfollow_link(message)


def test_opening_the_unfollow_link_only_asks_for_confirmation(client, link, followers, commitment):
    response = client.get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stop following this commitment" in page
    assert 'method="post"' in page
    assert commitment.title_en in page
    assert Follow.objects.filter(user=followers[0], commitment=commitment).exists()
    assert client.head(link).status_code == 200
    assert Follow.objects.filter(user=followers[0], commitment=commitment).exists()


def test_the_confirmation_button_stops_following_without_logging_in(link, followers, commitment):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(link).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(link, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert "You no longer follow ABI0001" in response.content.decode()
    assert not Follow.objects.filter(user=followers[0], commitment=commitment).exists()
    assert Follow.objects.filter(user=followers[1], commitment=commitment).exists()
    # The link still answers, and says it is done.
    again = browser.get(link)
    assert again.status_code == 200
    assert "You no longer follow ABI0001" in again.content.decode()


def test_a_tampered_or_foreign_token_is_refused_with_a_clear_message(
    client, link, followers, commitment
):
    token = link.rstrip("/").rsplit("/", 1)[1]
    other = notifications.unfollow_token(user_id=followers[1].pk, commitment_id=commitment.pk)
    forged_payload = other.split(":")[0] + ":" + token.split(":", 1)[1]
    unsalted = signing.dumps({"user": followers[0].pk, "commitment": commitment.pk})
    for bad in (token[:-2] + "xx", forged_payload, unsalted, "nonsense"):
        url = f"/en/action-plans/unfollow/{bad}/"
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 400, bad
            assert "This link is not valid" in response.content.decode()
    assert Follow.objects.filter(commitment=commitment).count() == 2


# --- Personal data ------------------------------------------------------------------------------


def test_the_personal_data_download_holds_follows_updates_and_assessments(
    client,
    official,
    commitment,
    mechanism,
    independent_assessor,
    django_capture_on_commit_callbacks,
):
    services.commitment_follow(actor=official, commitment=commitment)
    report(official, commitment, django_capture_on_commit_callbacks, text="Done", progress=40)
    AssessmentFactory(commitment=commitment, organisation=mechanism, author=official)
    client.force_login(official)
    response = client.get("/en/account/my-data.json")
    assert response.status_code == 200
    data = json.loads(response.content)["actionplans"]
    assert [follow["commitment"] for follow in data["follows"]] == ["ABI0001"]
    assert data["follows"][0]["title"] == commitment.title
    assert data["progress_updates"][0]["title"] == "Budget published as open data"
    assert data["progress_updates"][0]["on_behalf_of"] == "Alba Iulia City Hall"
    assert data["progress_updates"][0]["progress"] == "40.00"
    assert data["assessments"][0]["commitment"] == "ABI0001"
    assert user_personal_data(user=independent_assessor)["actionplans"] == {
        "follows": [],
        "progress_updates": [],
        "assessments": [],
    }


def test_deleting_an_account_removes_its_follows_and_unlinks_what_it_wrote(
    official, commitment, mechanism, make_person, django_capture_on_commit_callbacks
):
    services.commitment_follow(actor=official, commitment=commitment)
    update = report(official, commitment, django_capture_on_commit_callbacks)
    assessment = AssessmentFactory(commitment=commitment, organisation=mechanism, author=official)
    account_services.user_delete(actor=official, user=official)
    assert not Follow.objects.filter(user=official).exists()
    update.refresh_from_db()
    assert update.author is None and update.organisation is not None  # still published
    assert Assessment.objects.get(pk=assessment.pk).author is None
    assert not ProgressUpdate.history.filter(author=official).exists()
    # Someone else's report reaches nobody at the former address.
    other = make_person("city_official")
    mail.outbox.clear()
    report(other, commitment, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_only_open_accounts_are_written_to(commitment, followers):
    followers[0].is_active = False
    followers[0].save()
    MilestoneFactory(commitment=commitment, number=1, end_date=YESTERDAY)
    notifications.notify_overdue()
    assert [message.to for message in mail.outbox] == [[followers[1].email]]


def _queries(function, *args):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        function(*args)
    return len(queries)


def test_the_queries_do_not_grow_with_the_number_of_followers(
    official, commitment, make_person, django_capture_on_commit_callbacks
):
    update = report(official, commitment, django_capture_on_commit_callbacks)
    late = MilestoneFactory(commitment=commitment, number=1, end_date=YESTERDAY)
    counts = []
    for extra in (2, 10):
        for _ in range(extra):
            services.commitment_follow(actor=make_person("citizen"), commitment=commitment)
        mail.outbox.clear()
        Milestone.objects.filter(pk=late.pk).update(overdue_notified_on=None)
        counts.append(
            (
                _queries(notifications.progress_reported, update.pk),
                _queries(notifications.notify_overdue),
            )
        )
        assert len(mail.outbox) == 2 * Follow.objects.filter(commitment=commitment).count()
    assert counts[0] == counts[1]
