"""Moderation of consultation comments, per role: only moderators and platform administrators
see the queue of reported comments and the moderation log, and hide, restore or dismiss the
reports, each decision with a reason that goes into the log. Moderators are e-mailed once per
comment entering the queue, not once per report."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencity.consultations import services
from opencity.consultations.models import AbuseReport, ModerationLogEntry
from opencity.core.registry import registry
from tests import factories
from tests.conftest import ROLES
from tests.consultations.factories import CommentFactory, ConsultationFactory

pytestmark = pytest.mark.django_db

MODERATORS = {"moderator", "admin"}


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


@pytest.fixture
def reported(consultation, paragraph, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    comment = CommentFactory(
        consultation=consultation, paragraph=paragraph, text="You are all thieves, go away."
    )
    for number, reason in enumerate(["Insults the officials.", "Abusive."]):
        with django_capture_on_commit_callbacks(execute=True):
            services.abuse_report(
                reporter=factories.UserFactory(),
                comment=comment,
                reason=reason,
                rate_key=f"test-{number}",
            )
    return comment


def _login(client, person) -> None:  # type: ignore[no-untyped-def]
    if person.is_authenticated:
        client.force_login(person)


# Who may see and decide -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_and_admins_open_the_queue_and_the_log(client, make_person, reported, role):  # type: ignore[no-untyped-def]
    _login(client, make_person(role))
    for name in ("consultations:moderation", "consultations:moderation_log"):
        response = client.get(reverse(name))
        if role == "visitor":
            assert response.status_code == 302 and "login" in response["Location"]
        elif role in MODERATORS:
            assert response.status_code == 200
        else:
            assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_and_admins_hide_a_comment(client, make_person, reported, role):  # type: ignore[no-untyped-def]
    _login(client, make_person(role))
    response = client.post(
        reverse("consultations:moderation_decide", args=[reported.pk, "hide"]),
        {f"hide-{reported.pk}-reason": "Insults, against the rules."},
    )
    reported.refresh_from_db()
    if role in MODERATORS:
        assert response.status_code == 302
        assert reported.is_hidden
        assert reported.hidden_reason == "Insults, against the rules."
    else:
        assert response.status_code in {302, 403}
        assert not reported.is_hidden
        assert not ModerationLogEntry.objects.exists()


def test_the_queue_shows_reported_comments_newest_report_first_with_reasons_and_counts(
    client, make_person, consultation, reported, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    later = CommentFactory(consultation=consultation, text="Another reported remark.")
    CommentFactory(consultation=consultation, text="Nobody reported this one.")
    services.abuse_report(
        reporter=factories.UserFactory(), comment=later, reason="Spam.", rate_key="x"
    )
    client.force_login(make_person("moderator"))
    page = _text(client.get(reverse("consultations:moderation")))
    assert "2 comments are waiting for a decision." in page
    assert page.index("Another reported remark.") < page.index("You are all thieves")
    assert "2 open reports" in page and "One open report" in page
    assert "Insults the officials." in page and "Abusive." in page and "Spam." in page
    assert "Nobody reported this one." not in page


def test_the_queue_reads_a_fixed_number_of_queries(
    client, make_person, consultation, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    client.force_login(make_person("moderator"))

    def report(count: int) -> None:
        for _number in range(count):
            comment = CommentFactory(consultation=consultation)
            for _report in range(3):
                AbuseReport.objects.create(comment=comment, reason="Off topic.")

    report(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("consultations:moderation")).status_code == 200
    report(20)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("consultations:moderation"))
    assert "22 comments are waiting" in _text(response)


# Decisions need reasons and are logged ------------------------------------------------------------


@pytest.mark.parametrize("action", ["hide", "dismiss"])
def test_a_decision_without_a_reason_is_refused_and_nothing_changes(
    client, make_person, reported, action
):  # type: ignore[no-untyped-def]
    client.force_login(make_person("moderator"))
    response = client.post(
        reverse("consultations:moderation_decide", args=[reported.pk, action]),
        {f"{action}-{reported.pk}-reason": "   "},
    )
    assert response.status_code == 400
    assert "A moderator&#x27;s decision needs a reason." in response.content.decode()
    reported.refresh_from_db()
    assert not reported.is_hidden
    assert reported.abuse_reports.filter(resolved_at__isnull=True).count() == 2
    assert not ModerationLogEntry.objects.exists()


def test_the_services_refuse_a_decision_without_a_reason(make_person, reported):  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    for decide in (
        services.comment_hide,
        services.comment_restore,
        services.abuse_reports_dismiss,
    ):
        with pytest.raises(ValidationError):
            decide(actor=make_person("moderator"), comment=reported, reason="")


def test_hiding_resolves_the_reports_logs_the_reason_and_the_public_page_shows_only_it(
    client, make_person, consultation, reported
):  # type: ignore[no-untyped-def]
    moderator = make_person("moderator")
    client.force_login(moderator)
    response = client.post(
        reverse("consultations:moderation_decide", args=[reported.pk, "hide"]),
        {f"hide-{reported.pk}-reason": "Personal insults against officials."},
    )
    assert response.status_code == 302
    assert not AbuseReport.objects.filter(resolved_at__isnull=True).exists()
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.moderator, entry.reason) == (
        "hide",
        moderator,
        "Personal insults against officials.",
    )
    queue = _text(client.get(reverse("consultations:moderation")))
    assert "No comment is waiting" in queue
    client.logout()
    public = _text(client.get(consultation.get_absolute_url()))
    assert "You are all thieves" not in public
    assert "Personal insults against officials." in public


def test_restoring_and_dismissing_are_logged_and_the_log_filters_by_consultation(
    client, make_person, consultation, reported
):  # type: ignore[no-untyped-def]
    moderator = make_person("moderator")
    services.comment_hide(actor=moderator, comment=reported, reason="Looked like insults.")
    client.force_login(moderator)
    client.post(
        reverse("consultations:moderation_decide", args=[reported.pk, "restore"]),
        {f"restore-{reported.pk}-reason": "Harsh, but within the rules.", "next": "comment"},
    )
    reported.refresh_from_db()
    assert not reported.is_hidden
    other = ConsultationFactory(title_en="Parking rules")
    elsewhere = CommentFactory(consultation=other, text="Parking fees are too high.")
    AbuseReport.objects.create(comment=elsewhere, reason="Off topic.")
    response = client.post(
        reverse("consultations:moderation_decide", args=[elsewhere.pk, "dismiss"]),
        {f"dismiss-{elsewhere.pk}-reason": "It is on topic."},
    )
    assert response.status_code == 302
    assert not elsewhere.abuse_reports.filter(resolved_at__isnull=True).exists()
    everything = _text(client.get(reverse("consultations:moderation_log")))
    assert "3 decisions." in everything
    for reason in ("Looked like insults.", "Harsh, but within the rules.", "It is on topic."):
        assert reason in everything
    one = _text(client.get(reverse("consultations:moderation_log"), {"consultation": other.slug}))
    assert "One decision." in one and "It is on topic." in one
    assert "Looked like insults." not in one


def test_a_decision_that_no_longer_fits_is_refused(client, make_person, reported):  # type: ignore[no-untyped-def]
    client.force_login(make_person("moderator"))
    response = client.post(
        reverse("consultations:moderation_decide", args=[reported.pk, "restore"]),
        {f"restore-{reported.pk}-reason": "Nothing to restore."},
    )
    assert response.status_code == 409
    assert not ModerationLogEntry.objects.exists()


def test_the_log_paginates(client, make_person, consultation):  # type: ignore[no-untyped-def]
    moderator = make_person("moderator")
    comment = CommentFactory(consultation=consultation)
    ModerationLogEntry.objects.bulk_create(
        ModerationLogEntry(comment=comment, moderator=moderator, action="dismiss", reason=f"R{n}")
        for n in range(60)
    )
    client.force_login(moderator)
    first = _text(client.get(reverse("consultations:moderation_log")))
    second = _text(client.get(reverse("consultations:moderation_log"), {"page": 2}))
    assert "60 decisions." in first and "Page 1 of 2" in first and "Page 2 of 2" in second


# The moderators' e-mail ---------------------------------------------------------------------------


def test_moderators_get_one_email_per_comment_entering_the_queue(
    make_person, consultation, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    first, second = make_person("moderator"), make_person("moderator")
    make_person("citizen")
    make_person("admin")
    comment = CommentFactory(consultation=consultation, text="Buy cheap watches here.")
    for number in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            services.abuse_report(
                reporter=factories.UserFactory(),
                comment=comment,
                reason=f"Spam {number}.",
                rate_key=f"k{number}",
            )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    message = mail.outbox[0]
    assert consultation.title in message.subject
    assert "Buy cheap watches here." in message.body and "Spam 0." in message.body
    assert "One comment is waiting in the moderation queue." in message.body
    assert reverse("consultations:moderation") in message.body
    # Another comment enters the queue: one more e-mail each, counting both.
    other = CommentFactory(consultation=consultation)
    with django_capture_on_commit_callbacks(execute=True):
        services.abuse_report(reporter=first, comment=other, reason="Rude.", rate_key="o")
    assert len(mail.outbox) == 4
    assert "2 comments are waiting in the moderation queue." in mail.outbox[-1].body
    # Once decided, a new report on the first comment starts a new e-mail.
    services.abuse_reports_dismiss(actor=first, comment=comment, reason="Not spam.")
    with django_capture_on_commit_callbacks(execute=True):
        services.abuse_report(reporter=second, comment=comment, reason="Spam again.", rate_key="a")
    assert len(mail.outbox) == 6


def test_no_email_when_the_report_is_rolled_back(make_person, consultation):  # type: ignore[no-untyped-def]
    make_person("moderator")
    comment = CommentFactory(consultation=consultation)
    # Without a commit (the test's transaction is never committed) nothing is sent.
    services.abuse_report(
        reporter=factories.UserFactory(), comment=comment, reason="x", rate_key="r"
    )
    assert mail.outbox == []


# The work link --------------------------------------------------------------------------------


def test_the_account_page_links_the_moderation_for_moderators_and_admins_only(client, make_person):  # type: ignore[no-untyped-def]
    assert any(link.key == "consultations-moderation" for link in registry.work_links)
    url = reverse("consultations:moderation")
    for role in ("moderator", "admin", "citizen", "city_official"):
        client.force_login(make_person(role))
        page = client.get(reverse("accounts:account")).content.decode()
        assert (f'href="{url}"' in page) is (role in MODERATORS), role
