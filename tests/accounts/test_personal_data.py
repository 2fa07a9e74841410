"""A person downloads all their data and deletes their account; public traces are anonymised."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied

from opencity.accounts import services
from opencity.accounts.models import Membership, Role, User
from opencity.core.registry import registry
from tests.factories import PASSWORD, MembershipFactory, UserFactory, add_totp

pytestmark = pytest.mark.django_db


def test_data_download_holds_account_emails_memberships_and_app_data(client, cso, monkeypatch):
    user = UserFactory(display_name="Oksana")
    MembershipFactory(user=user, organisation=cso, role=Role.ASSESSOR)
    monkeypatch.setitem(
        registry.personal_data_exporters, "comments", lambda person: [{"text": "hello"}]
    )
    client.force_login(user)
    response = client.get("/en/account/my-data.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["account"]["display_name"] == "Oksana"
    assert data["email_addresses"] == [{"email": user.email, "verified": True, "primary": True}]
    assert data["memberships"][0]["role"] == "assessor"
    assert data["memberships"][0]["organisation"] == cso.name
    assert data["comments"] == [{"text": "hello"}]
    assert "password" not in response.content.decode()


def test_data_download_needs_login(client):
    response = client.get("/en/account/my-data.json")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_deleting_an_account_removes_personal_data_and_keeps_the_row(client, cso):
    user = UserFactory(display_name="Petro Author")
    MembershipFactory(user=user, organisation=cso, role=Role.REVIEWER)
    add_totp(user)
    old_email = user.email
    client.force_login(user)
    response = client.post("/en/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    deleted = User.objects.get(pk=user.pk)  # the row stays for public contributions
    assert deleted.email != old_email and deleted.email.endswith("@invalid")
    assert deleted.display_name == ""
    assert deleted.public_name == "Former user"
    assert not deleted.is_active
    assert not deleted.has_usable_password()
    assert deleted.deleted_at is not None
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user).exists()
    assert not User.objects.filter(email=old_email).exists()
    # Logged out, and the old credentials no longer work.
    assert client.get("/en/account/").status_code == 302
    client.post("/en/accounts/login/", {"login": old_email, "password": PASSWORD})
    assert client.get("/en/account/").status_code == 302


def test_deletion_needs_the_right_password_and_keeps_the_account_otherwise(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en/account/delete/", {"password": "not-my-password"})
    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.deleted_at is None


def test_deletion_by_get_is_not_allowed(client):
    client.force_login(UserFactory())
    assert client.get("/en/account/delete/").status_code == 405


def test_nobody_but_an_admin_deletes_someone_else(make_person):
    victim = UserFactory()
    for role in ("citizen", "coordinator", "moderator"):
        with pytest.raises(PermissionDenied):
            services.user_delete(actor=make_person(role), user=victim)
    services.user_delete(actor=make_person("admin"), user=victim)
    victim.refresh_from_db()
    assert victim.deleted_at is not None


def test_account_page_shows_roles_and_two_factor_state(client, make_person):
    coordinator = make_person("coordinator")
    client.force_login(coordinator)
    page = client.get("/en/account/").content.decode()
    assert "Coordinator".lower() in page.lower()
    assert "Transparency Watch" in page


def test_person_changes_their_display_name(client):
    user = UserFactory(display_name="Old Name")
    client.force_login(user)
    response = client.post("/en/account/profile/", {"display_name": "  Nadia K.  "})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Nadia K."
    assert "Your profile has been saved." in client.get("/en/account/").content.decode()


def test_too_long_display_name_is_refused_and_kept_in_the_form(client):
    user = UserFactory(display_name="Old Name")
    client.force_login(user)
    response = client.post("/en/account/profile/", {"display_name": "x" * 151})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert "x" * 151 in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Old Name"


def test_profile_change_needs_login_and_csrf(client):
    from django.test import Client

    assert client.post("/en/account/profile/", {"display_name": "X"}).status_code == 302
    user = UserFactory()
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    assert csrf_client.post("/en/account/profile/", {"display_name": "X"}).status_code == 403
