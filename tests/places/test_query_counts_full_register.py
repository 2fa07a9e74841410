"""With the whole SIRUTA register (42 regions, 3,181 UATs) the pages make as many queries as with
a handful of units: the number of queries does not depend on the number of places.

Each test measures a page on the full register, then deletes all but four UATs in three regions
(inside the test's transaction) and measures the same page again.
"""

from __future__ import annotations

import pytest

from opencity.places.models import Municipality, Region
from tests.places import helpers

pytestmark = pytest.mark.django_db

KEPT_UATS = [helpers.ALBA_IULIA, helpers.BAIA_DE_ARIES, helpers.BRASOV, helpers.BUCHAREST]


def shrink_to_a_tiny_data_set() -> None:
    Municipality.objects.exclude(code__in=KEPT_UATS).delete()
    Region.objects.filter(municipalities__isnull=True).delete()
    assert (Region.objects.count(), Municipality.objects.count()) == (3, 4)


PAGES = [
    pytest.param("/en/places/", "index", id="places index"),
    pytest.param("/ro/places/?q=a", "search", id="places search"),
    pytest.param("/en/places/ro/?q=a&unit_type=oras", "country search", id="country search"),
    pytest.param(
        "/ro/places/ro/",
        "country",
        id="country page",
    ),
    pytest.param("/en/places/ro/alba/", "region", id="region page"),
    pytest.param("/bg/places/ro/alba/?page=2", "region", id="region page 2"),
    pytest.param("/uk/places/ro/alba/alba-iulia/", "municipality", id="municipality page"),
]


@pytest.mark.parametrize(("url", "page"), PAGES)
def test_page_makes_the_same_number_of_queries_with_the_full_register(
    client, full_romania, django_assert_num_queries, url, page
):
    assert Municipality.objects.count() == 3181
    expected = helpers.PAGE_QUERIES[page]
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200

    shrink_to_a_tiny_data_set()

    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/places/countries", 1),
        ("/api/places/countries/ro/regions", 2),
        ("/api/places/municipalities?limit=500", 2),
        ("/api/places/municipalities?country=ro&q=vale", 3),
        ("/api/places/municipalities?region=10&unit_type=comuna", 3),
        (f"/api/places/municipalities/siruta/{helpers.ALBA_IULIA}", 1),
    ],
)
def test_api_makes_the_same_number_of_queries_with_the_full_register(
    client, full_romania, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    shrink_to_a_tiny_data_set()
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_full_register_pages_show_the_full_counts(client, full_romania):
    html = client.get("/en/places/").content.decode()
    assert ">42</td>" in html and ">3,181</td>" in html
    html = client.get("/en/places/ro/alba/").content.decode()
    assert "78 municipalities" in html and "Page 1 of 2" in html
    assert client.get("/api/places/municipalities?country=ro&limit=1").json()["count"] == 3181
