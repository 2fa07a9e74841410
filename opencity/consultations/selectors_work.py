"""Reads of the organisers' consultation pages (views/work.py), each with a fixed number of
queries whatever the numbers of comments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from opencity.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from opencity.consultations.models import Comment, Consultation, Paragraph, Report, Section

ORGANISER_KINDS = (OrganisationKind.CITY_HALL, OrganisationKind.NATIONAL_GOVERNMENT)


def organisers(user: User) -> QuerySet[Organisation]:
    """The organisations whose consultations the person prepares: where they are an official
    (every city hall and government body for platform administrators)."""
    if user.is_superuser:
        return Organisation.objects.filter(kind__in=ORGANISER_KINDS).order_by("name")
    return Organisation.objects.filter(
        pk__in=Membership.objects.filter(user=user, role=Role.OFFICIAL).values("organisation_id")
    ).order_by("name")


def _count(queryset: QuerySet[Any]) -> Subquery:
    return Coalesce(
        Subquery(
            queryset.order_by().values("consultation").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def proposals(consultation: Consultation | None = None) -> QuerySet[Comment]:
    """The comments that need a response: visible, top level (replies are discussion)."""
    queryset = Comment.objects.visible().filter(parent__isnull=True)
    if consultation is not None:
        queryset = queryset.filter(consultation=consultation)
    return queryset


def with_counts(queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """Annotate `proposal_count`, `unanswered_count`, `paragraph_count`, `has_report` and
    `latest_report_version`."""
    own = proposals().filter(consultation=OuterRef("pk"))
    reports = Report.objects.filter(consultation=OuterRef("pk"))
    return queryset.annotate(
        proposal_count=_count(own),
        unanswered_count=_count(own.filter(response__isnull=True)),
        paragraph_count=_count(Paragraph.objects.filter(consultation=OuterRef("pk"))),
        has_report=Exists(reports),
        latest_report_version=Subquery(reports.order_by("-version").values("version")[:1]),
    )


def work_consultations(user: User) -> QuerySet[Consultation]:
    return with_counts(
        Consultation.all_objects.filter(organiser__in=organisers(user)).select_related("organiser")
    ).order_by("-opens_at", "pk")


def work_consultation(slug: str) -> Consultation | None:
    return (
        with_counts(Consultation.all_objects.filter(slug=slug))
        .select_related("organiser", "municipality", "member")
        .first()
    )


@dataclass(frozen=True)
class QueueFilters:
    state: str = ""  # "": without a response; "answered"; an outcome; "all"
    section: int | None = None
    paragraph: int | None = None  # 0: the whole document


def response_queue(consultation: Consultation, filters: QueueFilters) -> QuerySet[Comment]:
    """The proposals of a consultation for the response queue, in the document's order."""
    queryset = proposals(consultation)
    if filters.state == "":
        queryset = queryset.filter(response__isnull=True)
    elif filters.state == "answered":
        queryset = queryset.filter(response__isnull=False)
    elif filters.state != "all":
        queryset = queryset.filter(response__outcome=filters.state)
    if filters.section is not None:
        queryset = queryset.filter(paragraph__section_id=filters.section)
    if filters.paragraph == 0:
        queryset = queryset.filter(paragraph__isnull=True)
    elif filters.paragraph is not None:
        queryset = queryset.filter(paragraph_id=filters.paragraph)
    return (
        queryset.select_related("paragraph__section", "author", "response")
        .annotate(reply_count=Count("replies", filter=Q(replies__hidden_at__isnull=True)))
        .order_by("paragraph__order", "created_at", "pk")
    )


def sections_and_paragraphs(
    consultation: Consultation,
) -> tuple[list[Section], list[Paragraph]]:
    sections = list(consultation.sections.order_by("order"))
    paragraphs = list(
        consultation.paragraphs.order_by("order").only(
            "pk", "consultation_id", "order", "section_id"
        )
    )
    return sections, paragraphs


def document(consultation: Consultation) -> list[Section]:
    """The sections with their paragraphs (two queries)."""
    return list(
        consultation.sections.order_by("order").prefetch_related(
            Prefetch("paragraphs", queryset=Paragraph.objects.order_by("order"))
        )
    )


def report_versions(consultation: Consultation) -> list[Report]:
    return list(
        consultation.reports.order_by("-version").only(
            "pk", "consultation_id", "version", "summary", "reason", "published_at"
        )
    )
