"""The admin lists and edits places; a renamed municipality is found by its new name."""

from __future__ import annotations

import pytest

from opencity.places.models import Municipality
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_person):
    client.force_login(make_person("admin"))
    return client


def test_admin_lists_places_with_search_and_filters(admin_client):
    MunicipalityFactory(name_en="Baia de Arieș")
    for model in ("country", "region", "municipality"):
        assert admin_client.get(f"/admin/places/{model}/").status_code == 200
    page = admin_client.get("/admin/places/municipality/?q=baia").content.decode()
    assert "Baia de Arieș" in page
    assert (
        admin_client.get("/admin/places/municipality/?unit_type__exact=comuna").status_code == 200
    )


def test_renaming_in_the_admin_updates_the_search(admin_client):
    municipality = MunicipalityFactory(name_en="Old Name")
    url = f"/admin/places/municipality/{municipality.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "name_en": "Brașov Nou",
            "region": municipality.region_id,
            "country": municipality.country_id,
            "district": "",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Municipality.objects.search("brasov nou")) == [municipality]
    assert not Municipality.objects.search("old name").exists()


def test_admin_lists_people_and_organisations(admin_client):
    for path in ("accounts/user", "accounts/organisation", "accounts/membership"):
        assert admin_client.get(f"/admin/{path}/").status_code == 200


def test_citizen_cannot_open_the_admin(client, make_person):
    client.force_login(make_person("citizen"))
    response = client.get("/admin/places/municipality/")
    assert response.status_code == 302
