import pytest


@pytest.mark.django_db
def test_home_page_answers_in_every_language(client):
    for language in ("en", "uk", "ro", "bg"):
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.django_db
def test_home_shows_counts_of_what_the_platform_holds(client):
    from tests.factories import MunicipalityFactory, OrganisationFactory

    MunicipalityFactory.create_batch(3)
    OrganisationFactory()
    page = client.get("/en/").content.decode()
    assert "municipalities" in page
    assert ">3<" in page


@pytest.mark.django_db
def test_accessibility_statement_and_privacy_notice(client):
    for language in ("en", "uk", "ro", "bg"):
        assert client.get(f"/{language}/accessibility/").status_code == 200
        assert client.get(f"/{language}/privacy/").status_code == 200
    assert "WCAG" in client.get("/en/accessibility/").content.decode()


@pytest.mark.django_db
def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in {"/en/", "/uk/", "/ro/", "/bg/"}
