"""Running the import again on a changed register: units are matched on their official code."""

from __future__ import annotations

import importlib
import io

import pytest
from django.core.management import CommandError
from django.utils import translation

from opencity.places.models import Country, Municipality, Region
from tests.places import helpers

pytestmark = pytest.mark.django_db


def snapshot(model) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in model.objects.values_list("code", "pk", "slug", "name_en")}


def test_second_import_of_the_same_file_creates_and_updates_nothing(tmp_path):
    path = helpers.write_siruta(
        tmp_path / "siruta.csv", helpers.siruta_subset(counties=[helpers.ALBA_COUNTY])
    )
    first = helpers.import_register("--register", "siruta", "--path", str(path))
    assert "  created 79, updated 0, unchanged 0" in first  # Alba county and its 78 UATs
    regions, municipalities = snapshot(Region), snapshot(Municipality)

    second = helpers.import_register("--register", "siruta", "--path", str(path))

    assert "  created 0, updated 0, unchanged 79" in second
    assert snapshot(Region) == regions
    assert snapshot(Municipality) == municipalities
    assert Country.objects.count() == 1


def test_renamed_romanian_uat_is_updated_in_place(tmp_path):
    lines = helpers.siruta_subset([helpers.ALBA_IULIA, helpers.BAIA_DE_ARIES])
    path = helpers.write_siruta(tmp_path / "siruta.csv", lines)
    helpers.import_register("--register", "siruta", "--path", str(path))
    before = Municipality.objects.get(code=helpers.BAIA_DE_ARIES)
    assert (before.name_ro, before.slug) == ("Baia de Arieș", "baia-de-aries")

    renamed = [line.replace("ORAȘ BAIA DE ARIEȘ", "ORAȘ BAIA DE ARIEȘ NOUĂ") for line in lines]
    output = helpers.import_register(
        "--register", "siruta", "--path", str(helpers.write_siruta(path, renamed))
    )

    assert "  created 0, updated 1, unchanged 2" in output
    after = Municipality.objects.get(code=helpers.BAIA_DE_ARIES)
    assert after.pk == before.pk
    assert (after.name_ro, after.name_en, after.slug) == (
        "Baia de Arieș Nouă",
        "Baia de Arieș Nouă",
        "baia-de-aries-noua",
    )
    assert Municipality.objects.count() == 2
    assert list(Municipality.objects.search("aries noua")) == [after]
    assert not Municipality.objects.search("baia de aries").exclude(pk=after.pk).exists()


def test_renamed_hromada_is_updated_in_place(tmp_path):
    lines = helpers.katotth_subset([helpers.LVIV_HROMADA, helpers.DROHOBYCH_HROMADA])
    path = helpers.write_katotth(tmp_path / "katotth.csv", lines)
    helpers.import_register("--register", "katotth", "--path", str(path))
    before = snapshot(Municipality)

    renamed = [
        line.replace(";H;Дрогобицька", ";H;Дрогобицька міська") if ";H;" in line else line
        for line in lines
    ]
    output = helpers.import_register(
        "--register", "katotth", "--path", str(helpers.write_katotth(path, renamed))
    )

    assert "  created 0, updated 1, unchanged 4" in output  # 1 oblast, 2 raions, 2 hromadas
    after = snapshot(Municipality)
    assert after[helpers.LVIV_HROMADA] == before[helpers.LVIV_HROMADA]
    pk, slug, name_en = after[helpers.DROHOBYCH_HROMADA]
    assert pk == before[helpers.DROHOBYCH_HROMADA][0]
    assert (slug, name_en) == ("drohobytska-miska-hromada", "Drohobytska miska hromada")
    assert Municipality.objects.get(pk=pk).name_uk == "Дрогобицька міська громада"
    assert len(after) == 2


def test_renamed_county_keeps_its_uats(tmp_path):
    lines = helpers.siruta_subset([helpers.ALBA_IULIA])
    path = helpers.write_siruta(tmp_path / "siruta.csv", lines)
    helpers.import_register("--register", "siruta", "--path", str(path))
    county = Region.objects.get(code=helpers.ALBA_COUNTY)

    renamed = [line.replace("JUDEȚUL ALBA", "JUDEȚUL ALBA DE SUS") for line in lines]
    output = helpers.import_register(
        "--register", "siruta", "--path", str(helpers.write_siruta(path, renamed))
    )

    assert "  created 0, updated 1, unchanged 1" in output
    renamed_county = Region.objects.get(code=helpers.ALBA_COUNTY)
    assert (renamed_county.pk, renamed_county.name_ro) == (county.pk, "Alba de Sus")
    assert Municipality.objects.get(code=helpers.ALBA_IULIA).region == renamed_county


def test_uat_moved_to_another_county_follows_it(tmp_path):
    lines = helpers.siruta_subset([helpers.ALBA_IULIA, helpers.BRASOV])
    path = helpers.write_siruta(tmp_path / "siruta.csv", lines)
    helpers.import_register("--register", "siruta", "--path", str(path))
    pk = Municipality.objects.get(code=helpers.ALBA_IULIA).pk

    moved = [
        line.replace(";0;1;10;1;2;", ";0;8;83;1;2;") if line.startswith("1017;") else line
        for line in lines
    ]
    helpers.import_register(
        "--register", "siruta", "--path", str(helpers.write_siruta(path, moved))
    )

    alba_iulia = Municipality.objects.get(code=helpers.ALBA_IULIA)
    assert alba_iulia.pk == pk
    assert alba_iulia.region.name_ro == "Brașov"
    assert alba_iulia.get_absolute_url() == "/en/places/ro/brasov/alba-iulia/"


def test_new_unit_in_a_later_edition_is_added_and_the_others_are_kept(tmp_path):
    path = tmp_path / "siruta.csv"
    helpers.import_register(
        "--register",
        "siruta",
        "--path",
        str(helpers.write_siruta(path, helpers.siruta_subset([helpers.ALBA_IULIA]))),
    )
    before = snapshot(Municipality)

    output = helpers.import_register(
        "--register",
        "siruta",
        "--path",
        str(
            helpers.write_siruta(
                path, helpers.siruta_subset([helpers.ALBA_IULIA, helpers.BAIA_DE_ARIES])
            )
        ),
    )

    assert "  created 1, updated 0, unchanged 2" in output
    after = snapshot(Municipality)
    assert after[helpers.ALBA_IULIA] == before[helpers.ALBA_IULIA]
    assert set(after) == {helpers.ALBA_IULIA, helpers.BAIA_DE_ARIES}


def test_bulgarian_import_of_a_cut_down_copy_is_repeatable(tmp_path):
    directory = helpers.write_ekatte(tmp_path / "ekatte", ["GAB"])
    first = helpers.import_register("--register", "ekatte", "--path", str(directory))
    assert "  created 5, updated 0, unchanged 0" in first  # Gabrovo district, 4 municipalities
    before = snapshot(Municipality)
    second = helpers.import_register("--register", "ekatte", "--path", str(directory))
    assert "  created 0, updated 0, unchanged 5" in second
    assert snapshot(Municipality) == before


def test_progress_bar_goes_to_stderr_and_the_summary_to_stdout(tmp_path):
    path = helpers.write_siruta(
        tmp_path / "siruta.csv", helpers.siruta_subset([helpers.BAIA_DE_ARIES])
    )
    progress = io.StringIO()
    output = helpers.import_register("--register", "siruta", "--path", str(path), progress=progress)
    assert output.splitlines() == [
        "SIRUTA (Romania)",
        "  municipalities, town (oraș): 1",
        "  regions, county (județ): 1",
        "  created 2, updated 0, unchanged 0",
    ]
    assert "siruta.csv" in progress.getvalue()  # tqdm's bar, named after the file


def test_summary_labels_do_not_depend_on_the_language_active_when_the_command_was_loaded(
    tmp_path,
):
    path = helpers.write_siruta(
        tmp_path / "siruta.csv", helpers.siruta_subset([helpers.BAIA_DE_ARIES])
    )
    module = importlib.import_module("opencity.places.management.commands.import_register")
    try:
        with translation.override("bg"):  # e.g. loaded by a request to a /bg/ page
            importlib.reload(module)
        output = helpers.import_register("--register", "siruta", "--path", str(path))
        assert "  municipalities, town (oraș): 1" in output
    finally:
        with translation.override("en"):
            importlib.reload(module)


def test_path_without_register_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--path needs --register"):
        helpers.import_register("--path", str(tmp_path))
    assert helpers.table_counts() == (0, 0, 0)


def test_unknown_register_is_refused():
    with pytest.raises(CommandError, match="invalid choice: 'koatuu'"):
        helpers.import_register("--register", "koatuu")
