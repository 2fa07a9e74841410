"""The three shipped registers, imported once for this module with `import_register`.

The expected figures are the ones in shared/data/registers/README.md, counted from the same files.
"""

from __future__ import annotations

import re

import pytest
from django.db.models import Count, F, Sum

from opencity.places.models import Country, Municipality, MunicipalityType, Region, RegionType
from tests.places import helpers

pytestmark = pytest.mark.django_db

UA, RO, BG = "KATOTTH (Ukraine)", "SIRUTA (Romania)", "EKATTE (Bulgaria)"


def municipality_types(register: str) -> dict[str, int]:
    rows = Municipality.objects.filter(register=register).values_list("unit_type")
    return dict(rows.annotate(n=Count("id")).order_by())


def region_types(register: str) -> dict[str, int]:
    rows = Region.objects.filter(register=register).values_list("unit_type")
    return dict(rows.annotate(n=Count("id")).order_by())


def municipality_types_of(queryset) -> dict[str, int]:
    found = dict(queryset.values_list("unit_type").annotate(n=Count("id")).order_by())
    return {unit_type: found.get(unit_type, 0) for unit_type in ("municipiu", "oras", "comuna")}


# --- Acceptance counts ------------------------------------------------------------------------


def test_ukraine_has_1469_hromadas_303_crimean_communities_and_2_special_status_cities(
    full_registers,
):
    assert municipality_types("katotth") == {
        MunicipalityType.HROMADA: 1469,
        MunicipalityType.CRIMEA_COMMUNITY: 303,
        MunicipalityType.SPECIAL_STATUS_CITY: 2,
    }
    printed = helpers.section(full_registers, UA)
    assert "  municipalities, territorial community (hromada): 1469" in printed
    assert "  municipalities, territorial community of the AR Crimea: 303" in printed
    assert "  municipalities, city with special status: 2" in printed


def test_ukraine_has_24_oblasts_the_autonomous_republic_2_city_regions_and_136_raions(
    full_registers,
):
    assert region_types("katotth") == {
        RegionType.OBLAST: 24,
        RegionType.AUTONOMOUS_REPUBLIC: 1,
        RegionType.SPECIAL_STATUS_CITY: 2,
        RegionType.RAION: 136,
    }
    printed = helpers.section(full_registers, UA)
    assert "  regions, oblast: 24" in printed
    assert "  regions, autonomous republic: 1" in printed
    assert "  regions, city with special status: 2" in printed
    assert "  regions, raion: 136" in printed
    assert "  created 1937, updated 0, unchanged 0" in printed
    # Raions hang under their oblast (126) or under the AR Crimea (10), never at the top.
    raions = Region.objects.filter(unit_type=RegionType.RAION)
    assert raions.filter(parent__unit_type=RegionType.OBLAST).count() == 126
    assert raions.filter(parent__unit_type=RegionType.AUTONOMOUS_REPUBLIC).count() == 10


def test_romania_has_3181_uats_103_municipii_216_orase_2862_comune(full_registers):
    assert municipality_types("siruta") == {
        MunicipalityType.MUNICIPIU: 103,
        MunicipalityType.ORAS: 216,
        MunicipalityType.COMUNA: 2862,
    }
    assert Municipality.objects.filter(register="siruta").count() == 3181
    printed = helpers.section(full_registers, RO)
    assert "  municipalities, municipality (municipiu): 103" in printed
    assert "  municipalities, town (oraș): 216" in printed
    assert "  municipalities, commune (comună): 2862" in printed


def test_romania_has_41_counties_and_bucharest_as_capital_municipality(full_registers):
    assert region_types("siruta") == {
        RegionType.JUDET: 41,
        RegionType.CAPITAL_MUNICIPALITY: 1,
    }
    bucharest = Region.objects.get(register="siruta", unit_type=RegionType.CAPITAL_MUNICIPALITY)
    assert (bucharest.code, bucharest.name_en, bucharest.name_ro) == (
        "403",
        "Bucharest",
        "București",
    )
    printed = helpers.section(full_registers, RO)
    assert "  regions, county (județ): 41" in printed
    assert "  regions, capital municipality: 1" in printed
    assert "  created 3223, updated 0, unchanged 0" in printed


@pytest.mark.parametrize(
    ("county", "municipii", "orase", "comune"),
    [("Alba", 4, 7, 67), ("Ilfov", 0, 8, 32), ("Cluj", 5, 1, 75), ("Bucharest", 1, 0, 0)],
)
def test_romanian_uats_are_counted_per_county_as_in_the_register(
    full_registers, county, municipii, orase, comune
):
    uats = Municipality.objects.filter(register="siruta", region__name_en=county)
    assert municipality_types_of(uats) == {
        MunicipalityType.MUNICIPIU: municipii,
        MunicipalityType.ORAS: orase,
        MunicipalityType.COMUNA: comune,
    }


def test_bulgaria_has_28_districts_and_265_municipalities(full_registers):
    assert region_types("ekatte") == {RegionType.BG_OBLAST: 28}
    assert municipality_types("ekatte") == {MunicipalityType.OBSHTINA: 265}
    printed = helpers.section(full_registers, BG)
    assert "  regions, district (oblast): 28" in printed
    assert "  municipalities, municipality (obshtina): 265" in printed
    assert "  created 293, updated 0, unchanged 0" in printed
    per_district = dict(
        Municipality.objects.filter(register="ekatte")
        .values_list("region__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert (per_district["SFO"], per_district["SOF"], per_district["PDV"]) == (22, 1, 18)
    assert len(per_district) == 28


def test_each_register_makes_one_country(full_registers):
    countries = {c.code: c for c in Country.objects.all()}
    assert sorted(countries) == ["BG", "RO", "UA"]
    assert countries["UA"].name_uk == "Україна"
    assert countries["RO"].name_ro == "România"
    assert countries["BG"].name_bg == "България"


# --- Running it again -------------------------------------------------------------------------


def test_importing_the_shipped_registers_again_changes_nothing(full_registers):
    before = {
        model: dict(model.objects.values_list("pk", "slug"))
        for model in (Country, Region, Municipality)
    }
    printed = helpers.import_register()
    assert "  created 0, updated 0, unchanged 1937" in helpers.section(printed, UA)
    assert "  created 0, updated 0, unchanged 3223" in helpers.section(printed, RO)
    assert "  created 0, updated 0, unchanged 293" in helpers.section(printed, BG)
    after = {
        model: dict(model.objects.values_list("pk", "slug"))
        for model in (Country, Region, Municipality)
    }
    assert after == before  # same rows, same primary keys, same slugs
    assert len(after[Municipality]) == 1774 + 3181 + 265


# --- Details ----------------------------------------------------------------------------------


def test_kyiv_is_both_a_region_and_a_municipality_of_itself(full_registers):
    region = Region.objects.get(code=helpers.KYIV)
    municipality = Municipality.objects.get(code=helpers.KYIV)
    assert region.unit_type == RegionType.SPECIAL_STATUS_CITY
    assert region.parent is None
    assert municipality.unit_type == MunicipalityType.SPECIAL_STATUS_CITY
    assert municipality.region == region
    assert municipality.district is None
    assert (municipality.name_uk, municipality.name_en) == ("Київ", "Kyiv")
    assert municipality.get_absolute_url() == "/en/places/ua/kyiv/kyiv/"
    sevastopol = Municipality.objects.get(name_en="Sevastopol")
    assert sevastopol.region.code == sevastopol.code == "UA85000000000065278"


def test_hromada_belongs_to_its_oblast_and_its_raion(full_registers):
    hromada = Municipality.objects.select_related("region", "district__parent").get(
        code=helpers.LVIV_HROMADA
    )
    assert hromada.unit_type == MunicipalityType.HROMADA
    assert (hromada.name_uk, hromada.name_en) == ("Львівська громада", "Lvivska hromada")
    assert hromada.region.code == helpers.LVIV_OBLAST
    assert hromada.region.unit_type == RegionType.OBLAST
    assert (hromada.region.name_uk, hromada.region.name_en) == (
        "Львівська область",
        "Lvivska oblast",
    )
    assert hromada.district.code == helpers.LVIV_RAION
    assert hromada.district.name_uk == "Львівський район"
    assert hromada.district.parent == hromada.region
    assert hromada.settlement_count == 20  # 3 cities, 2 селища, 15 villages


def test_every_hromada_has_a_raion_inside_its_own_oblast(full_registers):
    hromadas = Municipality.objects.filter(
        unit_type__in=[MunicipalityType.HROMADA, MunicipalityType.CRIMEA_COMMUNITY]
    )
    assert not hromadas.filter(district__isnull=True).exists()
    assert hromadas.exclude(district__parent=F("region")).count() == 0
    crimean = Municipality.objects.filter(unit_type=MunicipalityType.CRIMEA_COMMUNITY)
    assert set(crimean.values_list("region__unit_type", flat=True)) == {"autonomous_republic"}


@pytest.mark.parametrize(
    ("code", "register_name", "name", "unit_type"),
    [
        (helpers.ALBA_IULIA, "MUNICIPIUL ALBA IULIA", "Alba Iulia", MunicipalityType.MUNICIPIU),
        (helpers.BAIA_DE_ARIES, "ORAȘ BAIA DE ARIEȘ", "Baia de Arieș", MunicipalityType.ORAS),
        ("32027", "ORAȘ VALEA LUI MIHAI", "Valea lui Mihai", MunicipalityType.ORAS),
        ("114319", "MUNICIPIUL TÂRGU MUREȘ", "Târgu Mureș", MunicipalityType.MUNICIPIU),
        ("119527", "SÂNPETRU DE CÂMPIE", "Sânpetru de Câmpie", MunicipalityType.COMUNA),
    ],
)
def test_romanian_names_are_title_cased_without_their_prefix(
    full_registers, code, register_name, name, unit_type
):
    assert f"{code};{register_name};" in "\n".join(helpers.siruta_lines())
    unit = Municipality.objects.get(register="siruta", code=code)
    assert (unit.name_ro, unit.name_en, unit.unit_type) == (name, name, unit_type)
    assert unit.name == name


def test_romanian_counties_are_named_without_judetul(full_registers):
    names = set(Region.objects.filter(unit_type=RegionType.JUDET).values_list("name_ro", flat=True))
    assert {"Alba", "Bistrița-Năsăud", "Caraș-Severin", "Satu Mare", "Vâlcea"} <= names
    assert not any(name.upper().startswith(("JUDEȚUL", "JUDETUL")) for name in names)
    uat_names = Municipality.objects.filter(register="siruta").values_list("name_ro", flat=True)
    assert not any(name.startswith(("Municipiul ", "Oraș ")) for name in uat_names)
    assert not any(name.isupper() for name in uat_names if len(name) > 3)


def test_giurgiu_gets_nuts_ro314_and_every_county_its_own_nuts_code(full_registers):
    nuts = dict(Region.objects.filter(register="siruta").values_list("name_ro", "nuts_code"))
    assert nuts["Giurgiu"] == "RO314"  # the file says RO224, which is Galați's
    assert nuts["Galați"] == "RO224"
    # Counties whose rows have gaps in the NUTS column still get the right code.
    assert (nuts["Gorj"], nuts["Iași"], nuts["Mureș"], nuts["Suceava"]) == (
        "RO412",
        "RO213",
        "RO125",
        "RO215",
    )
    assert nuts["București"] == "RO321"
    assert len(set(nuts.values())) == 42
    assert all(re.fullmatch(r"RO\d{3}", code) for code in nuts.values())


def test_bucharest_is_a_municipality_whose_sectors_are_not_counted_as_settlements(full_registers):
    bucharest = Municipality.objects.get(register="siruta", code=helpers.BUCHAREST)
    assert bucharest.unit_type == MunicipalityType.MUNICIPIU
    assert (bucharest.name_en, bucharest.name_ro) == ("Bucharest", "București")
    assert bucharest.region.code == helpers.BUCHAREST_COUNTY
    assert bucharest.settlement_count == 0


def test_bulgarian_municipality_has_its_bulgarian_and_english_name(full_registers):
    stolichna = Municipality.objects.get(register="ekatte", code="SOF46")
    assert (stolichna.name_bg, stolichna.name_en) == ("Столична", "Stolichna")
    assert stolichna.region.code == "SOF"
    assert stolichna.settlement_count == 38
    avren = Municipality.objects.get(register="ekatte", code="VAR01")
    assert (avren.name_bg, avren.name_en, avren.region.name_en) == ("Аврен", "Avren", "Varna")


def test_the_two_bulgarian_districts_named_sofia_are_kept_apart(full_registers):
    capital = Region.objects.get(register="ekatte", code="SOF")
    province = Region.objects.get(register="ekatte", code="SFO")
    assert (capital.name_bg, capital.name_en, capital.nuts_code) == (
        "София (столица)",
        "Sofia (stolitsa)",
        "BG411",
    )
    assert (province.name_bg, province.nuts_code) == ("София", "BG412")
    assert capital.slug != province.slug


@pytest.mark.parametrize(
    ("district", "settlements"),
    [("GAB", 349), ("KRZ", 468), ("SOF", 38), ("BLG", 274), ("VTR", 336)],
)
def test_settlements_of_a_bulgarian_district_add_up_to_the_register_total(
    full_registers, district, settlements
):
    total = Municipality.objects.filter(register="ekatte", region__code=district).aggregate(
        total=Sum("settlement_count")
    )["total"]
    assert total == settlements


def test_settlement_totals_per_country_match_the_registers(full_registers):
    def total(**filters) -> int:
        return Municipality.objects.filter(**filters).aggregate(n=Sum("settlement_count"))["n"]

    assert total(register="ekatte") == 5256
    # SIRUTA: 13,755 localities minus Bucharest's 6 sectors; Alba county has 716 localities.
    assert total(register="siruta") == 13749
    assert total(register="siruta", region__name_ro="Alba") == 716
    # KATOTTH: Lviv oblast has 44 cities, 35 селища and 1,849 villages, all in hromadas.
    assert total(region__code=helpers.LVIV_OBLAST) == 44 + 35 + 1849
    # Prypiat and Chornobyl sit directly under Kyiv oblast, in no hromada, so 2 of the 29,705
    # Ukrainian settlements belong to no municipality.
    assert total(register="katotth") == 29705 - 2


def test_slugs_are_latin_and_unique_within_their_scope(full_registers):
    slug = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
    for model in (Region, Municipality):
        assert all(slug.fullmatch(s) for s in model.objects.values_list("slug", flat=True))
    regions = Region.objects.values_list("country_id", "slug")
    assert len(set(regions)) == len(regions)
    municipalities = Municipality.objects.values_list("region_id", "slug")
    assert len(set(municipalities)) == len(municipalities)


def test_hromadas_of_the_same_name_in_one_region_get_their_raion_in_the_slug(full_registers):
    abrykosivska = dict(
        Municipality.objects.filter(name_uk="Абрикосівська громада").values_list("code", "slug")
    )
    assert abrykosivska == {
        "UA01180010000042297": "abrykosivska-hromada-feodosiiskyi-raion",
        "UA01120010000079122": "abrykosivska-hromada-kurmanskyi-raion",
    }
    # Romanian communes of the same name in different counties keep the plain slug.
    fantanele = Municipality.objects.filter(register="siruta", slug="fantanele")
    assert fantanele.count() == 7
    assert fantanele.values("region").distinct().count() == 7


# --- Search -----------------------------------------------------------------------------------


def codes(queryset) -> list[str]:
    return list(queryset.values_list("code", flat=True))


def test_search_in_ukrainian_finds_lviv_hromada(full_registers):
    assert codes(Municipality.objects.search("львів")) == [helpers.LVIV_HROMADA]
    assert codes(Municipality.objects.search("Львівська")) == [helpers.LVIV_HROMADA]
    # The Latin name matches inside other names too ("Pavlivska"), so it finds more.
    assert helpers.LVIV_HROMADA in codes(Municipality.objects.search("lvivska"))


def test_search_by_official_code_finds_the_unit(full_registers):
    assert codes(Municipality.objects.search(helpers.LVIV_HROMADA)) == [helpers.LVIV_HROMADA]
    assert codes(Municipality.objects.search(helpers.LVIV_HROMADA.lower())) == [
        helpers.LVIV_HROMADA
    ]
    assert codes(Municipality.objects.search("SOF46")) == ["SOF46"]
    assert helpers.BRASOV in codes(Municipality.objects.search(helpers.BRASOV))


@pytest.mark.parametrize("query", ["ALBA iulia", "alba IULIA", "  Alba   Iulia "])
def test_search_ignores_case_and_spacing(full_registers, query):
    assert codes(Municipality.objects.search(query)) == [helpers.ALBA_IULIA]


@pytest.mark.parametrize("query", ["brasov", "Brașov", "BRASOV", "brașov", "Braşov"])
def test_search_ignores_diacritics(full_registers, query):
    # "Braşov" is spelled with the cedilla ş that people often type instead of ș.
    found = Municipality.objects.search(query)
    assert helpers.BRASOV in codes(found)
    assert set(found.values_list("region__name_ro", flat=True)) == {"Brașov"}


@pytest.mark.parametrize("query", ["Київ", "київ", "КИЇВ", "Киів", "kyiv"])
def test_search_finds_kyiv_however_the_i_is_typed(full_registers, query):
    assert helpers.KYIV in codes(Municipality.objects.search(query))


def test_search_finds_bulgarian_municipalities_in_both_scripts(full_registers):
    bulgarian = Municipality.objects.in_country("bg")
    assert codes(bulgarian.search("столична")) == ["SOF46"]
    assert codes(bulgarian.search("Stolichna")) == ["SOF46"]
    # Cyrillic search is not limited to one country: a Ukrainian hromada matches too.
    assert "SOF46" in codes(Municipality.objects.search("Столична"))


def test_search_with_apostrophe_matches_either_spelling(full_registers):
    typographic = codes(Municipality.objects.search("Кам’янець"))
    ascii_quote = codes(Municipality.objects.search("Кам'янець"))
    assert typographic == ascii_quote != []


def test_search_for_nothing_that_exists_finds_nothing(full_registers):
    assert not Municipality.objects.search("xyzzy").exists()
