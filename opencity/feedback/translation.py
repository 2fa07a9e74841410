import simple_history
from modeltranslation.translator import TranslationOptions, register

from opencity.feedback.models import Service, ServiceAttribute


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "description", "group")


@register(ServiceAttribute)
class ServiceAttributeTranslation(TranslationOptions):
    fields = ("description", "datatype_description")


# Registered after the translations, so that the history keeps every language.
simple_history.register(Service)
