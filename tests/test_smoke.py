import pytest


@pytest.mark.django_db
def test_home_page_answers_in_every_language(client):
    for language in ("en", "uk", "ro", "bg"):
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()
