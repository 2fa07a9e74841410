from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from opencity.rankings import services
from opencity.rankings.models import (
    Answer,
    Area,
    Assignment,
    CategoryThreshold,
    Cycle,
    Dispute,
    EvidenceArchive,
    Indicator,
    Methodology,
    Publication,
    Scale,
    ScaleLevel,
    methodology_of,
)


class AreaInline(TranslationTabularInline):
    model = Area
    extra = 0


class ThresholdInline(TranslationTabularInline):
    model = CategoryThreshold
    extra = 0


class FrozenAware:
    """Parts of a frozen methodology are shown but cannot be changed or deleted."""

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        if obj is not None and methodology_of(obj).is_frozen:
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        if obj is not None and methodology_of(obj).is_frozen:
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]


@admin.register(Methodology)
class MethodologyAdmin(FrozenAware, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "edition", "version", "status", "frozen_at", "predecessor"]
    list_filter = ["status", "edition"]
    search_fields = ["name"]
    readonly_fields = ["status", "frozen_at"]
    inlines = [AreaInline, ThresholdInline]


class ScaleLevelInline(TranslationTabularInline):
    model = ScaleLevel
    extra = 0


@admin.register(Scale)
class ScaleAdmin(FrozenAware, TranslationAdmin):
    list_display = ["code", "name", "kind", "methodology"]
    list_filter = ["kind", "methodology"]
    search_fields = ["code", "name"]
    inlines = [ScaleLevelInline]


@admin.register(Indicator)
class IndicatorAdmin(FrozenAware, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["code", "title", "area", "check_method", "requirement_type", "scale", "weight"]
    list_filter = ["methodology", "check_method", "requirement_type", "scale__kind"]
    search_fields = ["code", "title"]
    list_select_related = ["area", "scale"]
    raw_id_fields = ["predecessor"]

    def save_model(self, request, obj, form, change) -> None:  # type: ignore[no-untyped-def]
        services.methodology_part_save(actor=request.user, part=obj)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ["municipality", "assessor", "reviewer"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "methodology", "information_requests_start", "publication_date"]
    list_filter = ["year", "methodology"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["cycle", "municipality", "assessor", "reviewer"]
    list_filter = ["cycle"]
    search_fields = ["municipality__name", "assessor__email", "reviewer__email"]
    list_select_related = ["cycle", "municipality", "assessor", "reviewer"]
    raw_id_fields = ["municipality", "assessor", "reviewer"]


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "indicator", "level", "state", "updated_by", "updated_at"]
    list_filter = ["cycle", "state"]
    search_fields = ["municipality__name", "indicator__code", "comment"]
    list_select_related = ["municipality", "indicator", "level", "updated_by"]
    raw_id_fields = ["municipality", "indicator", "level", "updated_by"]
    readonly_fields = ["revision"]


class ReadOnly:
    """Shown in the admin, never changed there: archives are evidence, publications are
    immutable snapshots, and disputes are decided through the reply pages' services."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(EvidenceArchive)
class EvidenceArchiveAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["url", "status", "http_status", "fetched_at", "size", "truncated"]
    list_filter = ["status", "answer__cycle"]
    search_fields = ["url", "sha256"]
    list_select_related = ["answer"]


@admin.register(Dispute)
class DisputeAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["answer", "organisation", "proposed_level", "state", "created_at"]
    list_filter = ["state", "answer__cycle"]
    search_fields = ["answer__municipality__name", "explanation"]
    list_select_related = ["answer__municipality", "answer__indicator", "organisation"]


@admin.register(Publication)
class PublicationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["cycle", "version", "published_at", "published_by", "municipality_count"]
    list_filter = ["cycle"]
    list_select_related = ["cycle", "published_by"]
