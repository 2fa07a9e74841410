from django import forms
from django.utils.translation import gettext_lazy as _

from opencity.places.models import MunicipalityType


class PlaceSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or official code"), max_length=100, required=False)
    unit_type = forms.ChoiceField(
        label=_("Unit type"),
        required=False,
        choices=[("", _("All types")), *MunicipalityType.choices],
    )
