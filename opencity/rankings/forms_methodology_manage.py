"""Forms of the methodology managers' pages: importing a methodology file, cloning a methodology
into a new edition, freezing one. They parse what a person sends; `exchange` and `services`
decide."""

from __future__ import annotations

import zipfile
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from opencity.rankings import exchange
from opencity.rankings.models import Methodology

# The arrows a mapping line may use; a tab too, for lines pasted from a spreadsheet.
ARROWS = ("→", "->", "=>", "\t")


def file_problem(problem: str) -> str:
    """An error of the methodology file, which names its table, row and column."""
    return gettext("The file cannot be imported: %(problem)s.") % {"problem": problem}


def read_methodology_file(uploaded: Any) -> dict[str, exchange.Table]:
    """The five tables of an uploaded XLSX workbook or ZIP of CSV files.

    Both are ZIP archives; a workbook is told apart by the part every XLSX file holds.
    """
    if not zipfile.is_zipfile(uploaded):
        raise ValidationError(
            gettext(
                "The file is neither an XLSX workbook nor a ZIP of CSV files. Download a "
                "methodology to see the format."
            ),
            code="format",
        )
    uploaded.seek(0)
    with zipfile.ZipFile(uploaded) as archive:
        is_workbook = "xl/workbook.xml" in archive.namelist()
    uploaded.seek(0)
    try:
        if is_workbook:
            return exchange.read_xlsx(uploaded)
        return exchange.read_csv_zip(uploaded)
    except exchange.MethodologyFileError as error:
        raise ValidationError([file_problem(message) for message in error.messages]) from error


class MethodologyImportForm(forms.Form):
    file = forms.FileField(
        label=_("Methodology file"),
        help_text=_(
            "An XLSX workbook or a ZIP of CSV files, with the tables methodology, scales, areas, "
            "indicators and thresholds, as the download of any methodology has them."
        ),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.zip"}),
        error_messages={"required": _("Choose the file to import.")},
    )
    predecessor = forms.ModelChoiceField(
        label=_("Previous edition"),
        required=False,
        queryset=Methodology.objects.none(),
        empty_label=_("none: a methodology of its own"),
        help_text=_(
            "The indicators' column previous_code then names indicators of this edition, so "
            "that trends follow them."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["predecessor"].queryset = Methodology.objects.order_by(
            "-edition", "-version", "pk"
        )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        self.cleaned_data["tables"] = read_methodology_file(uploaded)
        return uploaded


def parse_mapping(text: str) -> dict[str, str | None]:
    """Lines of "old code → new code"; an empty new code drops the indicator."""
    mapping: dict[str, str | None] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        for arrow in ARROWS:
            if arrow in line:
                old, new = (part.strip() for part in line.split(arrow, 1))
                break
        else:
            problems.append(
                gettext("Line %(number)s: write the old code, an arrow (→ or ->) and the new code.")
                % {"number": number}
            )
            continue
        if not old:
            problems.append(
                gettext("Line %(number)s: the old code is missing.") % {"number": number}
            )
        elif old in mapping:
            problems.append(
                gettext("Line %(number)s: %(code)s is mapped twice.")
                % {"number": number, "code": old}
            )
        else:
            mapping[old] = new or None
    if problems:
        raise ValidationError(problems)
    return mapping


class MethodologyCloneForm(forms.Form):
    edition = forms.IntegerField(
        label=_("Edition of the new methodology"),
        min_value=1,
        help_text=_("Usually the year."),
    )
    version = forms.IntegerField(label=_("Version"), min_value=1, initial=1)
    mapping = forms.CharField(
        label=_("Indicator codes that change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_(
            "One line per indicator: old code → new code, e.g. “1.3 → 1.4”. Leave the new "
            "code empty to drop the indicator (“2.1 →”). Indicators not listed keep their code."
        ),
    )

    def clean_mapping(self) -> dict[str, str | None]:
        return parse_mapping(self.cleaned_data["mapping"])
