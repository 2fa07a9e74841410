"""The Django admin for action plans: search and filters for every model, history for everything
a commitment depends on. Members are created here (or by `opencity import_ogp`)."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from opencity.actionplans.models import (
    ActionPlan,
    Assessment,
    CoCreationEvent,
    Commitment,
    Follow,
    Member,
    Milestone,
    PolicyArea,
    ProgressEvidence,
    ProgressUpdate,
)


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "kind", "prefix", "country", "municipality", "government"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "prefix", "slug"]
    autocomplete_fields = ["municipality", "government", "monitoring_body"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(PolicyArea)
class PolicyAreaAdmin(TranslationAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class CoCreationEventInline(TranslationTabularInline):
    model = CoCreationEvent
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["identifier", "member", "start_year", "end_year", "status", "influence_level"]
    list_filter = ["status", "influence_level", "member__kind", "start_year"]
    search_fields = ["identifier", "title", "member__name"]
    autocomplete_fields = ["member"]
    inlines = [CoCreationEventInline]


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 0
    fields = ["number", "deliverable", "responsible", "start_date", "end_date", "status", "weight"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["identifier", "short_title", "plan", "start_date", "end_date"]
    list_filter = ["plan__status", "plan__member__kind", "policy_areas"]
    search_fields = ["identifier", "title", "short_title"]
    autocomplete_fields = ["plan", "lead_institution", "supporting_institutions", "parent"]
    filter_horizontal = ["policy_areas"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["deliverable", "commitment", "number", "end_date", "status"]
    list_filter = ["status"]
    search_fields = ["deliverable", "commitment__identifier"]
    autocomplete_fields = ["commitment"]


class EvidenceInline(admin.TabularInline):
    model = ProgressEvidence
    extra = 0
    fk_name = "update"
    readonly_fields = ["file_sha256"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "commitment", "reported_on", "progress", "organisation"]
    list_filter = ["reported_on"]
    search_fields = ["title", "commitment__identifier"]
    autocomplete_fields = ["commitment", "milestone", "author", "organisation"]
    inlines = [EvidenceInline]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = [
        "commitment",
        "report_type",
        "assessor_kind",
        "organisation",
        "completion",
        "open_government",
        "starred",
        "promising",
    ]
    list_filter = ["report_type", "assessor_kind", "starred", "promising", "completion"]
    search_fields = ["commitment__identifier", "organisation__name"]
    autocomplete_fields = ["commitment", "organisation", "author"]
    readonly_fields = ["starred"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["commitment", "user", "created_at"]
    search_fields = ["commitment__identifier", "user__email"]
    autocomplete_fields = ["commitment", "user"]
