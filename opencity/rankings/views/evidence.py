"""Stored evidence: the archived copy of an evidence link, and an answer's uploaded file.

Stored copies are third-party pages. They are only ever sent as downloads, with a policy that
forbids running anything, so that a page archived from anywhere cannot run scripts on our origin.
"""

from __future__ import annotations

import mimetypes
import os

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from opencity.rankings import evidence as evidence_service

# Uploaded files are validated to be one of these; anything else is sent as opaque bytes.
UPLOAD_CONTENT_TYPES = {"application/pdf", "image/png", "image/jpeg"}


def _attachment(
    stored: FieldFile, *, filename: str, content_type: str, public: bool
) -> FileResponse:
    try:
        content = stored.open("rb")
    except OSError:
        raise Http404 from None  # the row outlived its file (restored database, lost volume)
    response = FileResponse(
        content, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were to show it instead of saving it: no script, no plugin, no
    # same-origin access, no subresource.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if not public:
        # Draft evidence is for the coalition only; no shared cache may keep it.
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def evidence_archive(request: HttpRequest, pk: int) -> FileResponse:
    """The copy of an evidence link as it was fetched (also a failed fetch's error page)."""
    row = evidence_service.archive_visible_to(request.user, pk)
    if row is None or not row.content:
        raise Http404
    extension = os.path.splitext(row.content.name)[1]
    return _attachment(
        row.content,
        filename=f"evidence-{row.pk}{extension}",
        content_type=evidence_service.media_type(row.content_type) or "application/octet-stream",
        public=row.published,
    )


@require_safe
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence file uploaded with an answer."""
    answer = evidence_service.answer_with_file_visible_to(request.user, pk)
    if answer is None or not answer.evidence_file:
        raise Http404
    filename = os.path.basename(answer.evidence_file.name)
    guessed = mimetypes.guess_type(filename)[0]
    return _attachment(
        answer.evidence_file,
        filename=filename,
        content_type=guessed if guessed in UPLOAD_CONTENT_TYPES else "application/octet-stream",
        public=answer.published,
    )


urlpatterns: list[URLPattern] = [
    path("evidence/archive/<int:pk>/", evidence_archive, name="evidence_archive"),
    path("evidence/file/<int:pk>/", evidence_file, name="evidence_file"),
]
