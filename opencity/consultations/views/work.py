"""Organisers' consultation pages, under /consultations/work/, for the officials of the
organiser (`consultations.manage`): the list of their consultations with the phase and counts,
preparing one (texts in each language, dates, place, OGP member, commitments), its document from
a Word file or Markdown with a preview before saving, publishing; answering every comment with
an outcome and a reason; the final text after the review; and publishing the report.

Each page asks the rules first (403 otherwise, "log in" for visitors); the phase decides which
forms show (views ask the phase, never the dates). A form checks what was typed, one service
writes it, and a refusal comes back on the form with everything typed kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opencity.accounts.models import User
from opencity.consultations import documents, selectors_work, services
from opencity.consultations.forms_work import (
    ConsultationForm,
    DocumentForm,
    FinalTextForm,
    QueueFilterForm,
    ReportPublishForm,
    ResponseForm,
)
from opencity.consultations.models import Comment, Consultation
from opencity.core.text import latin_slug

# Addresses under /consultations/ that a consultation's slug must not take.
RESERVED_SLUGS = {"work", "moderation", "open-data", "data", "new"}
QUEUE_PAGE_SIZE = 25
DOCUMENT_SALT = "opencity.consultations.document-preview"


def _consultation(request: HttpRequest, slug: str) -> Consultation:
    """Any consultation, drafts included, for the officials of its organiser; refused to
    everyone else."""
    consultation = selectors_work.work_consultation(slug)
    if consultation is None:
        raise Http404
    if not request.user.has_perm("consultations.manage", consultation):
        raise PermissionDenied
    return consultation


def _phase_allows(consultation: Consultation, action: str) -> bool:
    return consultation.allows(action, has_report=consultation.has_report)  # type: ignore[attr-defined]


def _add_service_error(form: BaseForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _write(form: BaseForm, action: Callable[[], Any]) -> tuple[bool, Any]:
    try:
        return True, action()
    except ValidationError as error:
        _add_service_error(form, error)
        return False, None


def unique_slug(title: str) -> str:
    base = latin_slug(title, fallback="consultation")[:100].strip("-") or "consultation"
    if base in RESERVED_SLUGS:
        base = f"{base}-consultation"
    taken = set(
        Consultation.all_objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _choices(user: User, consultation: Consultation | None = None) -> dict[str, Any]:
    """What a consultation may be linked to: the municipalities of the person's organisations
    (and the one it has), the OGP members, and public commitments."""
    from django.db.models import Q

    from opencity.actionplans.models import Commitment, Member
    from opencity.places.models import Municipality

    wanted = Q(
        pk__in=selectors_work.organisers(user)
        .filter(municipality__isnull=False)
        .values("municipality")
    )
    if consultation is not None and consultation.municipality_id:
        wanted |= Q(pk=consultation.municipality_id)
    return {
        "municipalities": Municipality.objects.filter(wanted).order_by("name"),
        "members": Member.objects.order_by("name"),
        "commitments": Commitment.public.select_related("plan").order_by("identifier"),
    }


# The list and one consultation ---------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    organisers = list(selectors_work.organisers(request.user))
    if not organisers:
        raise PermissionDenied
    consultations = list(selectors_work.work_consultations(request.user)[:200])
    lines = [(c, c.phase(has_report=c.has_report)) for c in consultations]  # type: ignore[attr-defined]
    return render(
        request,
        "consultations/work/dashboard.html",
        {"lines": lines, "organisers": organisers},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    organisers = selectors_work.organisers(request.user)
    if not organisers.exists():
        raise PermissionDenied
    form = ConsultationForm(
        request.POST or None,
        organisers=organisers,
        initial={"language": get_language()},
        **_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        fields = form.consultation_fields()
        saved, consultation = _write(
            form,
            lambda: services.consultation_create(
                actor=request.user,
                organiser=form.cleaned_data["organiser"],
                slug=unique_slug(form.first_title()),
                # `title` writes the page's language; the explicit title_<code> fields win.
                title=fields.get(f"title_{get_language()}") or form.first_title(),
                commitments=list(form.cleaned_data["commitments"]),
                **fields,
            ),
        )
        if saved:
            messages.success(
                request,
                _("The consultation is saved as a draft. Add its document, then publish it."),
            )
            return redirect("consultations:work_document", slug=consultation.slug)
    return render(
        request, "consultations/work/consultation_form.html", {"form": form, "consultation": None}
    )


def _changed(stored: Any, typed: Any) -> bool:
    """Whether the form changes a field: an empty text is no change from no text, and a time
    typed to the minute is no change from the stored time within that minute (the service
    accepts only a later close once comments have opened)."""
    if isinstance(stored, datetime.datetime) and isinstance(typed, datetime.datetime):
        return stored.replace(second=0, microsecond=0) != typed.replace(second=0, microsecond=0)
    if stored in (None, "") and typed in (None, ""):
        return False
    return bool(stored != typed)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    form = ConsultationForm(
        request.POST or None, instance=consultation, **_choices(request.user, consultation)
    )
    if request.method == "POST" and form.is_valid():
        fields = form.consultation_fields()
        commitments = list(form.cleaned_data["commitments"])
        changes = {
            name: value
            for name, value in fields.items()
            if _changed(getattr(consultation, name), value)
        }
        saved, _saved = _write(
            form,
            lambda: services.consultation_update(
                actor=request.user,
                consultation=consultation,
                commitments=commitments,
                **changes,
            ),
        )
        if saved:
            messages.success(request, _("The consultation is saved."))
            return redirect("consultations:work_consultation", slug=consultation.slug)
    return render(
        request,
        "consultations/work/consultation_form.html",
        {
            "form": form,
            "consultation": consultation,
            "editable": _phase_allows(consultation, "edit_document"),
        },
    )


@login_required
@require_GET
def consultation_work(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    phase = consultation.phase(has_report=consultation.has_report)  # type: ignore[attr-defined]
    return render(
        request,
        "consultations/work/consultation.html",
        {
            "consultation": consultation,
            "phase": phase,
            "sections": selectors_work.document(consultation),
            "versions": selectors_work.report_versions(consultation),
            "may": {
                action: _phase_allows(consultation, action)
                for action in ("edit_document", "publish", "respond", "edit_final_text", "report")
            },
        },
    )


@login_required
@require_POST
def consultation_publish(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    try:
        services.consultation_publish(actor=request.user, consultation=consultation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The consultation is published: announced until it opens, then open for comments."),
        )
    return redirect("consultations:work_consultation", slug=consultation.slug)


# The document --------------------------------------------------------------------------------


def _read_document(form: DocumentForm) -> documents.Sections | None:
    uploaded = form.cleaned_data.get("file")
    try:
        if uploaded:
            return documents.read_docx(uploaded, size=uploaded.size)
        return documents.read_markdown(form.cleaned_data["markdown"])
    except documents.DocumentError as error:
        form.add_error("file" if uploaded else "markdown", error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def document(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload or paste the document; the next page shows its sections and paragraphs as they
    will be saved, and saving takes exactly what was shown (carried signed in the form)."""
    consultation = _consultation(request, slug)
    editable = _phase_allows(consultation, "edit_document")
    context: dict[str, Any] = {"consultation": consultation, "editable": editable}
    status = 200
    if request.method == "POST" and not editable:
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("action") == "save":
        try:
            sections = signing.loads(
                request.POST.get("document", ""), salt=DOCUMENT_SALT, max_age=24 * 3600
            )
        except signing.BadSignature:
            messages.error(request, _("The preview expired. Upload or paste the document again."))
            return redirect("consultations:work_document", slug=slug)
        try:
            count = services.document_replace(
                actor=request.user, consultation=consultation, sections=sections
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("consultations:work_document", slug=slug)
        messages.success(
            request,
            _("The document is saved: %(sections)d sections, %(paragraphs)d paragraphs.")
            % {"sections": len(sections), "paragraphs": count},
        )
        return redirect("consultations:work_consultation", slug=slug)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        sections = _read_document(form) if form.is_valid() else None
        if sections is None:
            status = 400
        else:
            section_count, paragraph_count = documents.counts(sections)
            context.update(
                {
                    "preview": sections,
                    "section_count": section_count,
                    "paragraph_count": paragraph_count,
                    "signed": signing.dumps(sections, salt=DOCUMENT_SALT, compress=True),
                    "replaces": consultation.paragraph_count,  # type: ignore[attr-defined]
                }
            )
    context["form"] = form
    context["current"] = selectors_work.document(consultation) if "preview" not in context else []
    return render(request, "consultations/work/document.html", context, status=status)


# Responses -----------------------------------------------------------------------------------


def _queue_context(request: HttpRequest, consultation: Consultation) -> dict[str, Any]:
    sections, paragraphs = selectors_work.sections_and_paragraphs(consultation)
    filter_form = QueueFilterForm(
        request.GET or None,
        sections=[
            (s.pk, _("%(number)s. %(title)s") % {"number": s.order, "title": s.title or "—"})
            for s in sections
        ],
        paragraphs=[(p.pk, _("Paragraph %(number)s") % {"number": p.order}) for p in paragraphs],
    )
    if filter_form.is_bound:
        filter_form.is_valid()  # a field with an error does not filter
    filters = selectors_work.QueueFilters(**filter_form.values())
    page = Paginator(
        selectors_work.response_queue(consultation, filters), QUEUE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    responding = _phase_allows(consultation, "respond")
    entries = []
    for comment in page.object_list:
        response = getattr(comment, "response", None)
        initial = {"outcome": response.outcome, "reason": response.reason} if response else {}
        entries.append((comment, ResponseForm(prefix=f"c{comment.pk}", initial=initial)))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "consultation": consultation,
        "filter_form": filter_form,
        "filtering": any(v not in ("", None) for v in filter_form.values().values()),
        "page": page,
        "entries": entries,
        "responding": responding,
        "query": query.urlencode(),
        "here": request.get_full_path(),
    }


@login_required
@require_GET
def responses(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    return render(
        request, "consultations/work/responses.html", _queue_context(request, consultation)
    )


def _comment(consultation: Consultation, pk: int) -> Comment:
    comment = (
        selectors_work.proposals(consultation)
        .select_related("paragraph__section", "author", "response")
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        raise Http404
    return comment


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, slug: str, comment: int) -> HttpResponse:
    """One comment and its response form; the queue's forms post here, and a refusal shows
    here with what was typed."""
    consultation = _consultation(request, slug)
    target = _comment(consultation, comment)
    response = getattr(target, "response", None)
    initial = {"outcome": response.outcome, "reason": response.reason} if response else {}
    form = ResponseForm(request.POST or None, prefix=f"c{target.pk}", initial=initial)
    queue_url = reverse("consultations:work_responses", kwargs={"slug": slug})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved, _response = _write(
                form,
                lambda: services.response_set(
                    actor=request.user,
                    comment=target,
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                ),
            )
            if saved:
                messages.success(
                    request,
                    _(
                        "The response is saved and public under the comment; its author is "
                        "told by e-mail."
                    ),
                )
                return redirect(_safe_next(request, queue_url))
        status = 400
    return render(
        request,
        "consultations/work/respond.html",
        {
            "consultation": consultation,
            "comment": target,
            "form": form,
            "responding": _phase_allows(consultation, "respond"),
            "next": _safe_next(request, queue_url),
            "queue_url": queue_url,
        },
        status=status,
    )


# The final text ------------------------------------------------------------------------------


def _final_context(
    consultation: Consultation, failed: tuple[int, FinalTextForm] | None = None
) -> dict[str, Any]:
    sections = selectors_work.document(consultation)
    rows = []
    for section in sections:
        items = []
        for paragraph in section.paragraphs.all():
            if failed is not None and failed[0] == paragraph.pk:
                form = failed[1]
            else:
                form = FinalTextForm(
                    prefix=f"p{paragraph.pk}",
                    initial={
                        "final_text": paragraph.final_text or paragraph.text,
                        "removed": paragraph.removed,
                    },
                )
            items.append((paragraph, form))
        rows.append((section, items))
    return {
        "consultation": consultation,
        "rows": rows,
        "editing": _phase_allows(consultation, "edit_final_text"),
    }


@login_required
@require_GET
def final_text(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    return render(request, "consultations/work/final_text.html", _final_context(consultation))


@login_required
@require_POST
def final_paragraph(request: HttpRequest, slug: str, paragraph: int) -> HttpResponse:
    consultation = _consultation(request, slug)
    target = consultation.paragraphs.filter(pk=paragraph).first()
    if target is None:
        raise Http404
    target.consultation = consultation
    form = FinalTextForm(request.POST, prefix=f"p{target.pk}")
    if form.is_valid():
        saved, _saved = _write(
            form,
            lambda: services.paragraph_final_set(
                actor=request.user,
                paragraph=target,
                final_text=form.cleaned_data["final_text"] or target.text,
                removed=form.cleaned_data["removed"],
            ),
        )
        if saved:
            messages.success(
                request,
                _("Paragraph %(number)s is saved.") % {"number": target.order},
            )
            url = reverse("consultations:work_final", kwargs={"slug": slug})
            return redirect(f"{url}#paragraph-{target.order}")
    return render(
        request,
        "consultations/work/final_text.html",
        _final_context(consultation, (target.pk, form)),
        status=400,
    )


# The report ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    versions = selectors_work.report_versions(consultation)
    latest = versions[0] if versions else None
    form = ReportPublishForm(
        request.POST or None, initial={"summary": latest.summary if latest else ""}
    )
    if latest is not None:
        form.fields["reason"].required = True
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved, report = _write(
                form,
                lambda: services.report_publish(
                    actor=request.user,
                    consultation=consultation,
                    summary=form.cleaned_data["summary"],
                    reason=form.cleaned_data["reason"],
                ),
            )
            if saved:
                messages.success(
                    request,
                    _("Version %(version)d of the report is published.")
                    % {"version": report.version},
                )
                return redirect(report.get_absolute_url())
        status = 400
    return render(
        request,
        "consultations/work/report.html",
        {
            "consultation": consultation,
            "form": form,
            "versions": versions,
            "latest": latest,
            "reporting": _phase_allows(consultation, "report"),
            "unanswered": consultation.unanswered_count,  # type: ignore[attr-defined]
            "unanswered_url": reverse("consultations:work_responses", kwargs={"slug": slug}),
        },
        status=status,
    )


def work_url(consultation: Consultation) -> str:
    return reverse("consultations:work_consultation", kwargs={"slug": consultation.slug})


def queue_url(consultation: Consultation, **filters: Any) -> str:
    url = reverse("consultations:work_responses", kwargs={"slug": consultation.slug})
    return f"{url}?{urlencode(filters)}" if filters else url


urlpatterns: list[URLPattern] = [
    path("work/", dashboard, name="work"),
    path("work/new/", consultation_new, name="work_new"),
    path("work/<slug:slug>/", consultation_work, name="work_consultation"),
    path("work/<slug:slug>/edit/", consultation_edit, name="work_edit"),
    path("work/<slug:slug>/document/", document, name="work_document"),
    path("work/<slug:slug>/publish/", consultation_publish, name="work_publish"),
    path("work/<slug:slug>/responses/", responses, name="work_responses"),
    path("work/<slug:slug>/responses/<int:comment>/", respond, name="work_respond"),
    path("work/<slug:slug>/final-text/", final_text, name="work_final"),
    path(
        "work/<slug:slug>/final-text/<int:paragraph>/", final_paragraph, name="work_final_paragraph"
    ),
    path("work/<slug:slug>/report/", report_new, name="work_report"),
]
