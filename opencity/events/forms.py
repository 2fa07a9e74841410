"""Forms of the events pages. They check what was typed; the services write it (see
views/work.py and views/public.py). The model forms here never save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from opencity.accounts.models import Organisation
from opencity.events.models import Event, EventKind, EventMode, Registration
from opencity.events.selectors import EventFilters


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _form_field(model_field: models.Field, **options: Any) -> forms.Field | None:
    """Web addresses typed without a scheme are taken as https."""
    if isinstance(model_field, models.URLField):
        options.setdefault("assume_scheme", "https")
    return model_field.formfield(**options)


class EventFilterForm(forms.Form):
    """The filters of the list of events; every field may be left empty."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    mode = forms.ChoiceField(label=_("Where"), required=False)
    organiser = forms.ChoiceField(label=_("Organiser"), required=False)
    municipality = forms.TypedChoiceField(
        label=_("Municipality"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        organisers: list[tuple[Any, str]],
        municipalities: list[tuple[Any, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["kind"].choices = every + list(EventKind.choices)
        self.fields["mode"].choices = every + list(EventMode.choices)
        self.fields["organiser"].choices = every + organisers
        self.fields["municipality"].choices = every + municipalities

    def filters(self) -> EventFilters:
        """The valid fields' values; a field with an error does not filter."""
        data = getattr(self, "cleaned_data", {})
        return EventFilters(
            kind=data.get("kind") or "",
            mode=data.get("mode") or "",
            organiser=data.get("organiser") or "",
            municipality=data.get("municipality") or None,
        )


class RegistrationForm(forms.Form):
    organisation_name = forms.CharField(
        label=_("Your organisation"),
        required=False,
        max_length=200,
        help_text=_("Optional. Only the organiser sees it."),
    )


class EventForm(forms.ModelForm):
    """An event's description, time, place and registration. The organiser is chosen when the
    event is created, among the organisations where the person prepares events."""

    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organisation.objects.none(), empty_label=None
    )

    class Meta:
        model = Event
        formfield_callback = _form_field
        fields = [
            "kind",
            "title",
            "description",
            "mode",
            "venue",
            "address",
            "online_url",
            "starts_at",
            "ends_at",
            "capacity",
            "registration_required",
            "municipality",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "starts_at": _("In the platform's time zone."),
            "online_url": _("Needed for an event online or in person and online."),
            "venue": _("Needed for an event in person."),
        }

    def __init__(
        self,
        *args: Any,
        organisers: QuerySet[Organisation] | None = None,
        municipalities: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisers is None:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = organisers
        self.fields["municipality"].queryset = municipalities
        self.fields["title"].required = True
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("An event must end after it starts."))
        return data

    def _post_clean(self) -> None:
        # The service validates the whole event; the form only checks the fields.
        pass

    def event_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )
    attendance_count = forms.IntegerField(
        label=_("Attendance"),
        required=False,
        min_value=0,
        help_text=_(
            "Everyone who took part, including those who did not register. Empty: the number "
            "of registered people marked present."
        ),
    )
    organisations_present = forms.ModelMultipleChoiceField(
        label=_("Organisations present"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        registrations: list[Registration],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(registration.pk), registration.user.public_name) for registration in registrations
        ]
        self.fields["organisations_present"].queryset = organisations

    def present_ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data["present"]]


class ReportForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes or report"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    outcomes = forms.CharField(
        label=_("Outcomes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    consultations = forms.ModelMultipleChoiceField(
        label=_("Linked consultations"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    commitments = forms.ModelMultipleChoiceField(
        label=_("Linked commitments"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    cycles = forms.ModelMultipleChoiceField(
        label=_("Linked ranking cycles"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        consultations: QuerySet[Any],
        commitments: QuerySet[Any],
        cycles: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultations"].queryset = consultations
        self.fields["commitments"].queryset = commitments
        self.fields["commitments"].label_from_instance = lambda c: (
            f"{c.identifier} {c.short_title or c.title}"
        )
        self.fields["cycles"].queryset = cycles


class EventFileForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, PNG or JPEG."))
