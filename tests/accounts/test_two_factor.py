"""Admins, moderators and coordinators must use a second factor; others need not."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

from tests.factories import PASSWORD, add_totp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["admin", "moderator", "coordinator"])
def test_staff_role_without_totp_is_sent_to_set_it_up(client, make_person, role):
    person = make_person(role, two_factor=False)
    client.force_login(person)
    response = client.get("/en/places/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate" in response["Location"]
    assert client.get("/api/places/countries").status_code == 403
    # The set-up page (after confirming the password) stays reachable.
    final = client.get(response["Location"], follow=True)
    assert final.status_code == 200
    assert final.redirect_chain[-1][0].startswith("/en/accounts/reauthenticate/")


@pytest.mark.parametrize(
    "role", ["citizen", "assessor", "reviewer", "methodology_manager", "city_official"]
)
def test_other_roles_are_not_forced_to_use_totp(client, make_person, role):
    client.force_login(make_person(role, two_factor=False))
    assert client.get("/en/places/").status_code == 200


def test_admin_with_totp_is_asked_for_the_code_at_login(client, make_person):
    admin = make_person("admin", two_factor=False)
    authenticator = add_totp(admin)
    response = client.post("/en/accounts/login/", {"login": admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "/accounts/2fa/authenticate" in response["Location"]
    # Without the code the person is not logged in.
    assert client.get("/en/account/").status_code == 302
    secret = decrypt(authenticator.data["secret"])
    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert client.get("/en/account/").status_code == 200


def test_admin_site_login_goes_through_two_factor_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
