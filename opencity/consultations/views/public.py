"""Public consultation pages: the list of consultations, and a consultation's document with its
comments, replies, supports and the organiser's responses, where people comment, reply, support
and report abuse.

Everything works without JavaScript: the forms post to the page itself with an `action`, which
redirects back to the comment on success and shows the page again on a refusal, with the error
beside the form and what was typed kept. A reply or abuse-report form opens under its comment
through the query string (`?reply=ID`, `?report=ID`), so that the page does not carry 2,000
forms nobody opened.

Drafts are found only by officials of the organiser (`consultations.view_draft`); anyone else
gets "not found".
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from opencity.consultations import selectors, services
from opencity.consultations.forms import AbuseReportForm, CommentForm, ConsultationFilterForm
from opencity.consultations.models import Comment, Consultation, ConsultationStatus, Outcome
from opencity.consultations.views.comment_list import DocumentWriter
from opencity.core.ratelimit import key_for


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = ConsultationFilterForm(
        request.GET or None, municipalities=selectors.municipalities_with_consultations()
    )
    filters = selectors.ConsultationFilters()
    if form.is_bound:
        form.is_valid()  # the errors show beside their fields; the valid fields still filter
        filters = form.filters()
    consultations = selectors.consultation_list(filters)
    page = Paginator(consultations, settings.OPENCITY_PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [
        selectors.ConsultationLine(c, c.phase(has_report=c.has_report))  # type: ignore[attr-defined]
        for c in page.object_list
    ]
    return render(
        request,
        "consultations/public/index.html",
        {
            "form": form,
            "page": page,
            "lines": lines,
            "filtering": bool(filters.phase or filters.municipality or filters.query),
        },
    )


def _consultation_for(request: HttpRequest, slug: str) -> Consultation:
    """The consultation, or "not found" for a draft unless the person may see drafts."""
    consultation = selectors.any_consultation(slug)
    if consultation is None:
        raise Http404
    if consultation.status != ConsultationStatus.PUBLISHED and not request.user.has_perm(
        "consultations.view_draft", consultation
    ):
        raise Http404
    return consultation


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _render_detail(
    request: HttpRequest,
    consultation: Consultation,
    *,
    failed: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.consultation_page(consultation, request.user)
    phase = page.phase
    has_report = consultation.has_report  # type: ignore[attr-defined]
    signed_in = request.user.is_authenticated
    commenting = consultation.allows("comment", has_report=has_report)
    supporting = consultation.allows("support", has_report=has_report)
    may_comment = signed_in and commenting and request.user.has_perm("consultations.comment")
    reply_to = _int_or_none(request.GET.get("reply"))
    report_on = _int_or_none(request.GET.get("report"))
    # Only a visible comment that is not itself a reply can be replied to.
    target = page.comments_by_id.get(reply_to) if reply_to is not None else None
    if target is None or target.comment.parent_id is not None or target.comment.is_hidden:
        reply_to = None
    if failed is not None:
        reply_to = failed.get("reply_to")
        report_on = failed.get("report_on")
    # One hidden token input for every form of the page, instead of one {% csrf_token %} each.
    csrf_input = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    detail_url = consultation.get_absolute_url()
    context = {
        "consultation": consultation,
        "page": page,
        "phase": phase,
        "is_draft": consultation.status != ConsultationStatus.PUBLISHED,
        "commenting": commenting,
        "supporting": supporting,
        "reporting": consultation.allows("report_abuse", has_report=has_report),
        "may_comment": may_comment,
        "needs_verified_email": signed_in and commenting and not may_comment,
        "signed_in": signed_in,
        "reply_to": reply_to if reply_to in page.comments_by_id else None,
        "report_on": report_on if report_on in page.comments_by_id else None,
        "failed": failed or {},
        "csrf_input": csrf_input,
        "detail_url": detail_url,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': detail_url})}",
        "outcome_labels": dict(Outcome.choices),
        "comment_help": CommentForm().fields["text"].help_text,
        "report_version": consultation.latest_report_version,  # type: ignore[attr-defined]
    }
    writer = DocumentWriter(context)
    context["sections"] = [
        (section.section, [writer.paragraph(item) for item in section.paragraphs])
        for section in page.sections
    ]
    context["general_comments_html"] = writer.general_comments(page.general_comments)
    return render(request, "consultations/public/detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The page, and the forms on it: they post here with an `action`, so that the page shown
    again after a refusal has the same address and its links keep working."""
    consultation = _consultation_for(request, slug)
    if request.method != "POST":
        return _render_detail(request, consultation)
    action = request.POST.get("action")
    if action == "report_abuse":
        return _report_abuse(request, consultation)
    if action not in {"comment", "support"}:
        return HttpResponseBadRequest(_("Unknown action."))
    if not request.user.is_authenticated:
        return redirect_to_login(consultation.get_absolute_url())
    if action == "support":
        return _support(request, consultation)
    return _comment(request, consultation)


def _redirect_to_comment(consultation: Consultation, comment_id: int | None) -> HttpResponse:
    anchor = f"#comment-{comment_id}" if comment_id else ""
    return HttpResponseRedirect(consultation.get_absolute_url() + anchor)


def _comment_of(consultation: Consultation, comment_id: int | None) -> Comment | None:
    if comment_id is None:
        return None
    return Comment.objects.filter(consultation=consultation, pk=comment_id).first()


def _comment(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """A new comment on a paragraph or on the whole document, or a reply to a comment."""
    form = CommentForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    paragraph_id = data.get("paragraph")
    parent = _comment_of(consultation, data.get("parent"))
    if data.get("parent") is not None and parent is None:
        raise Http404
    paragraph = None
    if parent is None and paragraph_id is not None:
        paragraph = consultation.paragraphs.filter(pk=paragraph_id).first()
        if paragraph is None:
            raise Http404
    failed = {
        "form": form,
        "text": request.POST.get("text", ""),
        "paragraph": None if parent else (paragraph.pk if paragraph else "whole"),
        "reply_to": parent.pk if parent else None,
    }
    if not form.errors:
        try:
            created = services.comment_create(
                actor=request.user,
                consultation=consultation,
                text=data["text"],
                paragraph=paragraph,
                parent=parent,
                rate_key=key_for(request),
            )
        except PermissionDenied:
            form.add_error(
                None,
                _(
                    "Only people with a confirmed e-mail address can comment: confirm yours "
                    "from your account page, then send your comment again."
                ),
            )
        except ValidationError as error:
            form.put_error(error)
        else:
            messages.success(request, _("Your comment is published."))
            return _redirect_to_comment(consultation, created.pk)
    return _render_detail(request, consultation, failed=failed)


def _support(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """Support a comment, or withdraw the support."""
    # The buttons of the page's support form send `comment=ID` or `withdraw=ID`.
    withdraw = "withdraw" in request.POST
    target = _comment_of(
        consultation, _int_or_none(request.POST.get("withdraw" if withdraw else "comment"))
    )
    if target is None:
        raise Http404
    try:
        if withdraw:
            services.comment_unsupport(actor=request.user, comment=target)
            messages.success(request, _("You no longer support this comment."))
        else:
            services.comment_support(actor=request.user, comment=target, rate_key=key_for(request))
            messages.success(request, _("You support this comment."))
    except PermissionDenied:
        messages.error(
            request,
            _("Only people with a confirmed e-mail address can support comments."),
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return _redirect_to_comment(consultation, target.pk)


def _report_abuse(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """Anyone, signed in or not, may tell the moderators what is wrong with a comment."""
    form = AbuseReportForm(request.POST)
    form.is_valid()
    target = _comment_of(consultation, getattr(form, "cleaned_data", {}).get("comment"))
    if target is None:
        raise Http404
    failed = {"report_form": form, "reason": request.POST.get("reason", ""), "report_on": target.pk}
    if not form.errors:
        try:
            services.abuse_report(
                reporter=request.user,
                comment=target,
                reason=form.cleaned_data["reason"],
                rate_key=key_for(request),
            )
        except ValidationError as error:
            form.put_error(error)
        else:
            messages.success(request, _("Thank you: the moderators will look at this comment."))
            return _redirect_to_comment(consultation, target.pk)
    return _render_detail(request, consultation, failed=failed)


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("<slug:slug>/", detail, name="detail"),
]
