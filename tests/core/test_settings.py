"""Production settings are strict; `check --deploy` has nothing to report."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "OPENCITY_ENV": "production",
    "SECRET_KEY": "k" * 20 + "production-secret-for-the-deploy-check-only" + "x" * 20,
    "ALLOWED_HOSTS": "opencity.example.org",
    "DATABASE_URL": "sqlite:////tmp/opencity-deploy-check.sqlite3",
}


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The browser tests allow async-unsafe calls in this process; a deployment never does.
    ignored = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in ignored}
    return subprocess.run(
        [sys.executable, "-m", "opencity.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_reports_nothing_in_production():
    result = run_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "SECRET_KEY must be set"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS must list")],
)
def test_production_refuses_to_start_without_required_settings(missing, message):
    env = {**PRODUCTION_ENV, missing: ""}
    result = run_check(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_unknown_environment_name_is_refused():
    result = run_check({**PRODUCTION_ENV, "OPENCITY_ENV": "staging"})
    assert result.returncode != 0
    assert "OPENCITY_ENV is 'staging'" in result.stderr


def test_health_endpoint(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_api_lives_under_api_without_a_language_prefix(client, db):
    assert client.get("/api/places/countries").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/en/api/places/countries").status_code == 404


def test_api_docs_load_no_asset_from_a_cdn(client, db):
    page = client.get("/api/docs").content.decode()
    assert "cdn." not in page
    assert "/static/" in page


def test_security_headers_are_sent(client, db):
    response = client.get("/en/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_redis_url_switches_the_cache_to_redis():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    code = (
        "import django; django.setup();"
        "from django.core.cache import cache; from django.conf import settings;"
        "cache.set('opencity-check', 'ok', 10);"
        "print(settings.CACHES['default']['BACKEND'], cache.get('opencity-check'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "opencity.settings",
            "REDIS_URL": "redis://127.0.0.1:6379/15",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "ok"], (
        result.stderr
    )
