"""What the events app adds to the rest of the platform (see core/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencity.accounts.models import Role
from opencity.core.registry import HomeFigure, MunicipalitySection, WorkLink, registry


def register() -> None:
    """Municipality sections, work links and the personal-data exporter of this app."""
    from opencity.events import personal_data, selectors

    # Officials and coordinators of an organisation prepare its events; the page checks it.
    registry.add_work_link(
        WorkLink(
            "events-work",
            _("Events: prepare, registrations, attendance and minutes"),
            "events:work",
            frozenset({Role.OFFICIAL, Role.COORDINATOR, "admin"}),
            60,
        )
    )
    registry.add_municipality_section(
        MunicipalitySection(
            key="events",
            title=_("Public events"),
            template="events/public/section.html",
            context=selectors.municipality_section,
            order=60,
        )
    )
    registry.add_home_figure(
        HomeFigure("events", _("public events"), selectors.public_event_count, "events:index", 60)
    )
    registry.add_personal_data_exporter("events", personal_data.events_personal_data)
    registry.add_account_eraser("events", personal_data.events_erase_person)
