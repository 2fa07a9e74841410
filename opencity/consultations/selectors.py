"""Reads that serve the public consultation pages, each with a fixed number of queries.

The consultation page loads the whole document with every comment, reply, response and the
viewer's supports in five queries whatever their numbers, and groups them here in Python: the
issue asks for the whole page of 2,000 comments at once, fast, rather than pages of comments.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from opencity.accounts.models import User
from opencity.consultations.models import (
    Comment,
    Consultation,
    ConsultationStatus,
    Outcome,
    Paragraph,
    Report,
    Section,
    Support,
)
from opencity.consultations.phases import Phase
from opencity.core.text import search_key

# The phases a visitor can filter the list by (a draft is never public).
PUBLIC_PHASES = (Phase.ANNOUNCED, Phase.OPEN, Phase.REVIEW, Phase.REPORTED)


def _with_report(queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """Annotate `has_report` and `latest_report_version`, so that the phase needs no query."""
    reports = Report.objects.filter(consultation=OuterRef("pk"))
    return queryset.annotate(
        has_report=Exists(reports),
        latest_report_version=Subquery(reports.order_by("-version").values("version")[:1]),
    )


def _visible_comment_count() -> Coalesce:
    counts = (
        Comment.objects.visible()
        .filter(consultation=OuterRef("pk"))
        .order_by()
        .values("consultation")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def phase_filter(phase: Phase, moment: datetime.datetime) -> Q:
    """The condition on an annotated (`has_report`) queryset that matches `phase` at `moment`,
    the same rule as phases.phase_on."""
    published = Q(status=ConsultationStatus.PUBLISHED)
    if phase is Phase.REPORTED:
        return published & Q(has_report=True)
    if phase is Phase.ANNOUNCED:
        return published & Q(has_report=False, opens_at__gt=moment)
    if phase is Phase.OPEN:
        return published & Q(has_report=False, opens_at__lte=moment, closes_at__gt=moment)
    if phase is Phase.REVIEW:
        return published & Q(has_report=False, closes_at__lte=moment)
    return Q(status=ConsultationStatus.DRAFT)


@dataclass
class ConsultationFilters:
    phase: Phase | None = None
    municipality: Any = None
    query: str = ""


def consultation_list(filters: ConsultationFilters) -> QuerySet[Consultation]:
    """Public consultations matching `filters`, newest opening first, each with its phase facts
    and its count of visible comments: one query per page of the list (and one more when
    searching)."""
    queryset = _with_report(Consultation.public.all()).annotate(
        comment_count=_visible_comment_count()
    )
    if filters.phase is not None:
        queryset = queryset.filter(phase_filter(filters.phase, timezone.now()))
    if filters.municipality is not None:
        queryset = queryset.filter(municipality=filters.municipality)
    if filters.query:
        queryset = queryset.filter(pk__in=_matching(queryset, filters.query))
    return queryset.select_related(
        "organiser", "municipality__country", "municipality__region"
    ).order_by("-opens_at", "pk")


def _matching(queryset: QuerySet[Consultation], query: str) -> list[int]:
    """The consultations whose title or summary, in any language, holds every word of `query`,
    compared by search key (case- and diacritic-free) in Python, because SQLite folds only
    ASCII letters: "бюджет" must find "Бюджет" on both databases alike."""
    from django.conf import settings

    codes = [code for code, _name in settings.LANGUAGES]
    fields = [f"{name}_{code}" for name in ("title", "summary") for code in codes]
    words = search_key(query).split()
    found = []
    for pk, *texts in queryset.values_list("pk", *fields):
        text = search_key(" ".join(t for t in texts if t))
        if all(word in text for word in words):
            found.append(pk)
    return found


def municipalities_with_consultations() -> list[Any]:
    """The municipalities with at least one public consultation, for the list's filter."""
    from opencity.places.models import Municipality

    return list(
        Municipality.objects.filter(consultations__status=ConsultationStatus.PUBLISHED)
        .distinct()
        .order_by("name")
    )


def public_consultation(slug: str) -> Consultation | None:
    return (
        _with_report(Consultation.public.filter(slug=slug))
        .select_related("organiser", "municipality__country", "municipality__region", "member")
        .first()
    )


def any_consultation(slug: str) -> Consultation | None:
    """A consultation whatever its status; the caller decides who may see a draft."""
    return (
        _with_report(Consultation.all_objects.filter(slug=slug))
        .select_related("organiser", "municipality__country", "municipality__region", "member")
        .first()
    )


# The consultation page -------------------------------------------------------------------------


@dataclass(slots=True)
class CommentRow:
    """The columns of a comment that the page shows."""

    pk: int
    paragraph_id: int | None
    parent_id: int | None
    author_id: int | None
    text: str
    created_at: datetime.datetime
    support_count: int
    hidden_at: datetime.datetime | None
    hidden_reason: str

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


@dataclass(slots=True)
class ResponseRow:
    outcome: str
    reason: str

    def get_outcome_display(self) -> str:
        return str(Outcome(self.outcome).label)


@dataclass
class CommentItem:
    """A comment as the page shows it: hidden ones keep only the moderator's reason."""

    comment: CommentRow
    author_name: str
    response: ResponseRow | None
    supported: bool
    own: bool
    replies: list[CommentItem] = field(default_factory=list)
    # Where the item stands in its flat list of comments and replies (see `_thread_entries`),
    # so that the page writes nested lists in one loop without an include per comment.
    is_reply: bool = False
    opens_replies: bool = False
    closes_thread: bool = False


def _thread_entries(top_level: list[CommentItem]) -> list[CommentItem]:
    """The comments in reading order, each followed by its replies, marked where a list of
    replies opens and closes."""
    entries: list[CommentItem] = []
    for item in top_level:
        entries.append(item)
        for position, reply in enumerate(item.replies):
            reply.is_reply = True
            reply.opens_replies = position == 0
            reply.closes_thread = position == len(item.replies) - 1
            entries.append(reply)
    return entries


@dataclass
class ParagraphItem:
    paragraph: Paragraph
    number: int
    comments: list[CommentItem]
    comment_count: int


@dataclass
class SectionItem:
    section: Section
    paragraphs: list[ParagraphItem]


@dataclass
class ConsultationPage:
    consultation: Consultation
    phase: Phase
    sections: list[SectionItem]
    general_comments: list[CommentItem]
    comment_count: int
    general_comment_count: int
    comments_by_id: dict[int, CommentItem]

    @property
    def paragraph_count(self) -> int:
        return sum(len(section.paragraphs) for section in self.sections)


def consultation_page(consultation: Consultation, viewer: Any) -> ConsultationPage:
    """The document by sections and paragraphs with every comment, its replies, the organiser's
    response and whether the viewer supports it. Four queries, five for a signed-in viewer."""
    consultation_has_report = getattr(consultation, "has_report", None)
    phase = consultation.phase(has_report=consultation_has_report)
    sections = list(
        Section.objects.filter(consultation=consultation)
        .order_by("order")
        .prefetch_related(Prefetch("paragraphs", queryset=Paragraph.objects.order_by("order")))
    )
    # Plain rows rather than model instances: building 2,000 comments with their authors and
    # responses as models took longer than writing the whole page.
    rows = (
        Comment.objects.filter(consultation=consultation)
        .order_by("created_at", "pk")
        .values_list(
            "pk",
            "paragraph_id",
            "parent_id",
            "author_id",
            "text",
            "created_at",
            "support_count",
            "hidden_at",
            "hidden_reason",
            "author__display_name",
            "author__deleted_at",
            "response__outcome",
            "response__reason",
        )
    )
    supported: set[int] = set()
    viewer_id = viewer.pk if getattr(viewer, "is_authenticated", False) else None
    if viewer_id is not None:
        supported = set(
            Support.objects.filter(
                user_id=viewer_id, comment__consultation=consultation
            ).values_list("comment_id", flat=True)
        )
    # The name shown is the author's `public_name`, computed once per author.
    names: dict[int | None, str] = {None: str(_("Former user"))}
    items: dict[int, CommentItem] = {}
    top_level: dict[int | None, list[CommentItem]] = defaultdict(list)
    visible_counts: dict[int | None, int] = defaultdict(int)
    for row in rows:
        comment = CommentRow(*row[:9])
        author_id = comment.author_id
        if author_id not in names:
            names[author_id] = User(display_name=row[9] or "", deleted_at=row[10]).public_name
        outcome = row[11]
        item = CommentItem(
            comment=comment,
            author_name=names[author_id],
            response=None if outcome is None else ResponseRow(outcome, row[12]),
            supported=comment.pk in supported,
            own=viewer_id is not None and author_id == viewer_id,
        )
        items[comment.pk] = item
        if comment.hidden_at is None:
            visible_counts[comment.paragraph_id] += 1
    for item in items.values():
        parent_id = item.comment.parent_id
        if parent_id is None:
            top_level[item.comment.paragraph_id].append(item)
        elif parent_id in items:
            items[parent_id].replies.append(item)
    number = 0
    section_items = []
    for section in sections:
        paragraph_items = []
        for paragraph in section.paragraphs.all():
            number += 1
            paragraph_items.append(
                ParagraphItem(
                    paragraph=paragraph,
                    number=number,
                    comments=_thread_entries(top_level.get(paragraph.pk, [])),
                    comment_count=visible_counts.get(paragraph.pk, 0),
                )
            )
        section_items.append(SectionItem(section=section, paragraphs=paragraph_items))
    return ConsultationPage(
        consultation=consultation,
        phase=phase,
        sections=section_items,
        general_comments=_thread_entries(top_level.get(None, [])),
        comment_count=sum(visible_counts.values()),
        general_comment_count=visible_counts.get(None, 0),
        comments_by_id=items,
    )


# Other pages' sections -------------------------------------------------------------------------


@dataclass
class ConsultationLine:
    consultation: Consultation
    phase: Phase


def _lines(queryset: QuerySet[Consultation]) -> list[ConsultationLine]:
    return [
        ConsultationLine(c, c.phase(has_report=c.has_report))  # type: ignore[attr-defined]
        for c in queryset
    ]


def municipality_section(request: Any, municipality: Any) -> dict[str, Any] | None:
    """The public consultations of the municipality, newest first; None (no section) when it has
    none. One query."""
    lines = _lines(
        _with_report(Consultation.public.for_municipality(municipality))
        .annotate(comment_count=_visible_comment_count())
        .select_related("organiser")
        .order_by("-opens_at", "pk")
    )
    if not lines:
        return None
    return {"municipality": municipality, "lines": lines}


def consultations_for_commitment(commitment: Any) -> list[ConsultationLine]:
    """The public consultations linked to an action-plan commitment, newest first, each with its
    phase and count of visible comments. One query."""
    return _lines(
        _with_report(Consultation.public.filter(commitments=commitment))
        .annotate(comment_count=_visible_comment_count())
        .select_related("organiser")
        .order_by("-opens_at", "pk")
    )
