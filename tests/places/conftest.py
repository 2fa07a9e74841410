from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction

from tests.places import helpers


def _imported_for_module(django_db_blocker, *args: str) -> Iterator[str]:
    """Import once for a whole test module, inside a transaction rolled back at its end.

    Each test still runs in its own savepoint (pytest-django's `db`), so what a test writes is
    undone after it, and the imported registers are undone after the module.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            output = helpers.import_register(*args)
        except BaseException:
            atomic.__exit__(None, None, None)
            raise
    try:
        yield output
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def full_registers(django_db_setup, django_db_blocker) -> Iterator[str]:
    """All three shipped registers, imported with `import_register` and no options."""
    yield from _imported_for_module(django_db_blocker)


@pytest.fixture(scope="module")
def full_romania(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The whole SIRUTA register: 42 regions and 3,181 UATs."""
    yield from _imported_for_module(django_db_blocker, "--register", "siruta")


@pytest.fixture(scope="session")
def tiny_register_files(tmp_path_factory) -> dict[str, Path]:
    """Cut-down copies of the three registers, written once per test run.

    Ukraine: Lviv oblast with Lvivska hromada (Lvivskyi raion) and Drohobytska hromada
    (Drohobytskyi raion), and Kyiv. Romania: Alba county with Alba Iulia and Baia de Arieș, Brașov
    county with Brașov, and Bucharest. Bulgaria: the districts Gabrovo and Sofia (capital).
    """
    directory = tmp_path_factory.mktemp("tiny-registers")
    katotth = helpers.katotth_subset(
        [helpers.LVIV_HROMADA, helpers.DROHOBYCH_HROMADA], whole_units=[helpers.KYIV]
    )
    siruta = helpers.siruta_subset(
        [helpers.ALBA_IULIA, helpers.BAIA_DE_ARIES, helpers.BRASOV, helpers.BUCHAREST]
    )
    return {
        "katotth": helpers.write_katotth(directory / "katotth.csv", katotth),
        "siruta": helpers.write_siruta(directory / "siruta.csv", siruta),
        "ekatte": helpers.write_ekatte(directory / "ekatte", ["GAB", "SOF"]),
    }


@pytest.fixture
def tiny_places(db, tiny_register_files) -> None:
    """A few real units of each register (see `tiny_register_files`), imported."""
    for register, path in tiny_register_files.items():
        helpers.import_register("--register", register, "--path", str(path))
