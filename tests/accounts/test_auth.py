"""Sign-up, e-mail verification, login, password reset and the limits on login attempts."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from opencity.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_sends_a_verification_email_and_verifying_logs_in(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "New.Person@Example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/en/account/").status_code == 200


def test_unverified_email_cannot_log_in(client):
    user = User.objects.create_user("pending@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.get("/en/account/").status_code == 302


def test_login_with_email_and_password(client):
    user = UserFactory()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/en/account/").status_code == 200


def test_failed_logins_are_rate_limited(client):
    user = UserFactory()
    statuses = [
        client.post("/en/accounts/login/", {"login": user.email, "password": "wrong"}).status_code
        for _attempt in range(6)
    ]
    assert statuses[:5] == [200] * 5
    # The sixth attempt is refused even with the right password.
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert (
        response.status_code == 429 or "Too many failed login attempts" in response.content.decode()
    )
    assert client.get("/en/account/").status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    user = UserFactory()
    client.post("/en/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    client.post(
        form_url, {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"}
    )
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")


def test_pages_with_forms_carry_a_csrf_token(client):
    for url in ("/en/accounts/login/", "/en/accounts/signup/"):
        assert 'name="csrfmiddlewaretoken"' in client.get(url).content.decode()


def test_login_without_csrf_token_is_refused():
    from django.test import Client

    user = UserFactory()
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 403
