"""Running the import command and writing small copies of the shipped register files.

The small copies are cut out of the official files, row for row, so that a test reads real data
in the real format (encoding, delimiter, line endings) without importing 30,000 rows.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.core.management import call_command
from django.utils import translation

from opencity.places.models import Country, Municipality, Region, Register
from opencity.places.registers import DEFAULT_PATHS, EKATTE_FILES, EKATTE_SETTLEMENTS_FILE

KATOTTH_FILE = DEFAULT_PATHS[Register.KATOTTH]
SIRUTA_FILE = DEFAULT_PATHS[Register.SIRUTA]
EKATTE_DIR = DEFAULT_PATHS[Register.EKATTE]

# Codes used throughout the tests.
LVIV_OBLAST = "UA46000000000026241"
LVIV_RAION = "UA46060000000042587"
LVIV_HROMADA = "UA46060250000025047"
DROHOBYCH_RAION = "UA46020000000075920"
DROHOBYCH_HROMADA = "UA46020030000019252"
KYIV = "UA80000000000093317"
ALBA_COUNTY = "10"
ALBA_IULIA = "1017"
BAIA_DE_ARIES = "2915"
BRASOV_COUNTY = "83"
BRASOV = "40198"
BUCHAREST_COUNTY = "403"
BUCHAREST = "179132"

# Queries each page makes, whatever the number of units (anonymous visitor, no session).
PAGE_QUERIES = {
    "index": 1,  # countries with their counts
    "search": 2,  # count and one page of results
    "country": 2,  # the country, its regions with their counts
    "country search": 3,  # the country, count, one page of results
    "region": 4,  # the region, count, its districts, one page of results
    # the municipality with its places, its organisations, its rankings, its action plans,
    # consultations, and events (upcoming and recent)
    "municipality": 7,
}


def import_register(*args: str, progress: io.StringIO | None = None) -> str:
    """Run `import_register` as an operator would and return what it printed.

    A shell has no active language, so the command speaks English (LANGUAGE_CODE); in a test run
    an earlier request may have left another language active in the thread, hence the override.
    With `progress`, the progress bar is shown and written there.
    """
    out = io.StringIO()
    options = [] if progress else ["--no-progress"]
    with translation.override("en"):
        call_command(
            "import_register", *args, *options, stdout=out, stderr=progress or io.StringIO()
        )
    return out.getvalue()


def table_counts() -> tuple[int, int, int]:
    return Country.objects.count(), Region.objects.count(), Municipality.objects.count()


def section(output: str, register_label: str) -> str:
    """The lines the command printed for one register, e.g. "SIRUTA (Romania)"."""
    lines = output.splitlines()
    start = lines.index(register_label)
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith("  ")), len(lines)
    )
    return "\n".join(lines[start:end])


# --- Ukraine, KATOTTH -------------------------------------------------------------------------


@cache
def katotth_lines() -> tuple[str, ...]:
    return tuple(KATOTTH_FILE.read_text(encoding="utf-8").splitlines())


@cache
def _katotth_rows() -> tuple[tuple[str, list[str]], ...]:
    return tuple((row, row.split(";")) for row in katotth_lines()[1:])


def katotth_subset(hromadas: Iterable[str] = (), whole_units: Iterable[str] = ()) -> list[str]:
    """Header, the hromadas with their oblast, raion and settlements, and whole level-1 units."""
    wanted, whole = set(hromadas), set(whole_units)
    parents = {code for _row, f in _katotth_rows() if f[2] in wanted for code in f[:2]}
    keep = [
        row
        for row, f in _katotth_rows()
        if f[0] in whole or f[2] in wanted or (f[5] in {"O", "P"} and (f[1] or f[0]) in parents)
    ]
    return [katotth_lines()[0], *keep]


def write_katotth(path: Path, lines: list[str]) -> Path:
    """Write lines as the official file is written: UTF-8, CRLF after every line."""
    path.write_bytes("".join(f"{line}\r\n" for line in lines).encode("utf-8"))
    return path


# --- Romania, SIRUTA --------------------------------------------------------------------------


@cache
def siruta_lines() -> tuple[str, ...]:
    return tuple(SIRUTA_FILE.read_text(encoding="utf-8").splitlines())


@cache
def _siruta_rows() -> tuple[tuple[str, list[str]], ...]:
    return tuple((row, row.split(";")) for row in siruta_lines()[1:])


def siruta_subset(uats: Iterable[str] = (), counties: Iterable[str] = ()) -> list[str]:
    """Header, the UATs with their county and localities, and whole counties."""
    wanted, whole = set(uats), set(counties)
    wanted |= {f[0] for _row, f in _siruta_rows() if f[6] == "2" and f[4] in whole}
    whole |= {f[4] for _row, f in _siruta_rows() if f[0] in wanted}
    keep = [
        row
        for row, f in _siruta_rows()
        if f[0] in wanted or f[0] in whole or (f[6] == "3" and f[4] in wanted)
    ]
    return [siruta_lines()[0], *keep]


def write_siruta(path: Path, lines: list[str]) -> Path:
    """Write lines as the official file is written: UTF-8, LF, no newline after the last row."""
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path


# --- Bulgaria, EKATTE -------------------------------------------------------------------------


@cache
def ekatte_records(name: str) -> tuple[dict, ...]:
    return tuple(json.loads((EKATTE_DIR / name).read_text(encoding="utf-8")))


def _district_of(record: dict) -> str | None:
    if "oblast" in record:
        return record["oblast"]
    if "obshtina" in record:
        return record["obshtina"][:3]
    return None  # the metadata trailer


def write_ekatte(directory: Path, districts: Iterable[str]) -> Path:
    """The three EKATTE files cut down to some districts, metadata trailers kept."""
    wanted = set(districts)
    directory.mkdir(parents=True, exist_ok=True)
    for name in (*EKATTE_FILES.values(), EKATTE_SETTLEMENTS_FILE):
        records = [
            record
            for record in ekatte_records(name)
            if _district_of(record) is None or _district_of(record) in wanted
        ]
        (directory / name).write_text(json.dumps(records, indent=2), encoding="utf-8")
    return directory
