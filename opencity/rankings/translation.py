import simple_history
from modeltranslation.translator import TranslationOptions, register

from opencity.rankings.models import (
    Area,
    CategoryThreshold,
    Indicator,
    Methodology,
    Scale,
    ScaleLevel,
)


@register(Methodology)
class MethodologyTranslation(TranslationOptions):
    fields = ("name",)


@register(Scale)
class ScaleTranslation(TranslationOptions):
    fields = ("name",)


@register(ScaleLevel)
class ScaleLevelTranslation(TranslationOptions):
    fields = ("label",)


@register(Area)
class AreaTranslation(TranslationOptions):
    fields = ("title",)


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("title", "guidance")


@register(CategoryThreshold)
class CategoryThresholdTranslation(TranslationOptions):
    fields = ("label",)


# Registered after the translations, so that the history keeps every language.
simple_history.register(Methodology)
simple_history.register(Indicator)
