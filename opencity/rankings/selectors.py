"""Reads for the rankings pages, each with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from opencity.accounts.models import User
from opencity.rankings.models import Indicator, Methodology


def methodologies_visible_to(user: User) -> QuerySet[Methodology]:
    """Frozen methodologies for everyone; drafts too for those who may edit them."""
    methodologies = Methodology.objects.all()
    if not user.has_perm("rankings.change_methodology"):
        methodologies = methodologies.public()
    return methodologies.annotate(
        indicator_count=Count("indicators", distinct=True),
        area_count=Count("areas", distinct=True),
    ).order_by("-edition", "-version", "pk")


def methodology_detail(user: User, pk: int) -> Methodology | None:
    return (
        methodologies_visible_to(user)
        .select_related("predecessor")
        .prefetch_related(
            Prefetch(
                "areas__indicators",
                queryset=Indicator.objects.select_related("scale", "predecessor"),
            ),
            "scales__levels",
            "thresholds",
        )
        .filter(pk=pk)
        .first()
    )
