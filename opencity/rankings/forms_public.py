"""Forms of the public results pages: they read the query string; selectors do the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from opencity.places.models import Municipality, Region
from opencity.rankings.models import Area
from opencity.rankings.selectors_public import (
    COMPARE_MAXIMUM,
    COMPARE_MINIMUM,
    POPULATION_GROUPS,
    SORT_DEFAULT_DESCENDING,
    RankingFilters,
)

ASCENDING, DESCENDING = "asc", "desc"


class VersionForm(forms.Form):
    """`?version=N`: an earlier version of a publication instead of the current one."""

    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


class RankingForm(VersionForm):
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    region = forms.TypedChoiceField(label=_("Region"), coerce=int, empty_value=None, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    population = forms.ChoiceField(
        label=_("Population"),
        required=False,
        choices=[("", _("Any size")), *((group.code, group.label) for group in POPULATION_GROUPS)],
    )
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)
    dir = forms.ChoiceField(
        required=False,
        choices=[(ASCENDING, ASCENDING), (DESCENDING, DESCENDING)],
        widget=forms.HiddenInput,
    )

    def __init__(
        self,
        data: Any = None,
        *,
        regions: list[Region],
        categories: dict[str, str],
        areas: list[Area],
    ) -> None:
        super().__init__(data)
        self.fields["region"].choices = [
            ("", _("All regions")),
            *((region.pk, region.name) for region in regions),
        ]
        self.fields["category"].choices = [("", _("All categories")), *categories.items()]
        self.fields["sort"].choices = [
            ("rank", "rank"),
            ("total", "total"),
            *((f"area-{area.code}", area.code) for area in areas),
        ]

    def filters(self) -> RankingFilters:
        """What the valid fields ask for; a field that is not valid is left out, not the rest."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        sort = data.get("sort") or "rank"
        direction = data.get("dir")
        if direction:
            descending = direction == DESCENDING
        else:
            descending = SORT_DEFAULT_DESCENDING["area" if sort.startswith("area-") else sort]
        return RankingFilters(
            query=data.get("q", ""),
            region=data.get("region"),
            category=data.get("category", ""),
            population=data.get("population", ""),
            sort=sort,
            descending=descending,
        )

    @property
    def searching(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("q", "region", "category", "population"))


class _ChosenMunicipalities(forms.TypedMultipleChoiceField):
    """The municipalities picked in the select lists, without the lists left empty and without
    repeats, in the order picked."""

    def to_python(self, value: Any) -> list[str]:
        picked = [item.strip() for item in super().to_python(value) if str(item).strip()]
        return list(dict.fromkeys(picked))


class CompareForm(VersionForm):
    # One select list per place in the comparison; they all send "m".
    SLOTS = COMPARE_MAXIMUM

    m = _ChosenMunicipalities(
        label=_("Municipalities to compare"),
        coerce=int,
        required=False,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a municipality of this ranking; choose one from the lists."
            )
        },
    )

    def __init__(self, data: Any = None, *, municipalities: list[Municipality]) -> None:
        super().__init__(data)
        self.municipalities = municipalities
        self.fields["m"].choices = [(str(m.pk), m.name) for m in municipalities]

    def clean_m(self) -> list[int]:
        chosen = self.cleaned_data["m"]
        if len(chosen) < COMPARE_MINIMUM:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Choose at least %(count)d municipalities to compare; you chose %(chosen)d.",
                    "Choose at least %(count)d municipalities to compare; you chose %(chosen)d.",
                    COMPARE_MINIMUM,
                )
                % {"count": COMPARE_MINIMUM, "chosen": len(chosen)},
                code="too_few",
            )
        if len(chosen) > COMPARE_MAXIMUM:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Choose at most %(count)d municipalities to compare; you chose %(chosen)d.",
                    "Choose at most %(count)d municipalities to compare; you chose %(chosen)d.",
                    COMPARE_MAXIMUM,
                )
                % {"count": COMPARE_MAXIMUM, "chosen": len(chosen)},
                code="too_many",
            )
        return chosen

    def slots(self) -> list[dict[str, Any]]:
        """Each select list with what it shows: the choice sent back, so nothing picked is lost
        on an error (extra choices beyond the lists are in the error message)."""
        sent = [value for value in (self.data.getlist("m") if self.is_bound else []) if value]
        known = {str(m.pk) for m in self.municipalities}
        picked = [value for value in dict.fromkeys(sent) if value in known]
        return [
            {
                "number": index + 1,
                "id": f"id_m_{index + 1}",
                "value": picked[index] if index < len(picked) else "",
            }
            for index in range(self.SLOTS)
        ]
