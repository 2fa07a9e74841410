from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from opencity.places.models import Country, Municipality, Region
from opencity.places.services import place_save


class PlaceAdmin(TranslationAdmin):
    """Hand edits go through the service, so that the search text follows the names."""

    def save_model(self, request, obj, form, change) -> None:  # type: ignore[no-untyped-def]
        place_save(place=obj)


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    list_display = ["code", "name", "slug"]
    search_fields = ["code", "name"]


@admin.register(Region)
class RegionAdmin(PlaceAdmin):
    list_display = ["name", "code", "unit_type", "country", "parent", "nuts_code"]
    list_filter = ["country", "register", "unit_type"]
    search_fields = ["code", "name", "slug"]
    list_select_related = ["country", "parent"]
    raw_id_fields = ["parent"]


@admin.register(Municipality)
class MunicipalityAdmin(PlaceAdmin):
    list_display = ["name", "code", "unit_type", "region", "district", "settlement_count"]
    list_filter = ["country", "register", "unit_type", "region"]
    search_fields = ["code", "name", "slug", "search_text"]
    list_select_related = ["country", "region", "district"]
    raw_id_fields = ["region", "district"]
