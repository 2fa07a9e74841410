"""Forms of the city's right of reply. They parse what a person sends; the services decide
whether a reply may be sent, accepted or rejected."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import localize
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from opencity.rankings.models import ScaleLevel

EVIDENCE_FILE_TYPES = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


class LinesField(forms.CharField):
    """A textarea of one item per line, given to the service as a list (blank lines dropped).
    The form shows back the text as typed."""

    widget = forms.Textarea

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


def level_choice_label(level: ScaleLevel, current: ScaleLevel | None) -> str:
    """What a radio button of the proposed level says: the label and what the level is worth."""
    if level.not_applicable:
        label = gettext("%(label)s (not applicable: left out of the total)") % {
            "label": level.label
        }
    elif level.points is None:
        label = gettext("%(label)s (no points)") % {"label": level.label}
    else:
        label = gettext("%(label)s (points: %(points)s)") % {
            "label": level.label,
            "points": localize(level.points.normalize()),
        }
    if current is not None and level.pk == current.pk:
        label = gettext("%(level)s, the level given now") % {"level": label}
    return label


class DisputeForm(forms.Form):
    proposed_level = forms.ChoiceField(
        label=_("The level you propose"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the level you propose.")},
    )
    # Not required here: the service says what is missing, in the same words everywhere.
    explanation = forms.CharField(
        label=_("Why the answer should change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Say what the assessment missed or got wrong, and where the evidence shows it."
        ),
    )
    evidence_urls = LinesField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "url"}),
        help_text=_("Web addresses of pages or documents that support your reply, one per line."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_FILE_TYPES}),
        help_text=_(
            "A PDF, PNG or JPEG file. If the form comes back with an error, choose the file again: "
            "browsers do not keep it."
        ),
    )

    def __init__(
        self, *args: Any, levels: list[ScaleLevel], current: ScaleLevel | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposed_level"].choices = [
            (level.code, level_choice_label(level, current)) for level in levels
        ]


class DecisionForm(forms.Form):
    """The reason for accepting (optional) or rejecting (required, says the service) a reply."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, rejecting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        if rejecting:
            field.label = _("Reason for rejecting (required)")
            field.help_text = _(
                "The city sees it, and everyone does once the ranking is published."
            )
        else:
            field.label = _("Reason for accepting (optional)")
            field.help_text = _("The answer takes the level the city proposes.")
