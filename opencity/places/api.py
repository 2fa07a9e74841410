"""Open data on places: countries, regions and municipalities as the registers define them."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from opencity.places import selectors
from opencity.places.models import Country, Municipality, Region

router = Router(tags=["places"])


class CountryOut(Schema):
    code: str
    slug: str
    name: str
    region_count: int
    municipality_count: int


class PlaceNames(Schema):
    register_code: str = Field(..., alias="register")
    code: str
    unit_type: str
    slug: str
    name: str
    name_en: str | None
    name_uk: str | None
    name_ro: str | None
    name_bg: str | None


class RegionOut(PlaceNames):
    nuts_code: str
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(region: Region) -> str | None:
        return region.parent.code if region.parent else None


class MunicipalityOut(PlaceNames):
    country: str
    region_code: str
    district_code: str | None
    settlement_count: int | None
    population: int | None
    latitude: float | None
    longitude: float | None
    url: str

    @staticmethod
    def resolve_country(municipality: Municipality) -> str:
        return municipality.country.code

    @staticmethod
    def resolve_region_code(municipality: Municipality) -> str:
        return municipality.region.code

    @staticmethod
    def resolve_district_code(municipality: Municipality) -> str | None:
        return municipality.district.code if municipality.district else None

    @staticmethod
    def resolve_url(municipality: Municipality) -> str:
        return municipality.get_absolute_url()


@router.get("/countries", response=list[CountryOut])
def countries(request: HttpRequest) -> list[Country]:
    return list(selectors.countries_with_counts())


@router.get("/countries/{code}/regions", response=list[RegionOut], by_alias=True)
def regions(request: HttpRequest, code: str) -> list[Region]:
    country = get_object_or_404(Country, code=code.upper())
    return list(Region.objects.filter(country=country).select_related("parent"))


@router.get("/municipalities", response=list[MunicipalityOut], by_alias=True)
@paginate(LimitOffsetPagination)
def municipalities(
    request: HttpRequest, country: str = "", region: str = "", q: str = "", unit_type: str = ""
):  # type: ignore[no-untyped-def]
    """Municipalities, filtered by country (ISO code), region (official code), name or type."""
    country_obj = get_object_or_404(Country, code=country.upper()) if country else None
    region_obj = get_object_or_404(Region, code=region) if region else None
    return selectors.municipalities_in(
        country=country_obj, region=region_obj, query=q, unit_type=unit_type
    )


@router.get("/municipalities/{register_code}/{code}", response=MunicipalityOut, by_alias=True)
def municipality(request: HttpRequest, register_code: str, code: str) -> Municipality:
    """One municipality by register (katotth, siruta, ekatte) and official code."""
    return get_object_or_404(Municipality.objects.for_listing(), register=register_code, code=code)
