"""What the action plans app adds to the rest of the platform (see core/registry.py)."""

from __future__ import annotations


def register() -> None:
    """Municipality sections, work links and the personal-data exporter of this app."""
    _register_personal_data()


def _register_personal_data() -> None:
    """What the app holds about a person goes into their data download; deleting their account
    removes their follows and unlinks them from what they wrote."""
    from opencity.actionplans import personal_data
    from opencity.core.registry import registry

    registry.add_personal_data_exporter("actionplans", personal_data.actionplans_personal_data)
    registry.add_account_eraser("actionplans", personal_data.actionplans_erase_person)
