"""Reads that serve the places pages, each with a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from opencity.places.models import Country, Municipality, Region


def country_count() -> int:
    return Country.objects.filter(municipalities__isnull=False).distinct().count()


def municipality_count() -> int:
    return Municipality.objects.count()


def countries_with_counts() -> QuerySet[Country]:
    return Country.objects.annotate(
        region_count=Count("regions", filter=Q(regions__parent__isnull=True), distinct=True),
        municipality_count=Count("municipalities", distinct=True),
    ).order_by("code")


def top_regions(country: Country) -> QuerySet[Region]:
    return (
        Region.objects.filter(country=country, parent__isnull=True)
        .select_related("country")
        .annotate(municipality_count=Count("municipalities"))
        .order_by("slug")
    )


def child_regions(region: Region) -> QuerySet[Region]:
    return (
        Region.objects.filter(parent=region)
        .select_related("country")
        .annotate(municipality_count=Count("district_municipalities"))
        .order_by("slug")
    )


def municipalities_in(
    *,
    country: Country | None = None,
    region: Region | None = None,
    query: str = "",
    unit_type: str = "",
) -> QuerySet[Municipality]:
    municipalities = Municipality.objects.for_listing()
    if country is not None:
        municipalities = municipalities.filter(country=country)
    if region is not None:
        municipalities = municipalities.in_region(region)
    if unit_type:
        municipalities = municipalities.filter(unit_type=unit_type)
    if query:
        municipalities = municipalities.search(query)
    return municipalities.order_by("slug", "pk")


def municipality_register_section(
    request: HttpRequest, municipality: Municipality
) -> dict[str, Any]:
    return {"municipality": municipality}
