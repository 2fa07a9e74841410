from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from opencity.places.models import Country, Municipality, Region


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    list_display = ["code", "name", "slug"]
    search_fields = ["code", "name"]


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ["name", "code", "unit_type", "country", "parent", "nuts_code"]
    list_filter = ["country", "register", "unit_type"]
    search_fields = ["code", "name", "slug"]
    list_select_related = ["country", "parent"]
    raw_id_fields = ["parent"]


@admin.register(Municipality)
class MunicipalityAdmin(TranslationAdmin):
    list_display = ["name", "code", "unit_type", "region", "district", "settlement_count"]
    list_filter = ["country", "register", "unit_type", "region"]
    search_fields = ["code", "name", "slug", "search_text"]
    list_select_related = ["country", "region", "district"]
    raw_id_fields = ["region", "district"]
