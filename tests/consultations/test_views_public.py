"""The public consultation pages: the list with its filters, a consultation's document with
comments, replies, supports and responses, what each role sees and may post, refusals that keep
what was typed, hidden comments, drafts, no e-mail on the page, and query counts that do not
grow with the number of comments."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from opencity.consultations import selectors
from opencity.consultations.models import (
    COMMENT_MAX_LENGTH,
    AbuseReport,
    Comment,
    ConsultationStatus,
    Outcome,
    Report,
    Response,
    Support,
)
from tests import factories
from tests.consultations.factories import (
    CommentFactory,
    ConsultationFactory,
    ParagraphFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text without tags, its white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def detail_url(consultation) -> str:  # type: ignore[no-untyped-def]
    return reverse("consultations:detail", kwargs={"slug": consultation.slug})


@pytest.fixture
def document(consultation, paragraph):
    """Two sections, three paragraphs; `paragraph` is the first."""
    second = ParagraphFactory(
        section=paragraph.section, consultation=consultation, order=2, text="Fees rise by 5 %."
    )
    other = SectionFactory(consultation=consultation, order=2, title="Final provisions")
    third = ParagraphFactory(
        section=other, consultation=consultation, order=3, text="This decision applies in 2027."
    )
    return [paragraph, second, third]


@pytest.fixture
def discussion(consultation, document, make_person):
    """A comment with a reply and a response, a hidden comment, a comment on the whole."""
    author = factories.UserFactory(display_name="Ioana P.", email="ioana.secret@example.org")
    comment = CommentFactory(
        consultation=consultation,
        paragraph=document[0],
        author=author,
        text="Publish the annexes too.",
        support_count=2,
    )
    CommentFactory(
        consultation=consultation,
        paragraph=document[0],
        parent=comment,
        author=factories.UserFactory(display_name="Mihai", email="mihai.secret@example.org"),
        text="Agreed, and in open formats.",
    )
    Response.objects.create(
        comment=comment, outcome=Outcome.ACCEPTED, reason="The annexes will be published."
    )
    hidden = CommentFactory(
        consultation=consultation,
        paragraph=document[1],
        text="Something insulting about the mayor.",
        hidden_at=timezone.now(),
        hidden_reason="insults a person",
    )
    general = CommentFactory(
        consultation=consultation,
        paragraph=None,
        author=factories.UserFactory(display_name=""),
        text="The whole decision comes too late.",
    )
    return {"comment": comment, "hidden": hidden, "general": general, "author": author}


# The list -------------------------------------------------------------------------------------


def test_the_list_shows_public_consultations_with_their_phase_and_never_a_draft(
    client, consultation, city_hall
):
    now = timezone.now()
    ConsultationFactory(
        title_en="Parking rules",
        organiser=city_hall,
        opens_at=now + datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=20),
    )
    ConsultationFactory(title_en="Secret draft", organiser=city_hall, status="draft")
    response = client.get(reverse("consultations:index"))
    text = text_of(response)
    assert consultation.title in text and "Parking rules" in text
    assert "Secret draft" not in text
    assert "Open for comments" in text and "Announced" in text
    assert "Organised by Alba Iulia City Hall" in text


def test_the_list_filters_by_phase_municipality_and_words(client, consultation, city_hall):
    now = timezone.now()
    closed = ConsultationFactory(
        title_en="Street lighting",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=2),
    )
    reported = ConsultationFactory(
        title_en="Bus routes",
        organiser=city_hall,
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
    )
    Report.objects.create(consultation=reported, version=1)
    ConsultationFactory(title_uk="Бюджет громади", title_en="Community budget", organiser=city_hall)
    index = reverse("consultations:index")

    def titles(query: dict) -> set[str]:
        response = client.get(index, query)
        assert response.status_code == 200
        return set(re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode()))

    assert titles({"phase": "review"}) == {"Street lighting"}
    assert titles({"phase": "reported"}) == {"Bus routes"}
    assert titles({"phase": "open"}) == {consultation.title, "Community budget"}
    assert titles({"municipality": closed.municipality.pk}) == {"Street lighting"}
    # Words are matched in any language, whatever the case, on SQLite as on PostgreSQL.
    assert titles({"q": "БЮДЖЕТ"}) == {"Community budget"}
    assert titles({"q": "bus"}) == {"Bus routes"}
    assert "No consultation matches these filters" in text_of(client.get(index, {"q": "zzz"}))
    # A phase that does not exist is named as an error; the other filters still apply.
    response = client.get(index, {"phase": "draft", "q": "bus"})
    assert "Select a valid choice" in text_of(response)
    assert titles({"phase": "draft", "q": "bus"}) == {"Bus routes"}


def test_the_list_paginates(client, settings, city_hall):
    settings.OPENCITY_PAGE_SIZE = 2
    for number in range(5):
        ConsultationFactory(organiser=city_hall, title_en=f"Consultation {number}")
    response = client.get(reverse("consultations:index"), {"page": 3})
    assert "Page 3 of 3" in text_of(response)
    assert response.content.decode().count('<li class="card">') == 1


def test_the_list_reads_a_fixed_number_of_queries(
    client, city_hall, django_assert_num_queries, settings
):
    settings.OPENCITY_PAGE_SIZE = 50
    for _number in range(3):
        CommentFactory(consultation=ConsultationFactory(organiser=city_hall))
    # session-less visitor: municipalities of the filter, the count, the page
    with django_assert_num_queries(3):
        client.get(reverse("consultations:index"))
    for _number in range(10):
        CommentFactory(consultation=ConsultationFactory(organiser=city_hall))
    with django_assert_num_queries(3):
        client.get(reverse("consultations:index"))


# The consultation page ------------------------------------------------------------------------


def test_the_page_shows_the_document_comments_replies_responses_and_counts(
    client, consultation, discussion, document
):
    response = client.get(detail_url(consultation))
    html = response.content.decode()
    text = text_of(response)
    assert "Alba Iulia City Hall" in text and "Open for comments" in text
    assert "General provisions" in text and "Final provisions" in text
    for number in (1, 2, 3):
        assert f'id="paragraph-{number}"' in html
    assert "Publish the annexes too." in text
    assert "Agreed, and in open formats." in text
    assert "Response of Alba Iulia City Hall: accepted. The annexes will be published." in text
    assert "2 supports" in text
    # Paragraph 1: a comment and its reply; paragraph 2: the hidden one does not count.
    assert '<a href="#comments-1">2 comments</a>' in html
    assert "No comments" in text
    # The reply sits inside the list of replies under its comment.
    comment = discussion["comment"]
    thread = html[html.index(f'id="comment-{comment.pk}"') :]
    assert thread.index('class="cons-replies"') < thread.index("Agreed, and in open formats.")
    # A comment on the whole document, whose author chose no name.
    whole = html[html.index('id="whole"') :]
    assert "The whole decision comes too late." in whole and "Anonymous" in whole


def test_a_hidden_comment_shows_the_moderators_reason_and_not_its_text(
    client, consultation, discussion
):
    text = text_of(client.get(detail_url(consultation)))
    assert "Hidden by a moderator: insults a person" in text
    assert "Something insulting about the mayor." not in text


def test_no_e_mail_address_appears_on_the_page_for_anyone(
    client, consultation, discussion, make_person
):
    for role in ("visitor", "citizen", "city_official", "moderator"):
        person = make_person(role)
        if role != "visitor":
            client.force_login(person)
        html = client.get(detail_url(consultation)).content.decode()
        assert "Ioana P." in html and "Mihai" in html
        addresses = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", html))
        assert not addresses, f"{role} sees {addresses}"
        client.logout()


def test_a_visitor_sees_no_forms_but_a_login_link_and_may_report_abuse(
    client, consultation, discussion
):
    response = client.get(detail_url(consultation))
    html = response.content.decode()
    assert 'name="text"' not in html
    assert reverse("account_login") + "?next=" in html
    assert 'value="support"' not in html
    assert f'href="?report={discussion["comment"].pk}#report-{discussion["comment"].pk}"' in html


def test_a_verified_citizen_sees_a_form_under_every_paragraph_and_on_the_whole(
    client, consultation, discussion, document, make_person
):
    client.force_login(make_person("citizen"))
    html = client.get(detail_url(consultation)).content.decode()
    for paragraph in document:
        assert f'name="paragraph" value="{paragraph.pk}"' in html
    assert 'id="text-whole"' in html
    assert f'href="?reply={discussion["comment"].pk}#reply-{discussion["comment"].pk}"' in html
    # The three visible comments of others, with a button of the page's one support form.
    assert html.count('form="support-form"') == 3


def test_a_citizen_without_a_verified_e_mail_is_told_to_confirm_it(client, consultation, document):
    person = factories.UserFactory()
    person.emailaddress_set.update(verified=False)
    client.force_login(person)
    response = client.get(detail_url(consultation))
    assert "confirm your e-mail address first" in text_of(response)
    assert 'name="text"' not in response.content.decode()


def test_a_citizen_comments_on_a_paragraph_and_is_sent_to_the_comment(
    client, consultation, document, make_person
):
    citizen = make_person("citizen")
    client.force_login(citizen)
    response = client.post(
        detail_url(consultation),
        {"action": "comment", "paragraph": document[1].pk, "text": "Keep fees as they are."},
    )
    comment = Comment.objects.get()
    assert comment.paragraph == document[1] and comment.author == citizen
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(consultation)}#comment-{comment.pk}"
    page = client.get(response["Location"])
    assert "Your comment is published." in text_of(page)
    assert "Keep fees as they are." in text_of(page)


def test_a_citizen_comments_on_the_whole_and_replies(client, consultation, discussion, make_person):
    client.force_login(make_person("citizen"))
    client.post(detail_url(consultation), {"action": "comment", "text": "Too short a time."})
    assert Comment.objects.filter(paragraph=None, text="Too short a time.").exists()
    parent = discussion["comment"]
    page = client.get(detail_url(consultation), {"reply": parent.pk})
    assert f'id="text-r{parent.pk}"' in page.content.decode()
    # No reply form opens under a reply or a hidden comment.
    for other in (Comment.objects.get(text="Agreed, and in open formats."), discussion["hidden"]):
        html = client.get(detail_url(consultation), {"reply": other.pk}).content.decode()
        assert f'id="text-r{other.pk}"' not in html
    client.post(
        detail_url(consultation), {"action": "comment", "parent": parent.pk, "text": "Yes."}
    )
    reply = Comment.objects.get(text="Yes.")
    assert reply.parent == parent and reply.paragraph == parent.paragraph


def test_a_comment_too_long_comes_back_with_the_error_and_the_text_kept(
    client, consultation, document, make_person
):
    client.force_login(make_person("citizen"))
    typed = "Lorem & <ipsum> " * (COMMENT_MAX_LENGTH // 16 + 10)
    response = client.post(
        detail_url(consultation),
        {"action": "comment", "paragraph": document[0].pk, "text": typed},
    )
    assert response.status_code == 200
    html = response.content.decode()
    form = html[html.index(f'id="write-p{document[0].pk}"') :]
    form = form[: form.index("</form>")]
    assert "at most 4000 characters long" in form
    assert f'id="text-p{document[0].pk}-error"' in form and 'aria-invalid="true"' in form
    assert "Lorem &amp; &lt;ipsum&gt; " * 3 in form  # the typed text, escaped, in the textarea
    # The paragraph's <details> is open, so the error is seen at once.
    assert '<details class="cons-write" open><summary>Comment on paragraph 1' in html
    assert not Comment.objects.exists()


def test_a_reply_refused_comes_back_under_its_comment(
    client, consultation, discussion, make_person
):
    client.force_login(make_person("citizen"))
    parent = discussion["comment"]
    response = client.post(
        detail_url(consultation), {"action": "comment", "parent": parent.pk, "text": "   "}
    )
    html = response.content.decode()
    form = html[html.index(f'id="write-r{parent.pk}"') :]
    assert "Write your comment." in form[: form.index("</form>")] or "required" in form


@override_settings(OPENCITY_RATE_LIMITS={"consultation_comment": 1})
def test_a_comment_over_the_rate_limit_comes_back_with_the_text_kept(
    client, consultation, document, make_person
):
    client.force_login(make_person("citizen"))
    url = detail_url(consultation)
    client.post(url, {"action": "comment", "text": "First."})
    response = client.post(url, {"action": "comment", "text": "Second, a long thought."})
    html = response.content.decode()
    whole = html[html.index('id="write-whole"') :]
    whole = whole[: whole.index("</form>")]
    assert "Too many in a short time" in whole
    assert "Second, a long thought." in whole
    assert Comment.objects.count() == 1


def test_after_the_comment_phase_no_form_shows_and_a_post_is_refused(
    client, consultation, discussion, make_person
):
    consultation.opens_at = timezone.now() - datetime.timedelta(days=20)
    consultation.closes_at = timezone.now() - datetime.timedelta(days=1)
    consultation.save()
    client.force_login(make_person("citizen"))
    response = client.get(detail_url(consultation))
    html = response.content.decode()
    assert "Comments are closed" in text_of(response)
    assert 'name="text"' not in html and 'value="support"' not in html
    # The organiser's responses and abuse reports still show.
    assert "Response of Alba Iulia City Hall" in html and "?report=" in html
    response = client.post(detail_url(consultation), {"action": "comment", "text": "Late."})
    assert "This cannot be done while the consultation is closed for review." in text_of(response)
    assert "Late." in response.content.decode()
    assert not Comment.objects.filter(text="Late.").exists()


def test_an_announced_consultation_shows_the_draft_without_forms(
    client, consultation, document, make_person
):
    consultation.opens_at = timezone.now() + datetime.timedelta(days=2)
    consultation.save()
    client.force_login(make_person("citizen"))
    response = client.get(detail_url(consultation))
    assert "Comments are not open yet" in text_of(response)
    assert "Fees rise by 5 %." in text_of(response)
    assert 'name="text"' not in response.content.decode()


def test_a_visitor_posting_a_comment_is_sent_to_log_in(client, consultation, document):
    response = client.post(detail_url(consultation), {"action": "comment", "text": "Hi."})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Comment.objects.exists()


def test_a_citizen_supports_and_withdraws_but_not_their_own_comment(
    client, consultation, discussion
):
    client.force_login(discussion["author"])
    comment = discussion["comment"]
    html = client.get(detail_url(consultation)).content.decode()
    own = html[html.index(f'id="comment-{comment.pk}"') :]
    own = own[: own.index("</p>", own.index("cons-actions"))]
    assert 'form="support-form"' not in own
    client.logout()
    other = factories.UserFactory()
    client.force_login(other)
    response = client.post(detail_url(consultation), {"action": "support", "comment": comment.pk})
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.support_count == 3 and Support.objects.filter(user=other).exists()
    html = client.get(detail_url(consultation)).content.decode()
    assert "Withdraw my support" in html and "3 supports" in html
    client.post(detail_url(consultation), {"action": "support", "withdraw": comment.pk})
    comment.refresh_from_db()
    assert comment.support_count == 2 and not Support.objects.filter(user=other).exists()


def test_supporting_ones_own_comment_by_hand_is_refused_with_a_message(
    client, consultation, discussion
):
    client.force_login(discussion["author"])
    comment = discussion["comment"]
    response = client.post(
        detail_url(consultation), {"action": "support", "comment": comment.pk}, follow=True
    )
    assert "You cannot support your own comment." in text_of(response)
    comment.refresh_from_db()
    assert comment.support_count == 2


def test_anyone_reports_abuse_with_a_reason_and_a_missing_reason_is_asked_for(
    client, consultation, discussion
):
    comment = discussion["general"]
    page = client.get(detail_url(consultation), {"report": comment.pk})
    assert f'id="reason-{comment.pk}"' in page.content.decode()
    response = client.post(
        detail_url(consultation), {"action": "report_abuse", "comment": comment.pk, "reason": " "}
    )
    html = response.content.decode()
    form = html[html.index(f'id="report-{comment.pk}"') :]
    assert "Say what is wrong with the comment." in form[: form.index("</form>")]
    assert not AbuseReport.objects.exists()
    response = client.post(
        detail_url(consultation),
        {"action": "report_abuse", "comment": comment.pk, "reason": "Spam link."},
        follow=True,
    )
    assert "the moderators will look at this comment" in text_of(response)
    report = AbuseReport.objects.get()
    assert report.reason == "Spam link." and report.reporter is None and report.comment == comment


def test_a_comment_of_another_consultation_cannot_be_targeted(
    client, consultation, discussion, make_person
):
    elsewhere = CommentFactory(consultation=ConsultationFactory())
    client.force_login(make_person("citizen"))
    url = detail_url(consultation)
    assert client.post(url, {"action": "support", "comment": elsewhere.pk}).status_code == 404
    assert (
        client.post(url, {"action": "comment", "parent": elsewhere.pk, "text": "x"}).status_code
        == 404
    )


# Drafts ---------------------------------------------------------------------------------------


def test_a_draft_is_not_found_by_the_public_but_shown_to_the_organisers_officials(
    client, consultation, document, make_person
):
    consultation.status = ConsultationStatus.DRAFT
    consultation.save()
    url = detail_url(consultation)
    assert client.get(url).status_code == 404
    for role in ("citizen", "moderator", "coordinator"):
        client.force_login(make_person(role))
        assert client.get(url).status_code == 404, role
    client.force_login(make_person("city_official"))
    response = client.get(url)
    assert response.status_code == 200
    assert "This consultation is a draft" in text_of(response)
    assert 'name="text"' not in response.content.decode()
    assert consultation.title not in text_of(client.get(reverse("consultations:index")))


# Query counts ---------------------------------------------------------------------------------


def _comments(consultation, paragraphs, count: int) -> None:  # type: ignore[no-untyped-def]
    """`count` comments over the paragraphs and the whole: a reply to every fourth, a response
    to every second, a hidden one in ten, supports by one person."""
    people = [factories.UserFactory() for _number in range(3)]
    made = []
    for number in range(count):
        paragraph = paragraphs[number % len(paragraphs)] if number % 7 else None
        parent = made[-1] if number % 4 == 3 and made[-1].parent is None else None
        made.append(
            Comment.objects.create(
                consultation=consultation,
                paragraph=parent.paragraph if parent else paragraph,
                parent=parent,
                author=people[number % 3],
                text=f"Comment {number}",
                hidden_at=timezone.now() if number % 10 == 9 else None,
                hidden_reason="spam" if number % 10 == 9 else "",
            )
        )
    Response.objects.bulk_create(
        Response(comment=c, outcome=Outcome.NOT_ACCEPTED, reason="Out of budget.")
        for c in made[::2]
        if c.parent is None
    )
    return people[0]


@pytest.mark.parametrize("role", ["visitor", "citizen"])
def test_the_page_reads_the_same_queries_for_10_or_200_comments(
    client, consultation, document, make_person, role, django_assert_num_queries
):
    person = make_person(role)
    if role != "visitor":
        client.force_login(person)
    url = detail_url(consultation)
    _comments(consultation, document, 10)
    Support.objects.bulk_create(
        Support(comment=c, user=person) for c in Comment.objects.all()[:3] if role != "visitor"
    )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _comments(consultation, document, 190)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="cons-comment"') == 200
    # The counts themselves: consultation, sections, paragraphs, comments with their authors
    # and responses; a signed-in person adds the session, the user, the two-factor check of
    # the middleware, their verified e-mail and their supports.
    assert len(few.captured_queries) == (4 if role == "visitor" else 9)


def test_the_page_selector_groups_comments_under_paragraphs_and_threads(
    consultation, discussion, document, django_assert_num_queries
):
    found = selectors.public_consultation(consultation.slug)
    with django_assert_num_queries(4):
        page = selectors.consultation_page(found, discussion["author"])
    first = page.sections[0].paragraphs[0]
    assert [e.comment.text for e in first.comments] == [
        "Publish the annexes too.",
        "Agreed, and in open formats.",
    ]
    assert first.comments[1].opens_replies and first.comments[1].closes_thread
    assert first.comments[0].own and first.comment_count == 2
    assert page.comment_count == 3  # the hidden comment is not counted
    assert [e.comment.text for e in page.general_comments] == ["The whole decision comes too late."]


# Other pages ----------------------------------------------------------------------------------


def test_the_municipality_page_lists_its_consultations(
    client, consultation, city_hall, django_assert_num_queries
):
    ConsultationFactory(organiser=city_hall, title_en="Hidden draft", status="draft")
    CommentFactory.create_batch(3, consultation=consultation)
    municipality = city_hall.municipality
    with django_assert_num_queries(1):
        data = selectors.municipality_section(None, municipality)
    assert data["lines"][0].consultation.comment_count == 3
    assert [line.consultation for line in data["lines"]] == [consultation]
    assert selectors.municipality_section(None, factories.MunicipalityFactory()) is None
    response = client.get(municipality.get_absolute_url())
    text = text_of(response)
    assert "Public consultations" in text and consultation.title in text
    assert "Hidden draft" not in text


def test_consultations_for_a_commitment_list_only_public_linked_ones(
    consultation, city_hall, django_assert_num_queries
):
    from django.template.loader import render_to_string

    from tests.actionplans.factories import CommitmentFactory

    commitment = CommitmentFactory()
    consultation.commitments.add(commitment)
    draft = ConsultationFactory(organiser=city_hall, status="draft", title_en="Not yet")
    draft.commitments.add(commitment)
    ConsultationFactory(organiser=city_hall, title_en="Unrelated")
    with django_assert_num_queries(1):
        lines = selectors.consultations_for_commitment(commitment)
    assert [line.consultation for line in lines] == [consultation]
    html = render_to_string("consultations/includes/for_commitment.html", {"lines": lines})
    assert consultation.title in html and "Public consultations on this commitment" in html
    assert "Not yet" not in html
    assert (
        render_to_string("consultations/includes/for_commitment.html", {"lines": []}).strip() == ""
    )
