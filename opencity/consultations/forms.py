"""Forms of the public consultation pages. They only read what a person sent; the length limits,
the phase and the rate limits are checked by services.py, whose errors the views put back on
the form so that the page shows them beside what was typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from opencity.consultations.models import COMMENT_MAX_LENGTH
from opencity.consultations.phases import PHASE_LABELS
from opencity.consultations.selectors import PUBLIC_PHASES, ConsultationFilters, Phase

ABUSE_REASON_MAX_LENGTH = 1000


class ConsultationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, data: Any = None, *, municipalities: Sequence[Any] = ()) -> None:
        super().__init__(data)
        self.fields["phase"].choices = [
            ("", _("Any phase")),
            *((phase.value, PHASE_LABELS[phase]) for phase in PUBLIC_PHASES),
        ]
        self._municipalities = {str(m.pk): m for m in municipalities}
        self.fields["municipality"].choices = [
            ("", _("Any municipality")),
            *((str(m.pk), m.name) for m in municipalities),
        ]

    def filters(self) -> ConsultationFilters:
        """The valid filters; a field with an error does not filter."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return ConsultationFilters(
            phase=Phase(data["phase"]) if data.get("phase") else None,
            municipality=self._municipalities.get(data.get("municipality") or ""),
            query=(data.get("q") or "").strip(),
        )


def _comment_help() -> str:
    return _("At most %(limit)s characters. Shown with the name you chose to show.") % {
        "limit": number_format(COMMENT_MAX_LENGTH, force_grouping=True)
    }


class CommentForm(forms.Form):
    """A comment on a paragraph, on the whole document, or a reply. The length is not capped in
    the browser, so that a pasted text too long is kept whole and the error says by how much."""

    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
    )
    paragraph = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _comment_help()

    def put_error(self, error: ValidationError) -> None:
        """Show a service's refusal beside the field it names, or above the form."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name == "text" else None, errors)
        else:
            self.add_error(None, error)


class AbuseReportForm(forms.Form):
    comment = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("What is wrong with this comment?"),
        help_text=_("A sentence is enough: for example insults, personal data or spam."),
        widget=forms.Textarea(attrs={"rows": 2}),
        strip=False,
    )

    def put_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name == "reason" else None, errors)
        else:
            self.add_error(None, error)


class SupportForm(forms.Form):
    comment = forms.IntegerField()
    withdraw = forms.BooleanField(required=False)
