import simple_history
from modeltranslation.translator import TranslationOptions, register

from opencity.actionplans.models import (
    ActionPlan,
    Assessment,
    CoCreationEvent,
    Commitment,
    Member,
    Milestone,
    PolicyArea,
    ProgressUpdate,
)


@register(Member)
class MemberTranslation(TranslationOptions):
    fields = ("name",)


@register(PolicyArea)
class PolicyAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(ActionPlan)
class ActionPlanTranslation(TranslationOptions):
    fields = ("title", "co_creation_summary", "reasoned_response")


@register(CoCreationEvent)
class CoCreationEventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("title", "short_title", "problem", "description", "how_it_helps")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("deliverable", "description")


@register(ProgressUpdate)
class ProgressUpdateTranslation(TranslationOptions):
    fields = ("title", "text")


@register(Assessment)
class AssessmentTranslation(TranslationOptions):
    fields = ("summary",)


# Registered after the translations, so that the history keeps every language. Everything a
# commitment depends on keeps who changed what, when, before and after.
simple_history.register(Member)
simple_history.register(ActionPlan)
simple_history.register(CoCreationEvent)
simple_history.register(Commitment, m2m_fields=["policy_areas", "supporting_institutions"])
simple_history.register(Milestone, excluded_fields=["overdue_notified_on"])
simple_history.register(ProgressUpdate)
simple_history.register(Assessment)
