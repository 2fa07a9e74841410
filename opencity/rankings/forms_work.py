"""Forms of the coalition's working pages. They parse what a person sends; the services decide
whether it may be done, and their errors are shown at the fields they name."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from opencity.accounts.models import User
from opencity.places.models import Municipality, Region
from opencity.rankings.models import Indicator, Methodology, ScaleLevel
from opencity.rankings.selectors_work import level_choice_label


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def apply_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal at the fields it names, the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class LevelChoiceField(forms.ChoiceField):
    widget = forms.RadioSelect


def _level_choices(levels: list[ScaleLevel]) -> list[tuple[str, str]]:
    return [(level.code, level_choice_label(level)) for level in levels]


class AnswerForm(forms.Form):
    level = LevelChoiceField(label=_("Level"), required=False)
    evidence_urls = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("One web address per line, at most 10. Each is archived once, when saved."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("A PDF, PNG or JPEG file. It replaces the file saved before, if any."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you found and where; published with the results."),
    )
    recommendation = forms.CharField(
        label=_("Recommendation to the city"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The revision the form was opened on; a save on an older revision is a conflict.
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, levels: list[ScaleLevel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _level_choices(levels)

    def clean_evidence_urls(self) -> list[str]:
        return _lines(self.cleaned_data["evidence_urls"])


class ReturnForm(forms.Form):
    # Required by the service, which says why; the form only carries the text.
    reason = forms.CharField(
        label=_("Why the answer goes back to the assessor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The assessor sees this on the answer and on the municipality's sheet."),
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name} ({obj.email})" if obj.display_name else obj.email


class MunicipalityFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False, empty_label=_("all")
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class DashboardFilterForm(MunicipalityFilterForm):
    overdue = forms.BooleanField(label=_("Only municipalities with overdue work"), required=False)


class AssignmentForm(forms.Form):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"), queryset=Municipality.objects.none(), required=False
    )
    all_matching = forms.BooleanField(
        label=_("Every municipality that matches the filter, on every page"), required=False
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.none(), required=False, widget=forms.HiddenInput
    )
    assessor = PersonChoiceField(
        label=_("Assessor"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("keep as it is"),
    )
    reviewer = PersonChoiceField(
        label=_("Reviewer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("keep as it is"),
    )

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality],
        regions: QuerySet[Region],
        assessors: QuerySet[User],
        reviewers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = municipalities
        self.fields["region"].queryset = regions
        self.fields["assessor"].queryset = assessors
        self.fields["reviewer"].queryset = reviewers

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("all_matching"):
            chosen = self.fields["municipalities"].queryset
            if data.get("region") is not None:
                chosen = chosen.filter(region=data["region"])
            data["municipalities"] = list(chosen)
        else:
            data["municipalities"] = list(data.get("municipalities") or [])
        if not data["municipalities"] and "municipalities" not in self.errors:
            self.add_error("municipalities", _("Choose at least one municipality."))
        return data


class DisqualifyForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for disqualification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Published with the results, e.g. falsified evidence. Leave it empty to lift the "
            "disqualification."
        ),
    )


class PublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the new version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published with the version. A correction needs one; the first version not."),
    )


class CorrectionPickForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality],
        indicators: QuerySet[Indicator],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["indicator"].queryset = indicators


class CorrectionForm(forms.Form):
    level = LevelChoiceField(label=_("Level"))
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendation = forms.CharField(
        label=_("Recommendation to the city"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_urls = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("One web address per line."),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the answer's history and published with the next version."),
    )

    def __init__(self, *args: Any, levels: list[ScaleLevel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _level_choices(levels)

    def clean_evidence_urls(self) -> list[str]:
        return _lines(self.cleaned_data["evidence_urls"])


class MethodologyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Methodology) -> str:
        if obj.is_frozen:
            return str(obj)
        return str(
            _("%(methodology)s (draft: opening the cycle freezes it)") % {"methodology": obj}
        )


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.name} ({obj.country.code})"


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CODE_SEPARATORS = re.compile(r"[\s,;]+")


class CycleOpenForm(forms.Form):
    methodology = MethodologyChoiceField(
        label=_("Methodology"), queryset=Methodology.objects.none()
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2200)
    name = forms.CharField(label=_("Name"), max_length=200)
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("choose a region"),
        help_text=_("Shows the region's municipalities below, to tick."),
    )
    whole_region = forms.BooleanField(label=_("Every municipality of this region"), required=False)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"), queryset=Municipality.objects.all(), required=False
    )
    codes = forms.CharField(
        label=_("Official codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "Codes of the municipalities in their register (KATOTTH, SIRUTA, EKATTE), "
            "separated by spaces, commas or new lines."
        ),
    )
    information_requests_start = forms.DateField(
        label=_("Information requests from"), widget=DATE_WIDGET
    )
    assessment_start = forms.DateField(label=_("Assessment from"), widget=DATE_WIDGET)
    review_start = forms.DateField(label=_("Review from"), widget=DATE_WIDGET)
    reply_start = forms.DateField(label=_("City reply from"), widget=DATE_WIDGET)
    publication_date = forms.DateField(label=_("Publication on"), widget=DATE_WIDGET)

    def __init__(
        self,
        *args: Any,
        methodologies: QuerySet[Methodology],
        regions: QuerySet[Region],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["methodology"].queryset = methodologies
        self.fields["region"].queryset = regions

    def chosen_pks(self) -> list[int]:
        """The ticked municipalities as sent, for showing them ticked again."""
        if not self.is_bound:
            return []
        return [int(value) for value in self.data.getlist("municipalities") if value.isdigit()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen: dict[int, Municipality] = {m.pk: m for m in data.get("municipalities") or []}
        region = data.get("region")
        if data.get("whole_region"):
            if region is None:
                self.add_error("region", _("Choose the region whose municipalities take part."))
            else:
                chosen.update({m.pk: m for m in Municipality.objects.filter(region=region)})
        separated = CODE_SEPARATORS.split(data.get("codes", "").strip())
        codes = [code for code in dict.fromkeys(separated) if code]
        if codes:
            found: dict[str, list[Municipality]] = {}
            for municipality in Municipality.objects.filter(code__in=codes):
                found.setdefault(municipality.code, []).append(municipality)
            unknown = [code for code in codes if code not in found]
            ambiguous = [code for code in codes if len(found.get(code, [])) > 1]
            if unknown:
                self.add_error(
                    "codes",
                    ngettext(
                        "No municipality has the code %(codes)s.",
                        "No municipality has these codes: %(codes)s.",
                        len(unknown),
                    )
                    % {"codes": ", ".join(unknown)},
                )
            if ambiguous:
                self.add_error(
                    "codes",
                    _(
                        "These codes are used in more than one register; tick the municipality "
                        "instead: %(codes)s."
                    )
                    % {"codes": ", ".join(ambiguous)},
                )
            for code in codes:
                if len(found.get(code, [])) == 1:
                    chosen[found[code][0].pk] = found[code][0]
        data["chosen"] = list(chosen.values())
        return data
