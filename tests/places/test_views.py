"""The places pages: index, country, region and municipality, in the four interface languages."""

from __future__ import annotations

import re

import pytest

from opencity.accounts.models import OrganisationKind, Role
from opencity.places.models import Municipality
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.places import helpers

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "uk", "ro", "bg"]


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def result_names(html: str) -> list[str]:
    """Names in the municipality results table, in the order shown."""
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>\s*<td>', html)


def number_row(html: str, name: str) -> list[str]:
    """The numbers in the table row headed by a link named `name`."""
    row = re.search(rf">{re.escape(name)}</a></th>(.*?)</tr>", html, re.S)
    assert row, name
    return re.findall(r'<td class="number">([^<]*)</td>', row.group(1))


# --- Places index -----------------------------------------------------------------------------


def test_places_index_lists_each_country_with_its_regions_and_municipalities(client, tiny_places):
    html = page(client, "/en/places/")
    assert number_row(html, "Ukraine") == ["2", "3"]  # Lviv oblast, Kyiv; 2 hromadas and Kyiv
    assert number_row(html, "Romania") == ["3", "4"]
    assert number_row(html, "Bulgaria") == ["2", "5"]
    assert 'href="/en/places/ro/"' in html


def test_places_index_says_so_when_no_register_is_imported(client):
    assert "No register has been imported yet." in page(client, "/en/places/")


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", ["Ukraine", "Romania", "Bulgaria"]),
        ("uk", ["Україна", "Румунія", "Болгарія"]),
        ("ro", ["Ucraina", "România", "Bulgaria"]),
        ("bg", ["Украйна", "Румъния", "България"]),
    ],
)
def test_places_index_names_the_countries_in_the_page_language(
    client, tiny_places, language, names
):
    html = page(client, f"/{language}/places/")
    assert f'<html lang="{language}">' in html
    for slug, name in zip(["ua", "ro", "bg"], names, strict=True):
        assert f'<a href="/{language}/places/{slug}/">{name}</a>' in html


def test_places_index_search_lists_matching_municipalities_of_all_countries(client, tiny_places):
    html = page(client, "/en/places/?q=GABROVO")
    assert "1 municipality" in html
    assert result_names(html) == ["Gabrovo"]
    assert 'href="/en/places/bg/gabrovo/gabrovo/"' in html
    html = page(client, "/en/places/?q=alba")
    assert result_names(html) == ["Alba Iulia"]


def test_places_index_search_by_official_code(client, tiny_places):
    assert result_names(page(client, f"/en/places/?q={helpers.LVIV_HROMADA}")) == [
        "Lvivska hromada"
    ]


def test_places_index_search_without_match_says_so(client, tiny_places):
    html = page(client, "/en/places/?q=atlantis")
    assert "0 municipalities" in html
    assert "No municipality matches." in html


# --- Country page -----------------------------------------------------------------------------


def test_country_page_lists_its_top_level_regions_only(client, tiny_places):
    html = page(client, "/en/places/ua/")
    assert "<h1>Ukraine</h1>" in html
    assert number_row(html, "Lvivska oblast") == ["2"]
    assert number_row(html, "Kyiv") == ["1"]
    assert "Lvivskyi raion" not in html  # raions are listed on their oblast's page
    assert "city with special status" in html


def test_country_page_search_stays_within_the_country(client, tiny_places):
    assert result_names(page(client, "/en/places/bg/?q=gabrovo")) == ["Gabrovo"]
    assert result_names(page(client, "/en/places/ro/?q=gabrovo")) == []


def test_country_page_filters_by_unit_type(client, tiny_places):
    html = page(client, "/en/places/ro/?unit_type=municipiu")
    assert result_names(html) == ["Alba Iulia", "Brașov", "Bucharest"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_country_page_answers_in_every_language(client, tiny_places, language):
    html = page(client, f"/{language}/places/bg/")
    assert f'<html lang="{language}">' in html
    gabrovo = "Габрово" if language == "bg" else "Gabrovo"
    assert f'<a href="/{language}/places/bg/gabrovo/">{gabrovo}</a>' in html


# --- Region page ------------------------------------------------------------------------------


def test_oblast_page_shows_its_facts_raions_and_hromadas(client, tiny_places):
    html = page(client, "/en/places/ua/lvivska-oblast/")
    assert "<h1>Lvivska oblast</h1>" in html
    assert f"<code>{helpers.LVIV_OBLAST}</code> (KATOTTH (Ukraine))" in html
    assert '<a href="/en/places/ua/lvivskyi-raion/">Lvivskyi raion</a> (1)' in html
    assert '<a href="/en/places/ua/drohobytskyi-raion/">Drohobytskyi raion</a> (1)' in html
    assert result_names(html) == ["Drohobytska hromada", "Lvivska hromada"]
    assert "Lvivska oblast, Lvivskyi raion" in html  # region and raion of each result


def test_raion_page_lists_only_its_hromadas_under_its_oblast(client, tiny_places):
    html = page(client, "/en/places/ua/lvivskyi-raion/")
    assert result_names(html) == ["Lvivska hromada"]
    assert '<li><a href="/en/places/ua/lvivska-oblast/">Lvivska oblast</a></li>' in html


def test_county_page_shows_its_nuts_code(client, tiny_places):
    html = page(client, "/en/places/ro/alba/")
    assert "<code>RO121</code>" in html
    assert result_names(html) == ["Alba Iulia", "Baia de Arieș"]


def test_region_page_searches_and_filters_within_the_region(client, tiny_places):
    assert result_names(page(client, "/en/places/ro/alba/?q=ARIES")) == ["Baia de Arieș"]
    assert result_names(page(client, "/en/places/ro/alba/?q=brasov")) == []
    assert result_names(page(client, "/en/places/ro/alba/?unit_type=oras")) == ["Baia de Arieș"]
    assert result_names(page(client, "/en/places/ro/alba/?unit_type=comuna")) == []
    assert result_names(page(client, "/en/places/ro/alba/?q=alba&unit_type=municipiu")) == [
        "Alba Iulia"
    ]


def test_unknown_unit_type_is_shown_as_a_form_error(client, tiny_places):
    html = page(client, "/en/places/ro/alba/?unit_type=castle")
    assert "Select a valid choice. castle is not one of the available choices." in html


def full_alba(tmp_path) -> None:
    path = helpers.write_siruta(
        tmp_path / "alba.csv", helpers.siruta_subset(counties=[helpers.ALBA_COUNTY])
    )
    helpers.import_register("--register", "siruta", "--path", str(path))


def test_region_page_shows_50_municipalities_a_page(client, tmp_path):
    full_alba(tmp_path)  # Alba county: 78 UATs
    first = page(client, "/en/places/ro/alba/")
    second = page(client, "/en/places/ro/alba/?page=2")
    assert "78 municipalities" in first
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert len(result_names(first)) == 50
    assert len(result_names(second)) == 28
    expected = sorted(Municipality.objects.values_list("slug", "name"))
    assert result_names(first) + result_names(second) == [name for _slug, name in expected]
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=1" rel="prev"' in second


def test_pagination_links_keep_the_search(client, tmp_path):
    full_alba(tmp_path)
    html = page(client, "/en/places/ro/alba/?unit_type=comuna")
    assert "67 municipalities" in html
    assert 'href="?unit_type=comuna&amp;page=2" rel="next"' in html


@pytest.mark.parametrize(
    ("number", "shown"),
    [("abc", 1), ("", 1), ("1.5", 1), ("0", 2), ("-1", 2), ("99", 2), ("2", 2)],
)
def test_bad_page_numbers_show_the_first_or_last_page(client, tmp_path, number, shown):
    full_alba(tmp_path)
    html = page(client, f"/en/places/ro/alba/?page={number}")
    assert f"Page {shown} of 2" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_region_page_answers_in_every_language(client, tiny_places, language):
    html = page(client, f"/{language}/places/ua/lvivska-oblast/")
    assert f'<html lang="{language}">' in html
    name = "Львівська область" if language == "uk" else "Lvivska oblast"
    assert f"<h1>{name}</h1>" in html


# --- Municipality page ------------------------------------------------------------------------


def test_municipality_page_shows_the_register_data(client, tiny_places):
    html = page(client, "/en/places/ua/lvivska-oblast/lvivska-hromada/")
    assert "<h1>Lvivska hromada</h1>" in html
    facts = dict(re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", html))
    assert facts == {
        "Official code": f"<code>{helpers.LVIV_HROMADA}</code>",
        "Register": "KATOTTH (Ukraine)",
        "Unit type": "territorial community (hromada)",
        "Region": '<a href="/en/places/ua/lvivska-oblast/">Lvivska oblast</a>',
        "District": '<a href="/en/places/ua/lvivskyi-raion/">Lvivskyi raion</a>',
        "Settlements": "20",
    }


def test_municipality_page_in_another_language_gives_the_english_name_too(client, tiny_places):
    html = page(client, "/bg/places/bg/sofia-stolitsa/stolichna/")
    assert "<h1>Столична</h1>" in html
    assert '<dd lang="en">Stolichna</dd>' in html
    html = page(client, "/en/places/bg/sofia-stolitsa/stolichna/")
    assert "<h1>Stolichna</h1>" in html
    assert '<dd lang="en">' not in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Lvivska hromada"), ("uk", "Львівська громада"), ("ro", "Lvivska hromada")],
)
def test_municipality_name_follows_the_page_language(client, tiny_places, language, heading):
    html = page(client, f"/{language}/places/ua/lvivska-oblast/lvivska-hromada/")
    assert f"<h1>{heading}</h1>" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_municipality_page_answers_in_every_language(client, tiny_places, language):
    html = page(client, f"/{language}/places/ro/alba/baia-de-aries/")
    assert f'<html lang="{language}">' in html
    assert "<h1>Baia de Arieș</h1>" in html
    assert "<code>2915</code>" in html


def test_kyiv_page_is_a_municipality_in_its_own_region(client, tiny_places):
    html = page(client, "/en/places/ua/kyiv/kyiv/")
    assert "<h1>Kyiv</h1>" in html
    assert "city with special status, Kyiv, Ukraine" in html
    assert result_names(page(client, "/en/places/ua/kyiv/")) == ["Kyiv"]


def test_municipality_page_lists_its_city_hall_but_not_its_people(client, tiny_places):
    alba_iulia = Municipality.objects.get(code=helpers.ALBA_IULIA)
    assert "No organisation on the platform is linked to this municipality yet." in page(
        client, alba_iulia.get_absolute_url()
    )
    city_hall = OrganisationFactory(
        kind=OrganisationKind.CITY_HALL, municipality=alba_iulia, name_en="Primăria Alba Iulia"
    )
    MembershipFactory(
        organisation=city_hall,
        role=Role.OFFICIAL,
        user=UserFactory(display_name="Ioana Secret", email="ioana@example.org"),
    )
    html = page(client, alba_iulia.get_absolute_url())
    assert f'<a href="/en/organisations/{city_hall.slug}/">Primăria Alba Iulia</a>' in html
    assert "Ioana" not in html and "@example.org" not in html


# --- Not found --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "xx/",
        "ro/atlantis/",
        "ua/alba/",  # a Romanian county under Ukraine
        "ro/alba/atlantis/",
        "ro/brasov/alba-iulia/",  # a real municipality under the wrong region
        "bg/alba/alba-iulia/",
        "ua/lvivskyi-raion/lvivska-hromada/",  # the raion is not the hromada's region
    ],
)
def test_unknown_places_are_not_found(client, tiny_places, language, path):
    page(client, f"/{language}/places/{path}", status=404)


# --- Query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/en/places/", helpers.PAGE_QUERIES["index"]),
        ("/uk/places/?q=a", helpers.PAGE_QUERIES["search"]),
        ("/ro/places/ro/?q=a", helpers.PAGE_QUERIES["country search"]),
        ("/en/places/ro/alba/", helpers.PAGE_QUERIES["region"]),
        ("/bg/places/ro/alba/?q=a&unit_type=oras&page=3", helpers.PAGE_QUERIES["region"]),
        ("/en/places/ro/alba/alba-iulia/", helpers.PAGE_QUERIES["municipality"]),
        ("/en/places/ua/kyiv/kyiv/", helpers.PAGE_QUERIES["municipality"]),
    ],
)
def test_pages_make_a_fixed_number_of_queries(
    client, tiny_places, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        client.get(url)


def test_municipality_page_with_a_district_makes_a_fixed_number_of_queries(
    client, tiny_places, django_assert_num_queries
):
    # The district and its country come with the municipality: no query more.
    with django_assert_num_queries(helpers.PAGE_QUERIES["municipality"]):
        client.get("/en/places/ua/lvivska-oblast/lvivska-hromada/")


def test_country_page_makes_a_fixed_number_of_queries(
    client, tiny_places, django_assert_num_queries
):
    with django_assert_num_queries(helpers.PAGE_QUERIES["country"]):
        client.get("/en/places/ro/")  # 3 regions


def test_oblast_page_makes_as_many_queries_as_a_region_without_raions(
    client, tiny_places, django_assert_num_queries
):
    with django_assert_num_queries(helpers.PAGE_QUERIES["region"]):
        client.get("/en/places/ua/lvivska-oblast/")  # 2 raions
