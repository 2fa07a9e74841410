"""Consultations as open data, for the downloads (views/opendata.py) and the API (api.py).

Only public consultations (never a draft); comments without any author, only visible ones (the
hidden ones are counted, their text never leaves the database); the organiser's responses without
who wrote them. Each read makes a fixed number of queries whatever the number of comments.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from opencity.consultations.models import (
    Comment,
    Consultation,
    Outcome,
    Paragraph,
    Report,
    Section,
)

COMMENT_COLUMNS = (
    "id",
    "reply_to",
    "section",
    "section_title",
    "paragraph",
    "written_at",
    "text",
    "supports",
    "outcome",
    "reason",
    "responded_at",
)

CONSULTATION_COLUMNS = (
    "slug",
    "title",
    "summary",
    "organiser",
    "organiser_kind",
    "municipality_code",
    "municipality",
    "country",
    "language",
    "phase",
    "opens_at",
    "closes_at",
    "sections",
    "paragraphs",
    "comments",
    "proposals",
    "replies",
    "hidden_comments",
    "supports",
    *Outcome.values,
    "unanswered",
    "report_version",
    "url",
)


def utc(moment: datetime.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def consultations() -> QuerySet[Consultation]:
    """Public consultations, newest opening first, with what their phase needs (`has_report`,
    `report_version`) and their document's size: one query."""
    reports = Report.objects.filter(consultation=OuterRef("pk"))
    return (
        Consultation.public.annotate(
            has_report=Exists(reports),
            report_version=Subquery(reports.order_by("-version").values("version")[:1]),
            section_count=Subquery(
                Section.objects.filter(consultation=OuterRef("pk"))
                .order_by()
                .values("consultation")
                .annotate(total=Count("pk"))
                .values("total")
            ),
            paragraph_count=Subquery(
                Paragraph.objects.filter(consultation=OuterRef("pk"))
                .order_by()
                .values("consultation")
                .annotate(total=Count("pk"))
                .values("total")
            ),
        )
        .select_related("organiser", "municipality__country")
        .order_by("-opens_at", "pk")
    )


def public_consultation(slug: str) -> Consultation | None:
    return consultations().filter(slug=slug).first()


@dataclass
class Counts:
    """The comments of one consultation, counted: visible ones by kind, hidden ones, supports of
    the visible ones, and the responses to the visible proposals by outcome."""

    proposals: int = 0
    replies: int = 0
    hidden: int = 0
    supports: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def comments(self) -> int:
        return self.proposals + self.replies

    def as_dict(self) -> dict[str, Any]:
        return {
            "comments": self.comments,
            "proposals": self.proposals,
            "replies": self.replies,
            "hidden_comments": self.hidden,
            "supports": self.supports,
            "outcomes": {value: self.outcomes[value] for value in Outcome.values},
            "unanswered": self.outcomes[""],
        }


def counts(consultation_ids: list[int]) -> dict[int, Counts]:
    """The counts of each consultation in `consultation_ids`: one grouped query."""
    found: dict[int, Counts] = {pk: Counts() for pk in consultation_ids}
    rows = (
        Comment.objects.filter(consultation_id__in=consultation_ids)
        .order_by()
        .annotate(
            is_hidden=ExpressionWrapper(Q(hidden_at__isnull=False), output_field=BooleanField()),
            is_reply=ExpressionWrapper(Q(parent__isnull=False), output_field=BooleanField()),
        )
        .values("consultation_id", "is_hidden", "is_reply", "response__outcome")
        .annotate(total=Count("pk"), supports=Sum("support_count"))
    )
    for row in rows:
        entry = found[row["consultation_id"]]
        if row["is_hidden"]:
            entry.hidden += row["total"]
            continue
        entry.supports += row["supports"] or 0
        if not row["is_reply"]:
            entry.proposals += row["total"]
            entry.outcomes[row["response__outcome"] or ""] += row["total"]
        else:
            entry.replies += row["total"]
    return found


def consultation_record(consultation: Consultation, tally: Counts, url: str) -> dict[str, Any]:
    """One consultation with its phase and counts; no person is named."""
    municipality = consultation.municipality
    numbers = tally.as_dict()
    return {
        "slug": consultation.slug,
        "title": consultation.title,
        "summary": consultation.summary,
        "organiser": consultation.organiser.name,
        "organiser_kind": consultation.organiser.kind,
        "municipality_code": municipality.code if municipality else "",
        "municipality": municipality.name if municipality else "",
        "country": municipality.country.code if municipality else "",
        "language": consultation.language,
        "phase": consultation.phase(has_report=consultation.has_report).value,  # type: ignore[attr-defined]
        "opens_at": utc(consultation.opens_at),
        "closes_at": utc(consultation.closes_at),
        "sections": consultation.section_count or 0,  # type: ignore[attr-defined]
        "paragraphs": consultation.paragraph_count or 0,  # type: ignore[attr-defined]
        "comments": numbers["comments"],
        "proposals": numbers["proposals"],
        "replies": numbers["replies"],
        "hidden_comments": numbers["hidden_comments"],
        "supports": numbers["supports"],
        **numbers["outcomes"],
        "unanswered": numbers["unanswered"],
        "report_version": consultation.report_version,  # type: ignore[attr-defined]
        "url": url,
    }


def visible_comments(consultation: Consultation) -> QuerySet[Comment]:
    """The visible comments and replies of a consultation, oldest first, with their paragraph,
    section and response: one query. The author is not read at all."""
    return (
        Comment.objects.visible()
        .filter(consultation=consultation)
        .select_related("paragraph__section", "response")
        .only(
            "pk",
            "parent_id",
            "consultation_id",
            "paragraph__order",
            "paragraph__section__order",
            "paragraph__section__title",
            "created_at",
            "text",
            "support_count",
            "hidden_at",
            "response__outcome",
            "response__reason",
            "response__responded_at",
            "response__comment_id",
        )
        .order_by("created_at", "pk")
    )


def comment_record(comment: Comment) -> dict[str, Any]:
    paragraph = comment.paragraph
    response = getattr(comment, "response", None)
    return {
        "id": comment.pk,
        "reply_to": comment.parent_id,
        "section": paragraph.section.order if paragraph else None,
        "section_title": paragraph.section.title if paragraph else "",
        "paragraph": paragraph.order if paragraph else None,
        "written_at": utc(comment.created_at),
        "text": comment.text,
        "supports": comment.support_count,
        "outcome": response.outcome if response else "",
        "reason": response.reason if response else "",
        "responded_at": utc(response.responded_at) if response else None,
    }


def document(consultation: Consultation) -> list[dict[str, Any]]:
    """The sections and paragraphs, in order; the final text only once a report is published
    (before that the organiser may still be writing it). Two queries."""
    reported = bool(consultation.has_report)  # type: ignore[attr-defined]
    paragraphs: dict[int, list[dict[str, Any]]] = {}
    for paragraph in Paragraph.objects.filter(consultation=consultation).order_by("order"):
        paragraphs.setdefault(paragraph.section_id, []).append(
            {
                "number": paragraph.order,
                "text": paragraph.text,
                "final_text": paragraph.final if reported else None,
                "removed": paragraph.removed if reported else None,
            }
        )
    return [
        {
            "number": section.order,
            "title": section.title,
            "paragraphs": paragraphs.get(section.pk, []),
        }
        for section in Section.objects.filter(consultation=consultation).order_by("order")
    ]


def reports(consultation: Consultation) -> list[Report]:
    return list(consultation.reports.order_by("version"))


def report_proposals(report: Report) -> list[dict[str, Any]]:
    """The proposals of a report version without their authors."""
    return [
        {
            "id": proposal["comment"],
            "section": proposal["section"],
            "paragraph": proposal["paragraph"],
            "written_at": proposal["written"],
            "text": proposal["text"],
            "supports": proposal["supports"],
            "outcome": proposal["outcome"],
            "reason": proposal["reason"],
        }
        for proposal in report.snapshot.get("proposals", [])
    ]
