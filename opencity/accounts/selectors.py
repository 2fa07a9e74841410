from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from opencity.accounts.models import Organisation
from opencity.places.models import Municipality


def organisation_count() -> int:
    return Organisation.objects.count()


def municipality_organisations_section(
    request: HttpRequest, municipality: Municipality
) -> dict[str, Any]:
    return {"organisations": list(Organisation.objects.for_municipality(municipality))}
