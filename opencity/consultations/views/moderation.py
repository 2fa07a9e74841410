"""Moderators' pages, under /consultations/moderation/, for moderators and administrators
(`consultations.moderate`): the queue of comments with open abuse reports, the most recently
reported first, with each report's reason; one comment with its reports and history; hiding,
restoring and dismissing the reports, each with a reason that goes into the log; and the
moderation log itself, filtered by consultation.

A refusal (no reason, or a decision that no longer fits the comment) shows on the comment's own
page with what was typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from opencity.consultations import selectors_moderation, services
from opencity.consultations.forms_moderation import LogFilterForm, ModerationForm
from opencity.consultations.models import Comment

QUEUE_PAGE_SIZE = 25
LOG_PAGE_SIZE = 50

# The decisions: the service that carries each out, and what it needs of the comment.
ACTIONS: dict[str, Callable[..., Any]] = {
    "hide": services.comment_hide,
    "restore": services.comment_restore,
    "dismiss": services.abuse_reports_dismiss,
}
DONE = {
    "hide": gettext_lazy("The comment is hidden; its reason shows in its place."),
    "restore": gettext_lazy("The comment is shown again."),
    "dismiss": gettext_lazy("The reports are dismissed; the comment stays as it is."),
}


def _require_moderator(request: HttpRequest) -> None:
    if not request.user.has_perm("consultations.moderate"):
        raise PermissionDenied


def available_actions(comment: Comment) -> list[str]:
    """The decisions that fit the comment now."""
    actions = ["restore" if comment.is_hidden else "hide"]
    if getattr(comment, "open_reports", None):
        actions.append("dismiss")
    return actions


def _forms(comment: Comment, bound: dict[str, ModerationForm] | None = None) -> list[Any]:
    bound = bound or {}
    return [
        (action, bound.get(action) or ModerationForm(prefix=f"{action}-{comment.pk}"))
        for action in available_actions(comment)
    ]


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    page = Paginator(selectors_moderation.queue(), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = [(comment, _forms(comment)) for comment in page.object_list]
    return render(
        request,
        "consultations/moderation/queue.html",
        {"page": page, "entries": entries},
    )


def _comment_page(
    request: HttpRequest, comment: Comment, bound: dict[str, ModerationForm], status: int
) -> HttpResponse:
    return render(
        request,
        "consultations/moderation/comment.html",
        {"comment": comment, "forms": _forms(comment, bound)},
        status=status,
    )


def _comment(pk: int) -> Comment:
    comment = selectors_moderation.comment_for_moderation(pk)
    if comment is None:
        raise Http404
    return comment


@login_required
@require_GET
def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    return _comment_page(request, _comment(pk), {}, 200)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Carry out one decision; the queue's and the comment page's forms post here."""
    _require_moderator(request)
    if action not in ACTIONS:
        raise Http404
    comment = _comment(pk)
    form = ModerationForm(request.POST, prefix=f"{action}-{comment.pk}")
    if action not in available_actions(comment):
        messages.error(
            request,
            _("This decision no longer fits the comment: another moderator has decided on it."),
        )
        return _comment_page(request, comment, {}, 409)
    if form.is_valid():
        try:
            ACTIONS[action](actor=request.user, comment=comment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, DONE[action])
            if request.POST.get("next") == "comment":
                return redirect("consultations:moderation_comment", pk=comment.pk)
            return redirect(reverse("consultations:moderation"))
    return _comment_page(request, comment, {action: form}, 400)


@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    form = LogFilterForm(request.GET or None)
    consultation = form.cleaned_data["consultation"] if form.is_valid() else None
    page = Paginator(selectors_moderation.log(consultation), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = f"consultation={consultation.slug}" if consultation else ""
    return render(
        request,
        "consultations/moderation/log.html",
        {"page": page, "form": form, "consultation": consultation, "query": query},
    )


urlpatterns: list[URLPattern] = [
    path("moderation/", queue, name="moderation"),
    path("moderation/log/", log, name="moderation_log"),
    path("moderation/comments/<int:pk>/", comment_detail, name="moderation_comment"),
    path(
        "moderation/comments/<int:pk>/<slug:action>/",
        decide,
        name="moderation_decide",
    ),
]
