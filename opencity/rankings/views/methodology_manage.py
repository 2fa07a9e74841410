"""Pages of the methodology managers: import a methodology file, clone a methodology into a new
edition, freeze a draft. Methodology managers and administrators only; the services check again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from opencity.rankings import exchange, selectors, services
from opencity.rankings.forms_methodology_manage import (
    MethodologyCloneForm,
    MethodologyImportForm,
    file_problem,
)
from opencity.rankings.models import Methodology


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _methodology(request: HttpRequest, pk: int) -> Methodology:
    methodology = selectors.methodologies_visible_to(request.user).filter(pk=pk).first()
    if methodology is None:
        raise Http404
    return methodology


@login_required
def methodology_import(request: HttpRequest) -> HttpResponse:
    _require(request, "rankings.change_methodology")
    posted = request.method == "POST"
    # Bound on every POST, even an empty one, so that a missing file is reported.
    form = MethodologyImportForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    if posted and form.is_valid():
        try:
            methodology = exchange.methodology_import(
                actor=request.user,
                tables=form.cleaned_data["tables"],
                predecessor=form.cleaned_data["predecessor"],
            )
        except ValidationError as error:
            # The import runs in one transaction: on an error nothing of the file is kept.
            form.add_error("file", [file_problem(message) for message in error.messages])
        else:
            messages.success(
                request,
                _("The methodology “%(methodology)s” has been imported as a draft.")
                % {"methodology": methodology},
            )
            return redirect(methodology.get_absolute_url())
    return render(
        request,
        "rankings/methodology_manage/import.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def methodology_clone(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "rankings.change_methodology")
    source = _methodology(request, pk)
    form = MethodologyCloneForm(
        request.POST if request.method == "POST" else None,
        initial={"edition": source.edition + 1, "version": 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            clone = services.methodology_clone(
                actor=request.user,
                methodology=source,
                edition=form.cleaned_data["edition"],
                version=form.cleaned_data["version"],
                indicator_mapping=form.cleaned_data["mapping"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    # The methodology's own checks: the one that spans fields is the unique
                    # name, edition and version, which the version field can fix.
                    if field == NON_FIELD_ERRORS:
                        field = "version"
                    form.add_error(field if field in form.fields else None, problems)
            else:
                # The service's other refusals are about the indicator codes.
                form.add_error("mapping", error.messages)
        else:
            messages.success(
                request,
                _("“%(clone)s” has been created as a draft from “%(source)s”.")
                % {"clone": clone, "source": source},
            )
            return redirect(clone.get_absolute_url())
    return render(
        request,
        "rankings/methodology_manage/clone.html",
        {"methodology": source, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def methodology_freeze(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page; freezing is a POST, and cannot be undone."""
    _require(request, "rankings.freeze_methodology")
    methodology = _methodology(request, pk)
    problems: list[str] = []
    if request.method == "POST":
        try:
            services.methodology_freeze(actor=request.user, methodology=methodology)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(
                request,
                _("“%(methodology)s” is frozen. It can no longer be changed.")
                % {"methodology": methodology},
            )
            return redirect(methodology.get_absolute_url())
    return render(
        request,
        "rankings/methodology_manage/freeze.html",
        {"methodology": methodology, "problems": problems},
        status=400 if problems else 200,
    )


urlpatterns = [
    path("methodologies/import/", methodology_import, name="methodology_import"),
    path("methodologies/<int:pk>/clone/", methodology_clone, name="methodology_clone"),
    path("methodologies/<int:pk>/freeze/", methodology_freeze, name="methodology_freeze"),
]
