"""The open-data API on places: /api/places/..."""

from __future__ import annotations

import pytest

from opencity.accounts.models import OrganisationKind, Role
from opencity.places.models import Municipality
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.places import helpers

pytestmark = pytest.mark.django_db

MUNICIPALITY_KEYS = {
    "register",
    "code",
    "unit_type",
    "slug",
    "name",
    "name_en",
    "name_uk",
    "name_ro",
    "name_bg",
    "country",
    "region_code",
    "district_code",
    "settlement_count",
    "population",
    "latitude",
    "longitude",
    "url",
}


def get_json(client, url: str, status: int = 200, headers: dict | None = None):
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.content)
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def codes(body: dict) -> list[str]:
    return [item["code"] for item in body["items"]]


# --- Countries and regions --------------------------------------------------------------------


def test_countries_with_their_counts(client, tiny_places):
    assert get_json(client, "/api/places/countries") == [
        {
            "code": "BG",
            "slug": "bg",
            "name": "Bulgaria",
            "region_count": 2,
            "municipality_count": 5,
        },
        {"code": "RO", "slug": "ro", "name": "Romania", "region_count": 3, "municipality_count": 4},
        {"code": "UA", "slug": "ua", "name": "Ukraine", "region_count": 2, "municipality_count": 3},
    ]


def test_countries_is_an_empty_list_before_any_import(client, db):
    assert get_json(client, "/api/places/countries") == []


def test_regions_of_a_country(client, tiny_places):
    regions = get_json(client, "/api/places/countries/ro/regions")
    assert [r["code"] for r in regions] == ["10", "83", "403"]  # ordered by slug
    assert regions[0] == {
        "register": "siruta",
        "code": "10",
        "unit_type": "judet",
        "slug": "alba",
        "name": "Alba",
        "name_en": "Alba",
        "name_uk": None,
        "name_ro": "Alba",
        "name_bg": None,
        "nuts_code": "RO121",
        "parent_code": None,
    }
    assert regions[2]["unit_type"] == "capital_municipality"


def test_ukrainian_raions_name_their_oblast(client, tiny_places):
    regions = {r["code"]: r for r in get_json(client, "/api/places/countries/UA/regions")}
    assert regions[helpers.LVIV_RAION]["parent_code"] == helpers.LVIV_OBLAST
    assert regions[helpers.LVIV_RAION]["name_uk"] == "Львівський район"
    assert regions[helpers.LVIV_OBLAST]["parent_code"] is None
    assert regions[helpers.KYIV]["unit_type"] == "special_status_city"
    assert len(regions) == 4  # Lviv oblast, its 2 raions, Kyiv


def test_regions_of_an_unknown_country_are_not_found(client, tiny_places):
    get_json(client, "/api/places/countries/xx/regions", status=404)


# --- Municipalities ---------------------------------------------------------------------------


def test_one_municipality_by_register_and_code(client, tiny_places):
    body = get_json(client, f"/api/places/municipalities/katotth/{helpers.LVIV_HROMADA}")
    assert body == {
        "register": "katotth",
        "code": helpers.LVIV_HROMADA,
        "unit_type": "hromada",
        "slug": "lvivska-hromada",
        "name": "Lvivska hromada",
        "name_en": "Lvivska hromada",
        "name_uk": "Львівська громада",
        "name_ro": None,
        "name_bg": None,
        "country": "UA",
        "region_code": helpers.LVIV_OBLAST,
        "district_code": helpers.LVIV_RAION,
        "settlement_count": 20,
        "population": None,
        "latitude": None,
        "longitude": None,
        "url": "/en/places/ua/lvivska-oblast/lvivska-hromada/",
    }


def test_municipality_name_and_link_follow_accept_language(client, tiny_places):
    body = get_json(
        client, "/api/places/municipalities/ekatte/SOF46", headers={"Accept-Language": "bg"}
    )
    assert body["name"] == "Столична"
    assert body["url"] == "/bg/places/bg/sofia-stolitsa/stolichna/"
    assert body["name_en"] == "Stolichna"


@pytest.mark.parametrize(
    "path",
    ["siruta/9999999", f"siruta/{helpers.LVIV_HROMADA}", "koatuu/1017", "ekatte/sof46"],
)
def test_unknown_municipality_is_not_found(client, tiny_places, path):
    get_json(client, f"/api/places/municipalities/{path}", status=404)


def test_municipalities_are_paginated_with_their_total(client, tiny_places):
    body = get_json(client, "/api/places/municipalities")
    assert body["count"] == 12
    assert len(body["items"]) == 12
    assert set(body["items"][0]) == MUNICIPALITY_KEYS
    slugs = [item["slug"] for item in body["items"]]
    assert slugs == sorted(slugs)

    window = get_json(client, "/api/places/municipalities?limit=3&offset=2")
    assert window["count"] == 12
    assert codes(window) == codes(body)[2:5]
    assert codes(get_json(client, "/api/places/municipalities?offset=11")) == codes(body)[11:]
    assert get_json(client, "/api/places/municipalities?offset=50")["items"] == []


@pytest.mark.parametrize("query", ["limit=0", "offset=-1", "limit=many"])
def test_bad_pagination_parameters_are_refused(client, tiny_places, query):
    get_json(client, f"/api/places/municipalities?{query}", status=422)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=ro", [helpers.ALBA_IULIA, helpers.BAIA_DE_ARIES, helpers.BRASOV, "179132"]),
        ("country=BG&q=gabrovo", ["GAB05"]),
        ("region=10", [helpers.ALBA_IULIA, helpers.BAIA_DE_ARIES]),
        (f"region={helpers.LVIV_RAION}", [helpers.LVIV_HROMADA]),  # a raion: its hromadas
        (f"region={helpers.LVIV_OBLAST}", [helpers.DROHOBYCH_HROMADA, helpers.LVIV_HROMADA]),
        ("q=ALBA%20iulia", [helpers.ALBA_IULIA]),
        ("q=brasov", [helpers.BRASOV]),
        ("q=львівська", [helpers.LVIV_HROMADA]),
        ("unit_type=oras", [helpers.BAIA_DE_ARIES]),
        ("unit_type=special_status_city", [helpers.KYIV]),
        ("country=ua&unit_type=municipiu", []),
        ("unit_type=castle", []),
    ],
)
def test_municipalities_filtered_by_country_region_name_and_type(
    client, tiny_places, query, expected
):
    body = get_json(client, f"/api/places/municipalities?{query}")
    assert sorted(codes(body)) == sorted(expected)
    assert body["count"] == len(expected)


@pytest.mark.parametrize("query", ["country=xx", "region=nowhere"])
def test_municipalities_of_an_unknown_country_or_region_are_not_found(client, tiny_places, query):
    get_json(client, f"/api/places/municipalities?{query}", status=404)


# --- Queries and personal data ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/places/countries", 1),
        ("/api/places/countries/ua/regions", 2),
        ("/api/places/municipalities", 2),
        ("/api/places/municipalities?country=ro&q=a&limit=2", 3),
        (f"/api/places/municipalities?region={helpers.LVIV_OBLAST}", 3),
        (f"/api/places/municipalities/katotth/{helpers.LVIV_HROMADA}", 1),
    ],
)
def test_api_makes_a_fixed_number_of_queries(
    client, tiny_places, tmp_path, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        client.get(url)
    # Ten times as many municipalities and regions: the same number of queries.
    path = helpers.write_siruta(
        tmp_path / "more.csv", helpers.siruta_subset(counties=[helpers.ALBA_COUNTY, "29"])
    )
    helpers.import_register("--register", "siruta", "--path", str(path))
    assert Municipality.objects.count() > 150
    with django_assert_num_queries(queries):
        client.get(url)


def test_api_shows_no_personal_data(client, tiny_places):
    alba_iulia = Municipality.objects.get(code=helpers.ALBA_IULIA)
    city_hall = OrganisationFactory(kind=OrganisationKind.CITY_HALL, municipality=alba_iulia)
    person = UserFactory(display_name="Ioana Secret", email="ioana.secret@example.org")
    MembershipFactory(organisation=city_hall, user=person, role=Role.OFFICIAL)
    urls = [
        "/api/places/countries",
        "/api/places/countries/ro/regions",
        "/api/places/municipalities?limit=100",
        f"/api/places/municipalities/siruta/{helpers.ALBA_IULIA}",
    ]
    for url in urls:
        text = client.get(url).content.decode()
        for secret in ("Ioana", "Secret", "@example.org", "email", "password", "display_name"):
            assert secret not in text, (url, secret)
    body = get_json(client, f"/api/places/municipalities/siruta/{helpers.ALBA_IULIA}")
    assert set(body) == MUNICIPALITY_KEYS
