"""What the action plans app adds to the rest of the platform (see core/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencity.accounts.models import Role
from opencity.core.registry import WorkLink, registry


def register() -> None:
    """Municipality sections, work links and the personal-data exporter of this app."""
    # Officials keep plans; independent assessors assess; any member of a civil-society
    # organisation, whatever its role there, may monitor. The page itself checks the rules.
    registry.add_work_link(
        WorkLink(
            "actionplans-work",
            _("Action plans: milestones, progress and assessments"),
            "actionplans:work",
            frozenset({*Role.values, "admin"}),
            50,
        )
    )
    _register_public()
    _register_personal_data()


def _register_public() -> None:
    """The action-plans section of the municipality page and the count on the home page."""
    from opencity.actionplans import selectors
    from opencity.core.registry import HomeFigure, MunicipalitySection, registry

    registry.add_municipality_section(
        MunicipalitySection(
            key="actionplans",
            title=_("Open-government action plans"),
            template="actionplans/public/section.html",
            context=selectors.municipality_section,
            order=40,
        )
    )
    registry.add_home_figure(
        HomeFigure(
            "actionplans-commitments",
            _("open-government commitments"),
            selectors.public_commitment_count,
            "actionplans:index",
            40,
        )
    )


def _register_personal_data() -> None:
    """What the app holds about a person goes into their data download; deleting their account
    removes their follows and unlinks them from what they wrote."""
    from opencity.actionplans import personal_data

    registry.add_personal_data_exporter("actionplans", personal_data.actionplans_personal_data)
    registry.add_account_eraser("actionplans", personal_data.actionplans_erase_person)
