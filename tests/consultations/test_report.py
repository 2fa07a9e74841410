"""The consultation report: its snapshot of every proposal with the response, the counts and the
final text with its changes; versions that never change; a correction that needs its reason; the
first version refused while comments wait for a response; the PDF (read back, Cyrillic too) and
the CSV without names; and the e-mail that tells an author how their comment was answered."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from opencity.consultations import reporting, services
from opencity.consultations.models import Outcome, Report
from tests import factories
from tests.consultations.factories import (
    CommentFactory,
    ConsultationFactory,
    ParagraphFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(city_hall):
    """A consultation closed for review, in Ukrainian, of two sections and three paragraphs,
    with comments on two paragraphs and on the whole, a reply and a hidden comment."""
    now = timezone.now()
    consultation = ConsultationFactory(
        organiser=city_hall,
        slug="budget-review",
        title_en="City budget 2027",
        language="uk",
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now - datetime.timedelta(days=1),
    )
    first = SectionFactory(consultation=consultation, order=1, title="Загальні положення")
    second = SectionFactory(consultation=consultation, order=2, title="Final provisions")
    paragraphs = [
        ParagraphFactory(
            consultation=consultation, section=first, order=1, text="Бюджет міста є відкритим."
        ),
        ParagraphFactory(
            consultation=consultation, section=first, order=2, text="The council meets monthly."
        ),
        ParagraphFactory(
            consultation=consultation, section=second, order=3, text="This decision applies now."
        ),
    ]
    named = factories.UserFactory(display_name="Olena K.", email="olena@example.org")
    anonymous = factories.UserFactory(display_name="", email="anon@example.org")
    comments = {
        "open": CommentFactory(
            consultation=consultation,
            paragraph=paragraphs[0],
            author=named,
            text="Опублікуйте додатки до бюджету.",
            support_count=7,
        ),
        "monthly": CommentFactory(
            consultation=consultation, paragraph=paragraphs[1], author=anonymous, text="Weekly!"
        ),
        "whole": CommentFactory(
            consultation=consultation, paragraph=None, author=named, text="=SUM(A1) good overall"
        ),
    }
    CommentFactory(
        consultation=consultation,
        paragraph=paragraphs[0],
        parent=comments["open"],
        text="A reply, not a proposal.",
    )
    CommentFactory(
        consultation=consultation,
        paragraph=paragraphs[1],
        text="Hidden insult",
        hidden_at=now,
        hidden_reason="insult",
    )
    return consultation, paragraphs, comments


def _answer_all(official, comments) -> None:  # type: ignore[no-untyped-def]
    services.response_set(
        actor=official,
        comment=comments["open"],
        outcome=Outcome.ACCEPTED,
        reason="Annexes will be published.",
    )
    services.response_set(
        actor=official,
        comment=comments["monthly"],
        outcome=Outcome.NOT_ACCEPTED,
        reason="The law sets monthly meetings.",
    )
    services.response_set(
        actor=official, comment=comments["whole"], outcome=Outcome.OUT_OF_SCOPE, reason="Thanks."
    )


def test_the_first_version_waits_for_every_visible_comment_to_be_answered(
    make_person, review
) -> None:  # type: ignore[no-untyped-def]
    consultation, _paragraphs, comments = review
    official = make_person("city_official")
    services.response_set(
        actor=official, comment=comments["open"], outcome=Outcome.ACCEPTED, reason="Yes."
    )
    with pytest.raises(ValidationError, match="2 comments have no response yet") as error:
        services.report_publish(actor=official, consultation=consultation, summary="", reason="")
    assert error.value.code == "unanswered"
    assert not Report.objects.exists()
    # The hidden comment and the reply do not count.
    assert services.unanswered_count(consultation) == 2


def test_the_snapshot_holds_every_proposal_the_counts_and_the_changed_final_text(
    make_person, review
) -> None:  # type: ignore[no-untyped-def]
    consultation, paragraphs, comments = review
    official = make_person("city_official")
    _answer_all(official, comments)
    services.paragraph_final_set(
        actor=official, paragraph=paragraphs[0], final_text="Бюджет міста є повністю відкритим."
    )
    services.paragraph_final_set(
        actor=official, paragraph=paragraphs[2], final_text="", removed=True
    )
    report = services.report_publish(
        actor=official, consultation=consultation, summary="We published the annexes.", reason=""
    )
    assert report.version == 1 and report.published_by == official
    data = report.snapshot
    assert [p["text"] for p in data["proposals"]] == [
        "Опублікуйте додатки до бюджету.",
        "Weekly!",
        "=SUM(A1) good overall",
    ]
    first = data["proposals"][0]
    assert (first["section"], first["paragraph"], first["supports"]) == (1, 1, 7)
    assert (first["outcome"], first["reason"], first["author"]) == (
        "accepted",
        "Annexes will be published.",
        "Olena K.",
    )
    assert data["proposals"][1]["author"] is None  # anonymous: no name is written
    assert (data["proposals"][2]["section"], data["proposals"][2]["paragraph"]) == (None, None)
    assert "olena@example.org" not in str(data)
    assert data["counts"]["outcomes"] == {
        "accepted": 1,
        "partly_accepted": 0,
        "not_accepted": 1,
        "out_of_scope": 1,
    }
    by_section = {row["section"]: row for row in data["counts"]["sections"]}
    assert by_section[1]["total"] == 2 and by_section[1]["outcomes"]["not_accepted"] == 1
    assert by_section[2]["total"] == 0
    assert by_section[None]["outcomes"]["out_of_scope"] == 1
    changed = data["text"][0]["paragraphs"][0]
    assert changed["changed"] and changed["final"] == "Бюджет міста є повністю відкритим."
    assert ["insert", "повністю "] in changed["diff"]
    unchanged = data["text"][0]["paragraphs"][1]
    assert not unchanged["changed"] and unchanged["diff"] == [
        ["equal", "The council meets monthly."]
    ]
    removed = data["text"][1]["paragraphs"][0]
    assert removed["removed"] and removed["diff"] == [["delete", "This decision applies now."]]
    assert (data["counts"]["changed"], data["counts"]["removed"]) == (2, 1)


def test_the_word_diff_marks_replaced_words_and_keeps_spaces() -> None:
    assert reporting.word_diff("meets every month", "meets every week") == [
        ["equal", "meets every "],
        ["delete", "month"],
        ["insert", "week"],
    ]


def test_versions_never_change_and_a_correction_needs_its_reason(make_person, review) -> None:  # type: ignore[no-untyped-def]
    consultation, _paragraphs, comments = review
    official = make_person("city_official")
    _answer_all(official, comments)
    first = services.report_publish(
        actor=official, consultation=consultation, summary="First.", reason=""
    )
    frozen = first.snapshot
    # Live data changes after publication (a moderator hides a comment)...
    services.comment_hide(
        actor=make_person("moderator"), comment=comments["monthly"], reason="off topic"
    )
    with pytest.raises(ValidationError) as error:
        services.report_publish(actor=official, consultation=consultation, summary="", reason=" ")
    assert "reason" in error.value.message_dict
    second = services.report_publish(
        actor=official,
        consultation=consultation,
        summary="Second.",
        reason="A comment was hidden as off topic.",
    )
    assert second.version == 2
    first.refresh_from_db()
    assert first.snapshot == frozen and len(first.snapshot["proposals"]) == 3
    assert len(second.snapshot["proposals"]) == 2
    assert consultation.phase().value == "reported"


def test_only_the_organisers_officials_publish_and_only_after_comments_close(
    make_person, review, consultation
) -> None:  # type: ignore[no-untyped-def]
    closed, _paragraphs, _comments = review
    for role in ("citizen", "moderator", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.report_publish(
                actor=make_person(role), consultation=closed, summary="", reason=""
            )
    with pytest.raises(ValidationError, match="open for comments"):
        services.report_publish(
            actor=make_person("city_official"), consultation=consultation, summary="", reason=""
        )


def _published(make_person, review):  # type: ignore[no-untyped-def]
    consultation, paragraphs, comments = review
    official = make_person("city_official")
    _answer_all(official, comments)
    services.paragraph_final_set(
        actor=official, paragraph=paragraphs[0], final_text="Бюджет міста є повністю відкритим."
    )
    return services.report_publish(
        actor=official, consultation=consultation, summary="Додатки опубліковано.", reason=""
    )


def test_the_pdf_reads_back_with_the_proposals_in_cyrillic_and_is_the_same_for_everyone(
    client, make_person, review
) -> None:  # type: ignore[no-untyped-def]
    report = _published(make_person, review)
    url = reverse("consultations:report_pdf", args=["budget-review", 1])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "City budget 2027",
        "Опублікуйте додатки до бюджету.",
        "Annexes will be published.",
        "Olena K.",
        "Додатки опубліковано.",
        "Загальні положення",
        "повністю",
    ):
        assert expected in " ".join(text.split()), expected
    assert "olena@example.org" not in text
    # Another reader, in another language, on another day: the same bytes.
    client.force_login(make_person("citizen"))
    again = client.get(url)
    assert again.content == response.content
    assert reporting.pdf_bytes(report) == response.content


def test_the_csv_has_one_row_per_proposal_without_names_or_e_mails(
    client, make_person, review
) -> None:  # type: ignore[no-untyped-def]
    _published(make_person, review)
    response = client.get(reverse("consultations:report_csv", args=["budget-review", 1]))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 4  # the header and three proposals; no reply, no hidden comment
    assert rows[1][:4] == ["1", "1", "Опублікуйте додатки до бюджету.", "7"]
    assert rows[1][5] == "Annexes will be published."
    assert rows[3][:3] == ["", "", "'=SUM(A1) good overall"]  # not run as a formula
    assert "Olena" not in body and "@" not in body
    assert client.get(reverse("consultations:report_csv", args=["budget-review", 1])).content == (
        response.content
    )


def test_the_report_page_shows_the_proposals_counts_and_changes(
    client, make_person, review
) -> None:  # type: ignore[no-untyped-def]
    report = _published(make_person, review)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Опублікуйте додатки до бюджету." in html and "Annexes will be published." in html
    assert "Olena K." in html and "Anonymous" in html
    assert "olena@example.org" not in html and "anon@example.org" not in html
    assert '<span class="visually-hidden">added: </span>повністю </ins>' in html
    assert "<svg" in html and 'id="outcomes-caption"' in html
    assert client.get(reverse("consultations:report", args=["budget-review", 9])).status_code == 404
    latest = client.get(reverse("consultations:report_latest", args=["budget-review"]))
    assert latest.status_code == 302 and latest["Location"] == report.get_absolute_url()


def test_the_author_is_e_mailed_the_response_once_it_is_saved(
    make_person, review, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _consultation, _paragraphs, comments = review
    official = make_person("city_official")
    with django_capture_on_commit_callbacks(execute=True):
        services.response_set(
            actor=official,
            comment=comments["open"],
            outcome=Outcome.PARTLY_ACCEPTED,
            reason="The main annexes only.",
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olena@example.org"]
    assert "City budget 2027" in message.subject
    assert "The main annexes only." in message.body and "partly accepted" in message.body
    assert f"/en/consultations/budget-review/#comment-{comments['open'].pk}" in message.body
    html = message.alternatives[0][0]
    assert "The main annexes only." in html and "#comment-" in html


def test_no_e_mail_goes_to_a_deleted_author_or_one_without_an_address(
    make_person, review, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _consultation, _paragraphs, comments = review
    official = make_person("city_official")
    gone = comments["monthly"].author
    gone.deleted_at = timezone.now()
    gone.save()
    comments["whole"].author = None
    comments["whole"].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.response_set(
            actor=official, comment=comments["monthly"], outcome=Outcome.ACCEPTED, reason="Yes."
        )
        services.response_set(
            actor=official, comment=comments["whole"], outcome=Outcome.ACCEPTED, reason="Yes."
        )
    assert mail.outbox == []
