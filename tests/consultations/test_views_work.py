"""Organisers' consultation pages, per role: only the officials of the organiser (and platform
administrators) prepare a consultation, set its document, publish it, answer the comments, write
the final text and publish the report; another city's official, citizens and moderators are
refused. The phase decides which forms show, a refused form keeps what was typed, and the
response queue reads a fixed number of queries whatever the number of comments."""

from __future__ import annotations

import datetime
import io
import re

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from opencity.accounts.models import OrganisationKind, Role
from opencity.consultations import services
from opencity.consultations.models import Consultation, ConsultationStatus, Outcome, Response
from tests import factories
from tests.conftest import ROLES
from tests.consultations.factories import (
    CommentFactory,
    ConsultationFactory,
    ParagraphFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

ORGANISER_ROLES = {"city_official", "admin"}


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


@pytest.fixture
def other_official(db):  # type: ignore[no-untyped-def]
    """An official of another city hall."""
    other = factories.OrganisationFactory(
        kind=OrganisationKind.CITY_HALL, municipality=factories.MunicipalityFactory()
    )
    user = factories.UserFactory()
    factories.MembershipFactory(user=user, organisation=other, role=Role.OFFICIAL)
    return user


@pytest.fixture
def person(make_person, other_official):  # type: ignore[no-untyped-def]
    def make(role: str):  # type: ignore[no-untyped-def]
        return other_official if role == "other_official" else make_person(role)

    return make


def _review(city_hall) -> Consultation:  # type: ignore[no-untyped-def]
    now = timezone.now()
    return ConsultationFactory(
        organiser=city_hall,
        slug="closed-one",
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now - datetime.timedelta(days=1),
    )


def _document(consultation: Consultation, paragraphs: int = 2) -> list:  # type: ignore[type-arg]
    section = SectionFactory(consultation=consultation, order=1, title="General")
    return [
        ParagraphFactory(consultation=consultation, section=section, order=n, text=f"Text {n}.")
        for n in range(1, paragraphs + 1)
    ]


# Who may open what -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*ROLES, "other_official"])
def test_only_the_organisers_officials_open_the_work_pages(role, client, person, consultation):  # type: ignore[no-untyped-def]
    paragraph = _document(consultation)[0]
    comment = CommentFactory(consultation=consultation, paragraph=paragraph)
    user = person(role)
    if role != "visitor":
        client.force_login(user)
    slug = consultation.slug
    pages = [
        reverse("consultations:work_consultation", args=[slug]),
        reverse("consultations:work_edit", args=[slug]),
        reverse("consultations:work_document", args=[slug]),
        reverse("consultations:work_responses", args=[slug]),
        reverse("consultations:work_respond", args=[slug, comment.pk]),
        reverse("consultations:work_final", args=[slug]),
        reverse("consultations:work_report", args=[slug]),
    ]
    for url in pages:
        status = client.get(url).status_code
        if role == "visitor":
            assert status == 302, url
        elif role in ORGANISER_ROLES:
            assert status == 200, (url, role)
        else:
            assert status == 403, (url, role)
    # The answer is written only by the organiser's people.
    answer = client.post(
        reverse("consultations:work_respond", args=[slug, comment.pk]),
        {f"c{comment.pk}-outcome": "accepted", f"c{comment.pk}-reason": "Good idea."},
    )
    assert Response.objects.filter(comment=comment).exists() == (role in ORGANISER_ROLES)
    assert answer.status_code == (302 if role in ORGANISER_ROLES | {"visitor"} else 403), role
    dashboard = client.get(reverse("consultations:work"))
    expected = (
        302 if role == "visitor" else 200 if role in ORGANISER_ROLES | {"other_official"} else 403
    )
    assert dashboard.status_code == expected
    if expected == 200:
        listed = consultation.title in _text(dashboard)
        assert listed == (role in ORGANISER_ROLES)


def test_the_list_shows_the_phase_and_the_comments_without_a_response(
    client, make_person, consultation
):  # type: ignore[no-untyped-def]
    paragraph = _document(consultation)[0]
    answered = CommentFactory(consultation=consultation, paragraph=paragraph)
    CommentFactory(consultation=consultation, paragraph=paragraph)
    CommentFactory(consultation=consultation, paragraph=None)
    CommentFactory(consultation=consultation, paragraph=paragraph, parent=answered)  # a reply
    CommentFactory(consultation=consultation, paragraph=paragraph, hidden_at=timezone.now())
    official = make_person("city_official")
    services.response_set(actor=official, comment=answered, outcome="accepted", reason="Yes.")
    client.force_login(official)
    text = _text(client.get(reverse("consultations:work")))
    row = text.split(consultation.title)[1].split("</tr>")[0]
    assert "<td>Open for comments</td>" in row
    # Three comments (no reply, no hidden one), two of them without a response.
    assert '<td class="number">3</td>' in row
    responses = reverse("consultations:work_responses", args=[consultation.slug])
    assert f'<a href="{responses}">2</a>' in row


# Preparing a consultation ---------------------------------------------------------------------


def _consultation_form(city_hall, **changes):  # type: ignore[no-untyped-def]
    opens = timezone.now() + datetime.timedelta(days=3)
    data = {
        "organiser": city_hall.pk,
        "title_en": "Parking rules",
        "title_uk": "Правила паркування",
        "title_ro": "",
        "title_bg": "",
        "summary_en": "New parking zones.",
        "summary_uk": "",
        "summary_ro": "",
        "summary_bg": "",
        "opens_at": _local(opens),
        "closes_at": _local(opens + datetime.timedelta(days=14)),
        "municipality": city_hall.municipality_id,
        "member": "",
        "language": "uk",
    }
    data.update(changes)
    return data


def test_an_official_prepares_sets_the_document_and_publishes(client, make_person, city_hall):  # type: ignore[no-untyped-def]
    client.force_login(make_person("city_official"))
    response = client.post(reverse("consultations:work_new"), _consultation_form(city_hall))
    assert response.status_code == 302
    consultation = Consultation.all_objects.get()
    assert (consultation.slug, consultation.status) == ("parking-rules", ConsultationStatus.DRAFT)
    assert (consultation.title_en, consultation.title_uk, consultation.language) == (
        "Parking rules",
        "Правила паркування",
        "uk",
    )
    document_url = reverse("consultations:work_document", args=[consultation.slug])
    assert response["Location"] == document_url
    # Publishing without a document is refused.
    client.post(reverse("consultations:work_publish", args=[consultation.slug]))
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT

    markdown = (
        "# Zones\n\nZone A is the centre.\n\n- Zone B\n- Zone C\n\n# Fees\n\nOne hour costs 10."
    )
    preview = client.post(document_url, {"action": "preview", "markdown": markdown})
    assert preview.status_code == 200
    text = _text(preview)
    assert "sections: 2, paragraphs: 4" in text and "Zone B" in text
    assert not consultation.paragraphs.exists()  # nothing saved before the confirmation
    signed = preview.context["signed"]
    saved = client.post(document_url, {"action": "save", "document": signed})
    assert saved.status_code == 302
    assert list(consultation.paragraphs.order_by("order").values_list("text", flat=True)) == [
        "Zone A is the centre.",
        "Zone B",
        "Zone C",
        "One hour costs 10.",
    ]
    page = _text(client.get(saved["Location"]))
    assert "Sections: 2. Paragraphs: 4." in page
    # A forged document is not saved.
    forged = client.post(document_url, {"action": "save", "document": signed[:-3] + "abc"})
    assert forged.status_code == 302 and consultation.paragraphs.count() == 4

    client.post(reverse("consultations:work_publish", args=[consultation.slug]))
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED
    assert consultation.phase().value == "announced"


def test_a_word_document_is_read_and_a_bad_file_is_refused_keeping_nothing(
    client, make_person, city_hall
):  # type: ignore[no-untyped-def]
    consultation = ConsultationFactory(organiser=city_hall, status=ConsultationStatus.DRAFT)
    client.force_login(make_person("city_official"))
    url = reverse("consultations:work_document", args=[consultation.slug])
    pdf = SimpleUploadedFile("decision.docx", b"%PDF-1.7 renamed", content_type="application/pdf")
    refused = client.post(url, {"action": "preview", "file": pdf})
    assert refused.status_code == 400
    assert "This file is a PDF" in _text(refused) and "choose it again" in _text(refused)
    both = client.post(
        url,
        {
            "action": "preview",
            "markdown": "Kept text",
            "file": SimpleUploadedFile("a.docx", b"x"),
        },
    )
    assert both.status_code == 400 and "not both" in _text(both)
    assert "Kept text</textarea>" in both.content.decode()

    document = docx.Document()
    document.add_heading("Розділ 1", level=1)
    document.add_paragraph("Перший абзац.")
    out = io.BytesIO()
    document.save(out)
    upload = SimpleUploadedFile("decision.docx", out.getvalue())
    preview = client.post(url, {"action": "preview", "file": upload})
    assert preview.status_code == 200 and "Перший абзац." in _text(preview)
    client.post(url, {"action": "save", "document": preview.context["signed"]})
    assert consultation.paragraphs.get().text == "Перший абзац."


def test_once_open_the_document_is_fixed_and_only_a_later_close_is_accepted(
    client, make_person, consultation, city_hall
):  # type: ignore[no-untyped-def]
    client.force_login(make_person("city_official"))
    url = reverse("consultations:work_document", args=[consultation.slug])
    page = client.get(url)
    assert "cannot change any more" in _text(page) and 'name="markdown"' not in _text(page)
    assert client.post(url, {"action": "preview", "markdown": "x"}).status_code == 403

    edit = reverse("consultations:work_edit", args=[consultation.slug])
    data = _consultation_form(
        city_hall,
        title_en="Renamed",
        opens_at=_local(consultation.opens_at),
        closes_at=_local(consultation.closes_at),
        language=consultation.language,
    )
    refused = client.post(edit, data)
    assert refused.status_code == 200
    assert "only the closing date can change" in _text(refused)
    assert 'value="Renamed"' in refused.content.decode()  # what was typed is kept
    consultation.refresh_from_db()
    assert consultation.title_en != "Renamed"
    data.update(
        title_en=consultation.title_en,
        title_uk="",
        summary_en="",
        closes_at=_local(consultation.closes_at + datetime.timedelta(days=7)),
    )
    data["title_uk"] = consultation.title_uk or ""
    data["summary_en"] = consultation.summary_en or ""
    accepted = client.post(edit, data)
    assert accepted.status_code == 302, _text(accepted)


def test_a_new_consultation_without_a_title_comes_back_with_what_was_typed(
    client, make_person, city_hall
):  # type: ignore[no-untyped-def]
    client.force_login(make_person("city_official"))
    response = client.post(
        reverse("consultations:work_new"),
        _consultation_form(city_hall, title_en="", title_uk="", summary_en="Kept summary"),
    )
    assert response.status_code == 200
    assert "Give the title in at least one language." in _text(response)
    assert "Kept summary" in _text(response)
    assert not Consultation.all_objects.exists()


# Responses ---------------------------------------------------------------------------------


def test_a_response_without_a_reason_comes_back_with_the_outcome_kept(
    client, make_person, consultation
):  # type: ignore[no-untyped-def]
    paragraph = _document(consultation)[0]
    comment = CommentFactory(consultation=consultation, paragraph=paragraph, text="More trees.")
    client.force_login(make_person("city_official"))
    url = reverse("consultations:work_respond", args=[consultation.slug, comment.pk])
    response = client.post(url, {f"c{comment.pk}-outcome": "partly_accepted"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "A response needs a reason." in html and "More trees." in html
    checked = re.findall(r"<input[^>]*checked[^>]*>", html)
    assert len(checked) == 1 and 'value="partly_accepted"' in checked[0]
    assert not Response.objects.exists()
    saved = client.post(
        url,
        {
            f"c{comment.pk}-outcome": "partly_accepted",
            f"c{comment.pk}-reason": "Some streets.",
            "next": "https://elsewhere.example/",
        },
    )
    assert saved.status_code == 302
    assert saved["Location"] == reverse("consultations:work_responses", args=[consultation.slug])
    assert Response.objects.get().reason == "Some streets."


def test_replies_and_hidden_comments_are_not_in_the_queue(client, make_person, consultation):  # type: ignore[no-untyped-def]
    paragraphs = _document(consultation)
    proposal = CommentFactory(consultation=consultation, paragraph=paragraphs[0], text="Top")
    reply = CommentFactory(
        consultation=consultation, paragraph=paragraphs[0], parent=proposal, text="A reply"
    )
    hidden = CommentFactory(
        consultation=consultation, paragraph=paragraphs[1], text="Insult", hidden_at=timezone.now()
    )
    client.force_login(make_person("city_official"))
    text = _text(client.get(reverse("consultations:work_responses", args=[consultation.slug])))
    assert "Top" in text and "A reply" not in text and "Insult" not in text
    for target in (reply, hidden):
        url = reverse("consultations:work_respond", args=[consultation.slug, target.pk])
        assert client.get(url).status_code == 404


def test_the_queue_filters_by_section_paragraph_and_outcome(client, make_person, consultation):  # type: ignore[no-untyped-def]
    paragraphs = _document(consultation)
    other_section = SectionFactory(consultation=consultation, order=2, title="Other")
    far = ParagraphFactory(consultation=consultation, section=other_section, order=3)
    official = make_person("city_official")
    first = CommentFactory(consultation=consultation, paragraph=paragraphs[0], text="On one")
    CommentFactory(consultation=consultation, paragraph=paragraphs[1], text="On two")
    CommentFactory(consultation=consultation, paragraph=far, text="On three")
    CommentFactory(consultation=consultation, paragraph=None, text="On the whole")
    services.response_set(actor=official, comment=first, outcome="not_accepted", reason="No.")
    client.force_login(official)
    url = reverse("consultations:work_responses", args=[consultation.slug])

    def shown(**query):  # type: ignore[no-untyped-def]
        text = _text(client.get(url, query))
        return [t for t in ("On one", "On two", "On three", "On the whole") if t in text]

    assert shown() == ["On two", "On three", "On the whole"]  # without a response
    assert shown(state="not_accepted") == ["On one"]
    assert shown(state="accepted") == []
    assert shown(state="all", section=other_section.pk) == ["On three"]
    assert shown(state="all", paragraph=0) == ["On the whole"]
    assert shown(state="all", paragraph=paragraphs[1].pk) == ["On two"]
    assert shown(state="nonsense") == ["On two", "On three", "On the whole"]


def test_the_queue_reads_the_same_queries_for_any_number_of_comments(
    client, make_person, consultation, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    paragraphs = _document(consultation, paragraphs=4)
    official = make_person("city_official")
    client.force_login(official)
    url = reverse("consultations:work_responses", args=[consultation.slug])

    def add(count: int) -> None:
        for index in range(count):
            comment = CommentFactory(
                consultation=consultation, paragraph=paragraphs[index % 4], author=official
            )
            CommentFactory(consultation=consultation, paragraph=comment.paragraph, parent=comment)

    add(2)
    client.get(url)  # warm the session
    with django_assert_num_queries(9):
        assert client.get(url, {"state": "all"}).status_code == 200
    add(20)
    services.response_set(
        actor=official,
        comment=consultation.comments.filter(parent=None).first(),
        outcome=Outcome.ACCEPTED,
        reason="Yes.",
    )
    with django_assert_num_queries(9):
        assert client.get(url, {"state": "all"}).status_code == 200


def test_no_response_form_before_comments_open(client, make_person, city_hall):  # type: ignore[no-untyped-def]
    consultation = ConsultationFactory(
        organiser=city_hall,
        opens_at=timezone.now() + datetime.timedelta(days=2),
        closes_at=timezone.now() + datetime.timedelta(days=9),
    )
    paragraph = _document(consultation)[0]
    comment = CommentFactory(consultation=consultation, paragraph=paragraph)
    client.force_login(make_person("city_official"))
    page = _text(client.get(reverse("consultations:work_responses", args=[consultation.slug])))
    assert "Responses can be given while" in page and "Save the response" not in page
    refused = client.post(
        reverse("consultations:work_respond", args=[consultation.slug, comment.pk]),
        {f"c{comment.pk}-outcome": "accepted", f"c{comment.pk}-reason": "Yes."},
    )
    assert refused.status_code == 400 and not Response.objects.exists()


# The final text and the report ------------------------------------------------------------


def test_the_final_text_is_written_in_review_only(client, make_person, city_hall, consultation):  # type: ignore[no-untyped-def]
    client.force_login(make_person("city_official"))
    open_paragraph = _document(consultation)[0]
    page = client.get(reverse("consultations:work_final", args=[consultation.slug]))
    assert "once comments have closed" in _text(page)
    refused = client.post(
        reverse("consultations:work_final_paragraph", args=[consultation.slug, open_paragraph.pk]),
        {f"p{open_paragraph.pk}-final_text": "Changed too early"},
    )
    assert refused.status_code == 400
    open_paragraph.refresh_from_db()
    assert open_paragraph.final_text == ""

    closed = _review(city_hall)
    first, second = _document(closed)
    url = reverse("consultations:work_final_paragraph", args=[closed.slug, first.pk])
    empty = client.post(url, {f"p{first.pk}-final_text": "  "})
    assert empty.status_code == 400 and "tick the box to remove" in _text(empty)
    saved = client.post(url, {f"p{first.pk}-final_text": "Text 1, amended."})
    assert saved.status_code == 302 and saved["Location"].endswith("#paragraph-1")
    client.post(
        reverse("consultations:work_final_paragraph", args=[closed.slug, second.pk]),
        {f"p{second.pk}-final_text": "Text 2.", f"p{second.pk}-removed": "on"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.final, second.removed, second.final) == ("Text 1, amended.", True, "")


def test_the_report_is_refused_while_comments_wait_then_published(client, make_person, city_hall):  # type: ignore[no-untyped-def]
    closed = _review(city_hall)
    paragraph = _document(closed)[0]
    comments = [CommentFactory(consultation=closed, paragraph=paragraph) for _ in range(2)]
    official = make_person("city_official")
    client.force_login(official)
    url = reverse("consultations:work_report", args=[closed.slug])
    assert "2 comments have no response yet" in _text(client.get(url))
    refused = client.post(url, {"summary": "Kept summary"})
    assert refused.status_code == 400
    assert "2 comments have no response yet" in _text(refused) and "Kept summary" in _text(refused)
    for comment in comments:
        services.response_set(actor=official, comment=comment, outcome="accepted", reason="Yes.")
    published = client.post(url, {"summary": "Done."})
    assert published.status_code == 302
    assert published["Location"] == reverse("consultations:report", args=[closed.slug, 1])
    # A new version needs its reason; without it the summary typed is kept.
    again = client.post(url, {"summary": "Corrected.", "reason": ""})
    assert again.status_code == 400 and "Corrected." in _text(again)
    client.post(url, {"summary": "Corrected.", "reason": "A typo in the summary."})
    assert list(closed.reports.order_by("version").values_list("version", "reason")) == [
        (1, ""),
        (2, "A typo in the summary."),
    ]
    page = _text(client.get(reverse("consultations:report", args=[closed.slug, 1])))
    assert "An earlier version" in page and "A typo in the summary." in page


def test_the_work_link_is_on_the_account_page_of_officials(client, make_person):  # type: ignore[no-untyped-def]
    from opencity.core.registry import registry

    links = {link.key: link for link in registry.work_links_for({Role.OFFICIAL})}
    assert links["consultations-work"].url_name == "consultations:work"
    assert "consultations-work" not in {link.key for link in registry.work_links_for({"member"})}
