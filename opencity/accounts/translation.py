from modeltranslation.translator import TranslationOptions, register

from opencity.accounts.models import Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")
