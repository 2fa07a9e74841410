"""What the consultations app adds to the rest of the platform (see core/registry.py)."""

from __future__ import annotations


def register() -> None:
    """Municipality sections, work links and the personal-data exporter of this app."""
