from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name and the same page in every UI language, for the language switcher."""
    path = request.get_full_path()
    alternates = [
        {"code": code, "name": name, "url": translate_url(path, code)}
        for code, name in settings.LANGUAGES
    ]
    return {
        "site_name": settings.OPENCITY_SITE_NAME,
        "language_alternates": alternates,
        "contact_email": settings.OPENCITY_CONTACT_EMAIL,
    }
