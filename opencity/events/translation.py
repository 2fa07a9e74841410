import simple_history
from modeltranslation.translator import TranslationOptions, register

from opencity.events.models import Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "minutes", "outcomes")


# Registered after the translations, so that the history keeps every language.
simple_history.register(Event, m2m_fields=["organisations_present"])
