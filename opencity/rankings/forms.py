"""Forms of the rankings pages: they parse what a person sends; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AnswersImportForm(forms.Form):
    file = forms.FileField(
        label=_("File with the answers"),
        help_text=_(
            "A CSV file (UTF-8) or an XLSX workbook with a sheet named “answers”, in the "
            "format of the answers download."
        ),
    )
