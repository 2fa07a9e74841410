"""Every UI string is translated in every language, and the compiled catalogues are current."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import opencity

PACKAGE = Path(opencity.__file__).resolve().parent
LANGUAGES = ["uk", "ro", "bg"]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po = catalogue(language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated: {untranslated}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy}"
    assert len(po) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language):
    po = catalogue(language)
    compiled_path = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo"
    assert compiled_path.is_file(), f"{language}: no compiled catalogue; run `make messages`"
    mo = polib.mofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in mo}
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in po.translated_entries()
    }
    missing = [key for key in source if key not in compiled]
    assert not missing, f"{language}: run `make messages` to compile; missing {missing[:5]}"
    stale = [key for key, value in source.items() if compiled.get(key) != value]
    assert not stale, f"{language}: run `make messages` to compile; stale {stale[:5]}"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs xgettext (apt-get install gettext)"
)
def test_every_string_in_the_code_is_in_the_catalogues(tmp_path):
    """Extract the strings again and compare: a new string without a translation fails here."""
    copy = tmp_path / "opencity"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("data", "__pycache__", "static"))
    # Without settings, makemessages writes only into the copy's own locale folder.
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--no-location", "-l", "uk"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    extracted = polib.pofile(str(copy / "locale" / "uk" / "LC_MESSAGES" / "django.po"))
    known = {(entry.msgctxt, entry.msgid) for entry in catalogue("uk").translated_entries()}
    new = [entry.msgid for entry in extracted if (entry.msgctxt, entry.msgid) not in known]
    assert not new, f"strings not yet in the catalogues (run `make messages`): {new}"


def test_pages_come_out_in_the_chosen_language(client, db):
    assert "Території" in client.get("/uk/places/").content.decode()
    assert "Teritorii" in client.get("/ro/places/").content.decode()
    assert "Територии" in client.get("/bg/places/").content.decode()
