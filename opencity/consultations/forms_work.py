"""Forms of the organisers' consultation pages (views/work.py). They check what was typed; the
services write it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from opencity.accounts.models import Organisation
from opencity.consultations.documents import MAX_DOCX_BYTES
from opencity.consultations.models import Consultation, Outcome

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED_FIELDS = [f"{name}_{code}" for name in ("title", "summary") for code in LANGUAGE_CODES]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ConsultationForm(forms.ModelForm):
    """A consultation's title and summary in each language where given, its dates, place,
    OGP member, linked commitments and the language of its document. The organiser is chosen
    when the consultation is created."""

    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organisation.objects.none(), empty_label=None
    )

    class Meta:
        model = Consultation
        fields = [
            *TRANSLATED_FIELDS,
            "opens_at",
            "closes_at",
            "municipality",
            "member",
            "commitments",
            "language",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "commitments": forms.CheckboxSelectMultiple,
            **{f"summary_{code}": forms.Textarea(attrs={"rows": 4}) for code in LANGUAGE_CODES},
        }
        help_texts = {
            "opens_at": _("In the platform's time zone."),
            "language": _("The language the document is written in; the PDF report uses it."),
        }

    def __init__(
        self,
        *args: Any,
        organisers: QuerySet[Organisation] | None = None,
        municipalities: QuerySet[Any],
        members: QuerySet[Any],
        commitments: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisers is None:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = organisers
        self.fields["municipality"].queryset = municipalities
        self.fields["member"].queryset = members
        self.fields["commitments"].queryset = commitments
        self.fields["commitments"].label_from_instance = lambda c: (
            f"{c.identifier} {c.short_title or c.title}"
        )
        languages = dict(settings.LANGUAGES)
        for code in LANGUAGE_CODES:
            self.fields[f"title_{code}"].label = _("Title (%(language)s)") % {
                "language": languages[code]
            }
            self.fields[f"title_{code}"].required = False
            self.fields[f"summary_{code}"].label = _("Summary (%(language)s)") % {
                "language": languages[code]
            }
            self.fields[f"summary_{code}"].required = False
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any((data.get(f"title_{code}") or "").strip() for code in LANGUAGE_CODES):
            self.add_error(
                f"title_{LANGUAGE_CODES[0]}", _("Give the title in at least one language.")
            )
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("A consultation must close after it opens."))
        return data

    def _post_clean(self) -> None:
        # The service validates the whole consultation; the form only checks the fields.
        pass

    def first_title(self) -> str:
        for code in LANGUAGE_CODES:
            if self.cleaned_data.get(f"title_{code}"):
                return str(self.cleaned_data[f"title_{code}"])
        return ""

    def consultation_fields(self) -> dict[str, Any]:
        """The fields for services.consultation_create/update, without the commitments."""
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name != "commitments" and name in self.cleaned_data
        }


class DocumentForm(forms.Form):
    """The document, uploaded as a Word file or pasted as Markdown."""

    file = forms.FileField(
        label=_("Word document (.docx)"),
        required=False,
        help_text=_(
            "Headings (Title, Heading 1 to 9) start sections; every other paragraph and every "
            "table row becomes a paragraph people can comment on. At most %(limit)d MB."
        )
        % {"limit": MAX_DOCX_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    markdown = forms.CharField(
        label=_("Or the text in Markdown"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Lines starting with # or ## start sections; leave an empty line between "
            "paragraphs. Each item of a list becomes a paragraph of its own."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_file = bool(data.get("file"))
        has_text = bool((data.get("markdown") or "").strip())
        if has_file and has_text:
            raise forms.ValidationError(
                _("Give either a Word document or Markdown text, not both."), code="both"
            )
        if not has_file and not has_text:
            raise forms.ValidationError(
                _("Choose a Word document or paste the text in Markdown."), code="none"
            )
        return data


class ResponseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Public, under the comment, and sent to its author."),
        error_messages={"required": _("A response needs a reason.")},
    )


class QueueFilterForm(forms.Form):
    """Which comments the response queue shows; by default those without a response."""

    ANSWERED = "answered"
    EVERY = "all"

    state = forms.ChoiceField(label=_("Show"), required=False)
    section = forms.TypedChoiceField(
        label=_("Section"), required=False, coerce=int, empty_value=None
    )
    paragraph = forms.TypedChoiceField(
        label=_("Paragraph"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[int, str]],
        paragraphs: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            ("", _("without a response")),
            (self.ANSWERED, _("answered, any outcome")),
            *[
                (value, _("answered: %(outcome)s") % {"outcome": label})
                for value, label in Outcome.choices
            ],
            (self.EVERY, _("all comments")),
        ]
        self.fields["section"].choices = [("", _("all sections")), *sections]
        self.fields["paragraph"].choices = [
            ("", _("all paragraphs and the whole document")),
            (0, _("the whole document")),
            *paragraphs,
        ]

    def values(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {
            "state": data.get("state") or "",
            "section": data.get("section"),
            "paragraph": data.get("paragraph"),
        }


class FinalTextForm(forms.Form):
    final_text = forms.CharField(
        label=_("Final text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leave as it is to keep the draft's text."),
    )
    removed = forms.BooleanField(
        label=_("Remove this paragraph from the final text"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("removed") and not (data.get("final_text") or "").strip():
            self.add_error(
                "final_text",
                _("Write the final text, or tick the box to remove the paragraph."),
            )
        return data


class ReportPublishForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What the consultation changed, in a few sentences. Shown at the top of the report."
        ),
    )
    reason = forms.CharField(
        label=_("Why this new version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for every version after the first: what it corrects."),
        error_messages={"required": _("Say why this new version is published: what it corrects.")},
    )
