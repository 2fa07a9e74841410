"""The query string of the open-data downloads."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class VersionForm(forms.Form):
    """`?version=N` picks an earlier version of a publication; without it, the current one."""

    version = forms.IntegerField(label=_("version"), min_value=1, required=False)
