"""The city's right of reply: an official sees the draft results of their city and disputes an
answer with a proposed level, reasons and evidence; reviewers and coordinators accept or reject
each reply. Lookups go through `selectors_reply`, which answers 404 for what a person may not see;
the services check permissions and phases again and have the last word."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencity.rankings import selectors_reply, services
from opencity.rankings.forms_reply import DecisionForm, DisputeForm
from opencity.rankings.models import Dispute


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's errors at the fields they name; the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@login_required
def reply_home(request: HttpRequest) -> HttpResponse:
    overview = selectors_reply.reply_overview(request.user)
    if not (overview.is_official or overview.may_resolve):
        raise PermissionDenied
    return render(request, "rankings/reply/home.html", {"overview": overview})


@login_required
def reply_cycle(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    """The cities of a cycle whose drafts the person may see; an official goes straight to their
    own city's."""
    cycle = selectors_reply.cycle_for_reply(cycle_pk)
    if cycle is None:
        raise Http404
    municipalities = selectors_reply.municipalities_visible_to(request.user, cycle)
    page = Paginator(municipalities, settings.OPENCITY_PAGE_SIZE).get_page(request.GET.get("page"))
    if page.paginator.count == 0:
        raise Http404
    if page.paginator.count == 1:
        return redirect("rankings:reply_draft", cycle_pk=cycle.pk, municipality_pk=page[0].pk)
    return render(request, "rankings/reply/cycle.html", {"cycle": cycle, "page": page})


@login_required
def reply_draft(request: HttpRequest, cycle_pk: int, municipality_pk: int) -> HttpResponse:
    draft = selectors_reply.city_draft(request.user, cycle_pk, municipality_pk)
    if draft is None:
        raise Http404
    return render(request, "rankings/reply/draft.html", {"draft": draft})


@login_required
def dispute_create(request: HttpRequest, cycle_pk: int, answer_pk: int) -> HttpResponse:
    target = selectors_reply.answer_for_reply(request.user, cycle_pk, answer_pk)
    if target is None:
        raise Http404
    answer = target.answer
    back = reverse(
        "rankings:reply_draft",
        kwargs={"cycle_pk": answer.cycle_id, "municipality_pk": answer.municipality_id},
    )
    if not answer.cycle.allows("reply"):
        messages.error(
            request,
            _("Replies are sent in the city reply phase; this cycle is in the %(phase)s phase.")
            % {"phase": answer.cycle.phase().label},
        )
        return redirect(back)
    if target.open_dispute:
        messages.info(
            request,
            _(
                "Your city's reply to indicator %(code)s is waiting for a decision; you can reply "
                "again once it is decided."
            )
            % {"code": answer.indicator.code},
        )
        return redirect(back)
    posted = request.method == "POST"
    form = DisputeForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        levels=target.levels,
        current=answer.level,
    )
    if posted and form.is_valid():
        try:
            services.dispute_create(
                actor=request.user,
                answer=answer,
                proposed_level_code=form.cleaned_data["proposed_level"],
                explanation=form.cleaned_data["explanation"],
                evidence_urls=form.cleaned_data["evidence_urls"],
                evidence_file=form.cleaned_data["evidence_file"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your reply to indicator %(code)s has been sent. A reviewer decides on it; "
                    "the decision will show on this page."
                )
                % {"code": answer.indicator.code},
            )
            return redirect(back)
    return render(
        request,
        "rankings/reply/dispute_form.html",
        {"target": target, "answer": answer, "form": form, "back": back},
        status=400 if form.errors else 200,
    )


def _require_resolver(request: HttpRequest) -> None:
    if not request.user.has_perm("rankings.resolve_dispute"):
        raise PermissionDenied


def _decision_forms(dispute: Dispute, data: object = None) -> tuple[DecisionForm, DecisionForm]:
    # One pair of forms per reply on the same page: prefixes keep their ids apart.
    accept = DecisionForm(data, prefix=f"accept-{dispute.pk}")
    reject = DecisionForm(data, prefix=f"reject-{dispute.pk}", rejecting=True)
    return accept, reject


@login_required
def dispute_queue(request: HttpRequest) -> HttpResponse:
    _require_resolver(request)
    size = settings.OPENCITY_PAGE_SIZE
    waiting_disputes, decided_disputes = selectors_reply.dispute_queue(request.user)
    waiting = Paginator(waiting_disputes, size).get_page(request.GET.get("page"))
    decided = Paginator(decided_disputes, size).get_page(request.GET.get("decided"))
    rows = [
        (row, *_decision_forms(row.dispute))
        for row in selectors_reply.dispute_rows(request.user, list(waiting.object_list))
    ]
    return render(
        request,
        "rankings/reply/queue.html",
        {"page": waiting, "rows": rows, "decided": decided},
    )


def _dispute_page(
    request: HttpRequest,
    dispute: Dispute,
    accept: DecisionForm | None = None,
    reject: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    default_accept, default_reject = _decision_forms(dispute)
    row = selectors_reply.dispute_rows(request.user, [dispute])[0]
    return render(
        request,
        "rankings/reply/decide.html",
        {
            "row": row,
            "accept_form": accept or default_accept,
            "reject_form": reject or default_reject,
        },
        status=status,
    )


def _resolver_dispute(request: HttpRequest, pk: int) -> Dispute:
    _require_resolver(request)
    dispute = selectors_reply.dispute_for_resolver(request.user, pk)
    if dispute is None:
        raise Http404
    return dispute


@login_required
def dispute_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _dispute_page(request, _resolver_dispute(request, pk))


def _decide(request: HttpRequest, pk: int, *, accepting: bool) -> HttpResponse:
    dispute = _resolver_dispute(request, pk)
    accept, reject = _decision_forms(dispute, request.POST)
    form = accept if accepting else reject
    form.is_valid()  # a free text: always valid; the service says whether it is enough
    reason = form.cleaned_data.get("reason", "")
    try:
        if accepting:
            services.dispute_accept(actor=request.user, dispute=dispute, reason=reason)
        else:
            services.dispute_reject(actor=request.user, dispute=dispute, reason=reason)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You are not allowed to do this."))
        return redirect("rankings:dispute_queue")
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            apply_errors(form, error)
            kept = {"accept": accept} if accepting else {"reject": reject}
            return _dispute_page(request, dispute, status=400, **kept)
        for message in error.messages:
            messages.error(request, message)
        return redirect("rankings:dispute_queue")
    values = {
        "code": dispute.answer.indicator.code,
        "municipality": dispute.answer.municipality.name,
        "level": dispute.proposed_level.label,
    }
    if accepting:
        messages.success(
            request,
            _(
                "Reply accepted: indicator %(code)s of %(municipality)s now has the level "
                "“%(level)s”."
            )
            % values,
        )
    else:
        messages.success(
            request,
            _("Reply rejected: indicator %(code)s of %(municipality)s keeps its level.") % values,
        )
    return redirect("rankings:dispute_queue")


@login_required
@require_POST
def dispute_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accepting=True)


@login_required
@require_POST
def dispute_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accepting=False)


def dispute_file(request: HttpRequest, pk: int) -> FileResponse:
    # No login required: once the cycle is published the reply and its evidence are public.
    dispute = selectors_reply.dispute_with_file(request.user, pk)
    if dispute is None:
        raise Http404
    # A download, never shown inline: the file came from outside the coalition.
    return FileResponse(
        dispute.evidence_file.open("rb"),
        as_attachment=True,
        filename=os.path.basename(dispute.evidence_file.name),
    )


urlpatterns = [
    path("reply/", reply_home, name="reply_home"),
    path("reply/disputes/", dispute_queue, name="dispute_queue"),
    path("reply/disputes/<int:pk>/", dispute_decide, name="dispute_decide"),
    path("reply/disputes/<int:pk>/accept/", dispute_accept, name="dispute_accept"),
    path("reply/disputes/<int:pk>/reject/", dispute_reject, name="dispute_reject"),
    path("reply/disputes/<int:pk>/file/", dispute_file, name="dispute_file"),
    path("reply/<int:cycle_pk>/", reply_cycle, name="reply_cycle"),
    path(
        "reply/<int:cycle_pk>/<int:municipality_pk>/",
        reply_draft,
        name="reply_draft",
    ),
    path(
        "reply/<int:cycle_pk>/answers/<int:answer_pk>/dispute/",
        dispute_create,
        name="dispute_create",
    ),
]
