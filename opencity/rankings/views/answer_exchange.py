"""Coordinators' pages for a cycle's answers as a file: the import of past editions from CSV or
XLSX, and the downloads in the same format. Answers of an unpublished cycle are not public, so
every page here asks for `rankings.manage_cycle`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from opencity.core.text import latin_slug
from opencity.rankings import answer_exchange
from opencity.rankings.forms import AnswersImportForm
from opencity.rankings.models import Cycle


def _cycle_for_manager(request: HttpRequest, pk: int) -> Cycle:
    """The cycle, for someone who manages cycles; refused to everyone else."""
    if not request.user.has_perm("rankings.manage_cycle"):
        raise PermissionDenied
    return get_object_or_404(Cycle.objects.select_related("methodology"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def answers_import(request: HttpRequest, pk: int) -> HttpResponse:
    """A form with one file field; on errors the page lists every problem and nothing is
    written; on success a message gives the counts."""
    cycle = _cycle_for_manager(request, pk)
    problem_count = 0
    if request.method == "POST":
        form = AnswersImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = answer_exchange.answers_import(
                    actor=request.user, cycle=cycle, data=upload, filename=upload.name or ""
                )
            except answer_exchange.AnswersFileError as error:
                problem_count = len(error.problems)
                form.add_error("file", error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "The answers were imported. New: %(created)s. Updated: %(updated)s. "
                        "Unchanged: %(unchanged)s. Without a level: %(unanswered)s."
                    )
                    % {
                        "created": summary.created,
                        "updated": summary.updated,
                        "unchanged": summary.unchanged,
                        "unanswered": summary.unanswered,
                    },
                )
                return redirect("rankings:cycle_answers_import", pk=cycle.pk)
        else:
            problem_count = len(form.errors.get("file", []))
    else:
        form = AnswersImportForm()
    return render(
        request,
        "rankings/answers_import.html",
        {
            "cycle": cycle,
            "form": form,
            "problem_count": problem_count,
            "max_links": answer_exchange.MAX_EVIDENCE_LINKS,
            "max_rows": answer_exchange.MAX_ROWS,
        },
    )


@login_required
@require_GET
def answers_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Every answer of the cycle as CSV or XLSX: the format the import reads."""
    cycle = _cycle_for_manager(request, pk)
    if fmt == "xlsx":
        response = HttpResponse(
            answer_exchange.export_xlsx(cycle), content_type=answer_exchange.XLSX_CONTENT_TYPE
        )
    else:
        response = HttpResponse(
            answer_exchange.export_csv(cycle), content_type=answer_exchange.CSV_CONTENT_TYPE
        )
    name = latin_slug(f"{cycle.name} {cycle.year} answers", fallback=f"cycle-{cycle.pk}-answers")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


urlpatterns = [
    path("cycles/<int:pk>/answers/import/", answers_import, name="cycle_answers_import"),
    path(
        "cycles/<int:pk>/answers.csv",
        answers_download,
        {"fmt": "csv"},
        name="cycle_answers_csv",
    ),
    path(
        "cycles/<int:pk>/answers.xlsx",
        answers_download,
        {"fmt": "xlsx"},
        name="cycle_answers_xlsx",
    ),
]
