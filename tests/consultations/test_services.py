from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from opencity.consultations import services
from opencity.consultations.models import (
    COMMENT_MAX_LENGTH,
    Comment,
    ModerationLogEntry,
    Outcome,
    Paragraph,
)
from opencity.consultations.phases import Phase
from tests.consultations.factories import CommentFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


def test_a_citizen_comments_on_a_paragraph_and_replies_one_level_deep(
    make_person, consultation, paragraph
):
    citizen = make_person("citizen")
    comment = services.comment_create(
        actor=citizen,
        consultation=consultation,
        paragraph=paragraph,
        text=" Add a deadline. ",
        rate_key="t1",
    )
    assert comment.text == "Add a deadline." and comment.paragraph == paragraph
    reply = services.comment_create(
        actor=make_person("citizen"),
        consultation=consultation,
        parent=comment,
        text="Agreed.",
        rate_key="t2",
    )
    assert reply.paragraph == paragraph
    with pytest.raises(ValidationError, match="one level"):
        services.comment_create(
            actor=citizen, consultation=consultation, parent=reply, text="Deeper", rate_key="t1"
        )


def test_a_comment_over_the_limit_is_refused_with_its_length(make_person, consultation):
    with pytest.raises(ValidationError) as error:
        services.comment_create(
            actor=make_person("citizen"),
            consultation=consultation,
            text="x" * (COMMENT_MAX_LENGTH + 1),
            rate_key="t",
        )
    assert str(COMMENT_MAX_LENGTH + 1) in str(error.value)
    assert not Comment.objects.exists()


@override_settings(OPENCITY_RATE_LIMITS={"consultation_comment": 2})
def test_comments_are_rate_limited(make_person, consultation):
    citizen = make_person("citizen")
    for n in range(2):
        services.comment_create(
            actor=citizen, consultation=consultation, text=f"c{n}", rate_key="same"
        )
    with pytest.raises(ValidationError, match="Too many"):
        services.comment_create(
            actor=citizen, consultation=consultation, text="third", rate_key="same"
        )
    assert Comment.objects.count() == 2


def test_nobody_comments_before_it_opens_or_after_it_closes(make_person, city_hall):
    citizen = make_person("citizen")
    now = timezone.now()
    for opens, closes in [(1, 10), (-10, -1)]:
        consultation = ConsultationFactory(
            organiser=city_hall,
            opens_at=now + datetime.timedelta(days=opens),
            closes_at=now + datetime.timedelta(days=closes),
        )
        with pytest.raises(ValidationError, match="while the consultation"):
            services.comment_create(
                actor=citizen, consultation=consultation, text="late", rate_key="x"
            )


def test_visitors_do_not_comment(make_person, consultation):
    with pytest.raises(PermissionDenied):
        services.comment_create(
            actor=make_person("visitor"), consultation=consultation, text="hi", rate_key="x"
        )


def test_support_counts_once_and_never_ones_own(make_person, consultation):
    author = make_person("citizen")
    comment = CommentFactory(consultation=consultation, author=author)
    supporter = make_person("citizen")
    assert services.comment_support(actor=supporter, comment=comment, rate_key="s")
    assert not services.comment_support(actor=supporter, comment=comment, rate_key="s")
    comment.refresh_from_db()
    assert comment.support_count == 1
    with pytest.raises(ValidationError, match="own"):
        services.comment_support(actor=author, comment=comment, rate_key="a")
    assert services.comment_unsupport(actor=supporter, comment=comment)
    comment.refresh_from_db()
    assert comment.support_count == 0


def test_anyone_reports_abuse_and_a_moderator_hides_with_a_reason_in_the_log(
    make_person, consultation
):
    comment = CommentFactory(consultation=consultation)
    report = services.abuse_report(
        reporter=make_person("visitor"), comment=comment, reason="Insults", rate_key="v"
    )
    assert report.reporter is None
    moderator = make_person("moderator")
    with pytest.raises(ValidationError, match="reason"):
        services.comment_hide(actor=moderator, comment=comment, reason=" ")
    with pytest.raises(PermissionDenied):
        services.comment_hide(actor=make_person("city_official"), comment=comment, reason="No")
    services.comment_hide(actor=moderator, comment=comment, reason="Personal insults")
    assert not Comment.objects.visible().filter(pk=comment.pk).exists()
    report.refresh_from_db()
    assert report.resolved_at is not None
    services.comment_restore(actor=moderator, comment=comment, reason="Insult was a quote")
    assert list(
        ModerationLogEntry.objects.filter(comment=comment).values_list("action", flat=True)
    ) == ["restore", "hide"]


def test_the_organiser_answers_with_an_outcome_and_a_reason(make_person, consultation):
    comment = CommentFactory(consultation=consultation)
    official = make_person("city_official")
    with pytest.raises(ValidationError, match="reason"):
        services.response_set(actor=official, comment=comment, outcome=Outcome.ACCEPTED, reason="")
    response = services.response_set(
        actor=official, comment=comment, outcome=Outcome.PARTLY_ACCEPTED, reason="Annex 2 only."
    )
    revised = services.response_set(
        actor=official, comment=comment, outcome=Outcome.ACCEPTED, reason="Both annexes."
    )
    assert revised.pk == response.pk and revised.history.count() == 2
    with pytest.raises(PermissionDenied):
        services.response_set(
            actor=make_person("citizen"), comment=comment, outcome="accepted", reason="me"
        )


def test_the_document_is_replaced_only_before_comments_open(make_person, city_hall):
    official = make_person("city_official")
    draft = ConsultationFactory(organiser=city_hall, status="draft")
    assert draft.phase() is Phase.DRAFT
    with pytest.raises(ValidationError, match="document"):
        services.consultation_publish(actor=official, consultation=draft)
    count = services.document_replace(
        actor=official,
        consultation=draft,
        sections=[("Purpose", ["First.", " ", "Second."]), ("Entry into force", ["Third."])],
    )
    assert count == 3
    assert list(Paragraph.objects.filter(consultation=draft).values_list("order", "text")) == [
        (1, "First."),
        (2, "Second."),
        (3, "Third."),
    ]
    services.consultation_publish(actor=official, consultation=draft)
    assert draft.phase() is Phase.OPEN
    with pytest.raises(ValidationError, match="while the consultation"):
        services.document_replace(actor=official, consultation=draft, sections=[("x", ["y"])])
