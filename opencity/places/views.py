from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from opencity.core.registry import registry
from opencity.places import selectors
from opencity.places.forms import PlaceSearchForm
from opencity.places.models import Country, Municipality, Region


def _listing(request: HttpRequest, *, always: bool = False, **scope: object) -> dict:
    """The search form and, when searching (or `always`), one page of municipalities."""
    form = PlaceSearchForm(request.GET or None)
    if not (form.is_bound or always):
        return {"form": form}
    # The fields that are valid still apply when another one is not.
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    municipalities = selectors.municipalities_in(
        query=data.get("q", ""), unit_type=data.get("unit_type", ""), **scope
    )
    page = Paginator(municipalities, settings.OPENCITY_PAGE_SIZE).get_page(request.GET.get("page"))
    return {"form": form, "page": page, "searching": bool(data.get("q") or data.get("unit_type"))}


def index(request: HttpRequest) -> HttpResponse:
    context = {"countries": selectors.countries_with_counts(), **_listing(request)}
    return render(request, "places/index.html", context)


def country_detail(request: HttpRequest, country: str) -> HttpResponse:
    country_obj = get_object_or_404(Country, slug=country)
    context = {
        "country": country_obj,
        "regions": selectors.top_regions(country_obj),
        **_listing(request, country=country_obj),
    }
    return render(request, "places/country.html", context)


def region_detail(request: HttpRequest, country: str, region: str) -> HttpResponse:
    region_obj = get_object_or_404(
        Region.objects.select_related("country", "parent"), country__slug=country, slug=region
    )
    context = {
        "country": region_obj.country,
        "region": region_obj,
        "children": selectors.child_regions(region_obj),
        **_listing(request, always=True, region=region_obj),
    }
    return render(request, "places/region.html", context)


def municipality_detail(
    request: HttpRequest, country: str, region: str, municipality: str
) -> HttpResponse:
    municipality_obj = get_object_or_404(
        Municipality.objects.for_listing(),
        country__slug=country,
        region__slug=region,
        slug=municipality,
    )
    sections = []
    for section in registry.municipality_sections:
        section_context = section.context(request, municipality_obj)
        if section_context is not None:
            sections.append({"section": section, "context": section_context})
    return render(
        request,
        "places/municipality.html",
        {"municipality": municipality_obj, "sections": sections},
    )
