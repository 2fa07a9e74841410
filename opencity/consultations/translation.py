import simple_history
from modeltranslation.translator import TranslationOptions, register

from opencity.consultations.models import Consultation


@register(Consultation)
class ConsultationTranslation(TranslationOptions):
    fields = ("title", "summary")


# Registered after the translations, so that the history keeps every language.
simple_history.register(Consultation, m2m_fields=["commitments"])
