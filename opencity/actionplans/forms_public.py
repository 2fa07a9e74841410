"""The filter form of the public plan page: it reads the query string; the selector filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencity.actionplans import selectors
from opencity.actionplans.scales import DELAYED_LABEL, MilestoneStatus, OgpValue

STATUS_LABELS = {
    selectors.NOT_STARTED: MilestoneStatus.NOT_STARTED.label,
    selectors.IN_PROGRESS: MilestoneStatus.IN_PROGRESS.label,
    selectors.COMPLETE: MilestoneStatus.COMPLETE.label,
    selectors.DELAYED: DELAYED_LABEL,
}


class PlanFilterForm(forms.Form):
    value = forms.ChoiceField(
        label=_("OGP value"),
        required=False,
        choices=[("", _("Any value")), *OgpValue.choices],
    )
    area = forms.ChoiceField(label=_("Policy area"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *STATUS_LABELS.items()],
    )
    lead = forms.ChoiceField(label=_("Lead institution"), required=False)

    def __init__(
        self, data: Any = None, *, policy_areas: Sequence[Any], leads: Sequence[Any]
    ) -> None:
        super().__init__(data)
        self.fields["area"].choices = [
            ("", _("Any policy area")),
            *((area.code, area.name) for area in policy_areas),
        ]
        self.fields["lead"].choices = [
            ("", _("Any institution")),
            *((organisation.slug, organisation.name) for organisation in leads),
        ]

    def filters(self) -> selectors.PlanFilters:
        """The valid filters; a field with an error does not filter."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return selectors.PlanFilters(
            value=data.get("value") or "",
            policy_area=data.get("area") or "",
            status=data.get("status") or "",
            lead=data.get("lead") or "",
        )
