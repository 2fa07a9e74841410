"""Forms of the moderators' pages: the reason every decision needs, and the log's filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencity.consultations.models import Consultation

MODERATION_REASON_MAX_LENGTH = 2000


class ModerationForm(forms.Form):
    """The reason of a decision: required, shown in the log (and, for hiding, on the public page
    in place of the comment)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=MODERATION_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
        error_messages={"required": _("A moderator's decision needs a reason.")},
    )


class LogFilterForm(forms.Form):
    consultation = forms.ModelChoiceField(
        label=_("Consultation"),
        queryset=Consultation.all_objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All consultations"),
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        field = self.fields["consultation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Consultation.all_objects.filter(
                pk__in=Consultation.all_objects.filter(
                    comments__moderation_log__isnull=False
                ).values("pk")
            )
            .only("pk", "slug", "title")
            .order_by("title")
        )
