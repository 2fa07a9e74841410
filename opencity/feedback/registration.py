"""What the consultations app adds to the rest of the platform (see core/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Municipality sections, work links and the personal-data exporter of this app."""
    _register_public()


def _register_public() -> None:
    """The consultations section of the municipality page."""
    from opencity.consultations import selectors
    from opencity.core.registry import MunicipalitySection, registry

    registry.add_municipality_section(
        MunicipalitySection(
            key="consultations",
            title=_("Public consultations"),
            template="consultations/public/section.html",
            context=selectors.municipality_section,
            order=50,
        )
    )
