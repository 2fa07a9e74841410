"""What the consultations app adds to the rest of the platform (see core/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Municipality sections, work links and the personal-data exporter of this app."""
    _register_public()
    _register_work()
    _register_moderation()
    _register_personal_data()


def _register_work() -> None:
    """The organisers' pages, for the officials of city halls and government bodies."""
    from opencity.accounts.models import Role
    from opencity.core.registry import WorkLink, registry

    registry.add_work_link(
        WorkLink(
            "consultations-work",
            _("Consultations: prepare, answer every comment, publish the report"),
            "consultations:work",
            frozenset({Role.OFFICIAL, "admin"}),
            50,
        )
    )


def _register_moderation() -> None:
    """The moderation queue and log, for moderators and platform administrators."""
    from opencity.core.registry import WorkLink, registry

    registry.add_work_link(
        WorkLink(
            "consultations-moderation",
            _("Consultations: moderate reported comments, the moderation log"),
            "consultations:moderation",
            frozenset({"moderator", "admin"}),
            55,
        )
    )


def _register_personal_data() -> None:
    from opencity.consultations import personal_data
    from opencity.core.registry import registry

    registry.add_personal_data_exporter("consultations", personal_data.consultations_personal_data)
    registry.add_account_eraser("consultations", personal_data.consultations_erase_person)


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
