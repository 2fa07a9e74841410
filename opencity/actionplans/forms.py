"""Forms of the work pages. They check what was typed; the services write it (see views/work.py).

The model forms here never save: a view passes their `cleaned_data` to one service.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from opencity.accounts.models import Organisation
from opencity.actionplans import services
from opencity.actionplans.models import (
    ActionPlan,
    Assessment,
    CoCreationEvent,
    Commitment,
    Milestone,
    ProgressUpdate,
)
from opencity.actionplans.scales import MilestoneStatus, ReportType

MAX_EVIDENCE_FILES = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _form_field(model_field: models.Field, **options: Any) -> forms.Field | None:
    """Web addresses typed without a scheme are taken as https."""
    if isinstance(model_field, models.URLField):
        options.setdefault("assume_scheme", "https")
    return model_field.formfield(**options)


class PlanForm(forms.ModelForm):
    """The plan and its co-creation record."""

    class Meta:
        model = ActionPlan
        formfield_callback = _form_field
        fields = list(services.PLAN_FIELDS)
        widgets = {"submitted_on": DateInput()}


class CoCreationEventForm(forms.ModelForm):
    class Meta:
        model = CoCreationEvent
        formfield_callback = _form_field
        fields = ["kind", "held_on", "title", "description", "participants", "url"]
        widgets = {"held_on": DateInput()}


class CommitmentForm(forms.ModelForm):
    """A commitment's texts (in the language of the page), dates, institutions, OGP values,
    policy areas and parent. `identifier` only when it is created."""

    class Meta:
        model = Commitment
        formfield_callback = _form_field
        fields = [
            "identifier",
            *services.COMMITMENT_FIELDS,
            "supporting_institutions",
            "policy_areas",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "how_it_helps": forms.Textarea(attrs={"rows": 4}),
            # Every organisation of the platform: a list box rather than hundreds of boxes.
            "supporting_institutions": forms.SelectMultiple(attrs={"size": 6}),
            "policy_areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Commitment.all_objects.filter(plan=plan).order_by("identifier")
        if self.instance.pk:
            del self.fields["identifier"]
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        organisations: QuerySet[Organisation] = Organisation.objects.order_by("name")
        self.fields["lead_institution"].queryset = organisations
        self.fields["supporting_institutions"].queryset = organisations

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments = {name: data[name] for name in services.COMMITMENT_FIELDS}
        arguments["supporting_institutions"] = list(data["supporting_institutions"])
        arguments["policy_areas"] = list(data["policy_areas"])
        return arguments


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = [
            "number",
            "deliverable",
            "description",
            "responsible",
            "start_date",
            "end_date",
            "status",
            "weight",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def _links(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("date"), widget=DateInput())
    title = forms.CharField(
        label=_("title"), max_length=ProgressUpdate._meta.get_field("title").max_length
    )
    text = forms.CharField(label=_("what was done"), required=False, widget=forms.Textarea)
    progress = forms.DecimalField(
        label=_("progress of the commitment (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("From 0 to 100; leave it empty to let the milestones tell."),
    )
    milestone = forms.ModelChoiceField(
        label=_("about the milestone"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("none: the commitment as a whole"),
    )
    milestone_status = forms.ChoiceField(
        label=_("new status of the milestone"),
        required=False,
        choices=[("", _("unchanged")), *MilestoneStatus.choices],
    )
    links = forms.CharField(
        label=_("evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Web addresses starting with http:// or https://, one a line."),
    )
    files = MultipleFileField(
        label=_("evidence files"),
        required=False,
    )

    def __init__(self, *args: Any, commitment: Commitment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = commitment.milestones.order_by("number")
        self.fields["files"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg"
        # Put together here, in the language of the request.
        self.fields["files"].help_text = _(
            "PDF, PNG or JPEG files, at most %(count)s. If the form comes back with an error, "
            "choose the files again."
        ) % {"count": MAX_EVIDENCE_FILES}

    def clean_links(self) -> list[str]:
        return _links(self.cleaned_data["links"])

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data["files"]
        if len(files) > MAX_EVIDENCE_FILES:
            raise forms.ValidationError(
                _("At most %(count)s files.") % {"count": MAX_EVIDENCE_FILES}
            )
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("milestone_status") and not data.get("milestone"):
            self.add_error(
                "milestone_status", _("Choose the milestone whose status changes, above.")
            )
        return data


class AssessmentForm(forms.Form):
    """Every IRM scale, with "no data" and "not reviewed" as explicit values and an empty choice
    for a scale the report did not use."""

    organisation = forms.ModelChoiceField(
        label=_("on behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    report_type = forms.ChoiceField(label=_("report"), choices=ReportType.choices)
    published_on = forms.DateField(label=_("published on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        for name in services.ASSESSMENT_SCALE_FIELDS:
            model_field = Assessment._meta.get_field(name)
            self.fields[name] = forms.ChoiceField(
                label=model_field.verbose_name,
                required=False,
                choices=[("", _("not assessed")), *model_field.choices],
            )
        self.fields["promising"] = forms.BooleanField(
            label=_("promising"),
            required=False,
            help_text=Assessment._meta.get_field("promising").help_text,
        )
        self.fields["summary"] = forms.CharField(
            label=_("summary"), required=False, widget=forms.Textarea
        )
        self.fields["url"] = forms.URLField(
            label=_("address of the report"),
            required=False,
            max_length=500,
            assume_scheme="https",
        )
        self.fields["links"] = forms.CharField(
            label=_("evidence links"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Web addresses starting with http:// or https://, one a line."),
        )

    @property
    def chooses_organisation(self) -> bool:
        return self.fields["organisation"].queryset.count() > 1

    def scale_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in services.ASSESSMENT_SCALE_FIELDS]

    def clean_links(self) -> list[str]:
        return _links(self.cleaned_data["links"])

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "report_type": data["report_type"],
            "published_on": data["published_on"],
            "promising": data["promising"],
            "summary": data["summary"],
            "url": data["url"],
            "links": data["links"],
            **{name: data[name] for name in services.ASSESSMENT_SCALE_FIELDS},
        }


class MilestonesImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file or XLSX workbook"),
        help_text=_("In the format of the milestones download."),
    )
