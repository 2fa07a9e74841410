import simple_history
from modeltranslation.translator import TranslationOptions, register

from opencity.accounts.models import Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")


# Registered after the translation so that the history keeps every language's name.
simple_history.register(Organisation)
