"""The read API of consultations: public consultations with their phase and counts, the
document, the comments (without any author; hidden comments counted, never given), the
organiser's responses (without who wrote them) and the report versions. A draft is not found.
Titles and summaries are in the language of `Accept-Language`. Every endpoint makes a fixed
number of queries whatever the number of comments."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from opencity.consultations import selectors_opendata as opendata
from opencity.consultations.models import Consultation, Outcome, Response
from opencity.consultations.phases import Phase

router = Router(tags=["consultations"])

MAX_PAGE = 500
OUTCOMES = ", ".join(Outcome.values)


class OutcomeCounts(Schema):
    accepted: int
    partly_accepted: int
    not_accepted: int
    out_of_scope: int


class ConsultationOut(Schema):
    slug: str
    title: str
    summary: str
    organiser: str
    organiser_kind: str = Field(..., description="city_hall, national_government, ...")
    municipality_code: str = Field(..., description="Official code in its register, or empty.")
    municipality: str
    country: str = Field(..., description="ISO code of the municipality's country, or empty.")
    language: str = Field(..., description="The language of the document.")
    phase: str = Field(..., description="announced, open, review or reported.")
    opens_at: str = Field(..., description="ISO 8601, UTC.")
    closes_at: str = Field(..., description="ISO 8601, UTC.")
    sections: int
    paragraphs: int
    comments: int = Field(..., description="Visible comments and replies.")
    proposals: int = Field(..., description="Visible comments that are not replies.")
    replies: int
    hidden_comments: int = Field(..., description="Comments a moderator hid; never listed.")
    supports: int = Field(..., description="Supports of the visible comments.")
    outcomes: OutcomeCounts = Field(..., description="Responses to the visible proposals.")
    unanswered: int = Field(..., description="Visible proposals without a response yet.")
    report_version: int | None = Field(..., description="The latest report version, or null.")
    url: str


class ConsultationPage(Schema):
    count: int
    items: list[ConsultationOut]


class ConsultationQuery(Schema):
    limit: int = Field(100, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0)
    phase: str = Field(
        "",
        description="announced, open, review, reported, or empty for all.",
        pattern="^(|announced|open|review|reported)$",
    )
    municipality: str = Field("", description="A municipality's official code.")


class ParagraphOut(Schema):
    number: int = Field(..., description="Numbered through the whole document.")
    text: str = Field(..., description="The draft, as consulted.")
    final_text: str | None = Field(
        ..., description="The text after the review, once a report is published; else null."
    )
    removed: bool | None = Field(..., description="Dropped from the final text; null before.")


class SectionOut(Schema):
    number: int
    title: str
    paragraphs: list[ParagraphOut]


class DocumentOut(Schema):
    consultation: str
    language: str
    sections: list[SectionOut]


class CommentOut(Schema):
    id: int
    reply_to: int | None = Field(..., description="The comment this one replies to, or null.")
    section: int | None = Field(..., description="null: on the document as a whole.")
    section_title: str
    paragraph: int | None = Field(..., description="null: on the document as a whole.")
    written_at: str = Field(..., description="ISO 8601, UTC.")
    text: str
    supports: int
    outcome: str = Field(..., description=f"{OUTCOMES}, or empty: no response (yet).")
    reason: str = Field(..., description="The organiser's reason for the outcome.")
    responded_at: str | None


class CommentPage(Schema):
    count: int
    hidden_comments: int = Field(..., description="Comments hidden by a moderator; not listed.")
    items: list[CommentOut]


class PageQuery(Schema):
    limit: int = Field(500, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0)


class ResponseOut(Schema):
    comment: int
    outcome: str = Field(..., description=OUTCOMES)
    reason: str
    responded_at: str


class ResponsesOut(Schema):
    count: int
    outcomes: OutcomeCounts
    unanswered: int
    items: list[ResponseOut]


class ReportOut(Schema):
    version: int
    summary: str
    reason: str = Field(..., description="Why this version was published (for a correction).")
    published_at: str
    counts: dict[str, Any] = Field(
        ..., description="Proposals, outcomes, unanswered, per section, paragraphs changed."
    )
    url: str
    pdf: str
    csv: str


class ReportProposalOut(Schema):
    id: int
    section: int | None
    paragraph: int | None
    written_at: str
    text: str
    supports: int
    outcome: str
    reason: str


class ReportDetailOut(ReportOut):
    proposals: list[ReportProposalOut]
    text: list[dict[str, Any]] = Field(
        ..., description="Sections with each paragraph's draft, final text and changes."
    )


def _consultation(slug: str) -> Consultation:
    found = opendata.public_consultation(slug)
    if found is None:
        raise Http404
    return found


def _record(request: HttpRequest, consultation: Consultation, tally: opendata.Counts) -> dict:
    record = opendata.consultation_record(
        consultation, tally, request.build_absolute_uri(consultation.get_absolute_url())
    )
    record["outcomes"] = {value: record.pop(value) for value in Outcome.values}
    return record


@router.get("/", response=ConsultationPage)
def consultations(request: HttpRequest, query: Query[ConsultationQuery]) -> dict[str, Any]:
    """Public consultations, newest opening first, `limit` at a time; three queries."""
    found = opendata.consultations()
    if query.municipality:
        found = found.filter(municipality__code=query.municipality)
    rows = list(found)
    if query.phase:
        wanted = Phase(query.phase)
        rows = [c for c in rows if c.phase(has_report=c.has_report) is wanted]  # type: ignore[attr-defined]
    page = rows[query.offset : query.offset + query.limit]
    tallies = opendata.counts([c.pk for c in page])
    return {"count": len(rows), "items": [_record(request, c, tallies[c.pk]) for c in page]}


@router.get("/{slug}", response=ConsultationOut)
def consultation(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One public consultation with its phase and counts; a draft is not found (404)."""
    found = _consultation(slug)
    return _record(request, found, opendata.counts([found.pk])[found.pk])


@router.get("/{slug}/document", response=DocumentOut)
def consultation_document(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The document's sections and paragraphs, in order."""
    found = _consultation(slug)
    return {
        "consultation": found.slug,
        "language": found.language,
        "sections": opendata.document(found),
    }


@router.get("/{slug}/comments", response=CommentPage)
def consultation_comments(
    request: HttpRequest, slug: str, query: Query[PageQuery]
) -> dict[str, Any]:
    """Visible comments and replies, oldest first, without authors; four queries."""
    found = _consultation(slug)
    tally = opendata.counts([found.pk])[found.pk]
    comments = opendata.visible_comments(found)[query.offset : query.offset + query.limit]
    return {
        "count": tally.comments,
        "hidden_comments": tally.hidden,
        "items": [opendata.comment_record(comment) for comment in comments],
    }


@router.get("/{slug}/responses", response=ResponsesOut)
def consultation_responses(
    request: HttpRequest, slug: str, query: Query[PageQuery]
) -> dict[str, Any]:
    """The organiser's responses to visible comments, with the counts per outcome."""
    found = _consultation(slug)
    tally = opendata.counts([found.pk])[found.pk].as_dict()
    responses = (
        Response.objects.filter(comment__consultation=found, comment__hidden_at__isnull=True)
        .only("comment_id", "outcome", "reason", "responded_at")
        .order_by("comment_id")[query.offset : query.offset + query.limit]
    )
    return {
        "count": sum(tally["outcomes"].values()),
        "outcomes": tally["outcomes"],
        "unanswered": tally["unanswered"],
        "items": [
            {
                "comment": response.comment_id,
                "outcome": response.outcome,
                "reason": response.reason,
                "responded_at": opendata.utc(response.responded_at),
            }
            for response in responses
        ],
    }


def _report(request: HttpRequest, consultation: Consultation, report: Any) -> dict[str, Any]:
    kwargs = {"slug": consultation.slug, "version": report.version}
    return {
        "version": report.version,
        "summary": report.summary,
        "reason": report.reason,
        "published_at": opendata.utc(report.published_at),
        "counts": report.snapshot.get("counts", {}),
        "url": request.build_absolute_uri(reverse("consultations:report", kwargs=kwargs)),
        "pdf": request.build_absolute_uri(reverse("consultations:report_pdf", kwargs=kwargs)),
        "csv": request.build_absolute_uri(reverse("consultations:report_csv", kwargs=kwargs)),
    }


@router.get("/{slug}/reports", response=list[ReportOut])
def consultation_reports(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Every published version of the consultation report, the first first."""
    found = _consultation(slug)
    return [_report(request, found, report) for report in opendata.reports(found)]


@router.get("/{slug}/reports/{version}", response=ReportDetailOut)
def consultation_report(request: HttpRequest, slug: str, version: int) -> dict[str, Any]:
    """One report version: its proposals with their responses (without authors) and the text."""
    found = _consultation(slug)
    report = found.reports.filter(version=version).first()
    if report is None:
        raise Http404
    return {
        **_report(request, found, report),
        "proposals": opendata.report_proposals(report),
        "text": report.snapshot.get("text", []),
    }
