"""Security settings: each new variable is validated at start-up, the defaults
are the safe ones, and `check --deploy` passes for a production environment."""

import json
import secrets
import subprocess
import sys

import pytest
from django.test import Client

from .test_settings import BASE_ENV, ROOT, start

PROBE = (
    "import json, django; from django.conf import settings as s; django.setup(); "
    "print(json.dumps({'mfa': s.LEAD_REQUIRE_MFA, 'idle': s.LEAD_SESSION_IDLE_MINUTES, "
    "'max_hours': s.LEAD_SESSION_MAX_HOURS, 'cookie_age': s.SESSION_COOKIE_AGE, "
    "'cooloff_minutes': s.AXES_COOLOFF_TIME.total_seconds() / 60, 'upload': s.DATA_UPLOAD_MAX_MEMORY_SIZE, "
    "'ssl_redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS, 'csrf_secure': s.CSRF_COOKIE_SECURE, "
    "'session_secure': s.SESSION_COOKIE_SECURE, 'httponly': s.SESSION_COOKIE_HTTPONLY, "
    "'frames': s.X_FRAME_OPTIONS, 'referrer': s.SECURE_REFERRER_POLICY}))"
)


def settings_for(**env) -> dict:
    merged = {key: value for key, value in {**BASE_ENV, **env}.items() if value is not None}
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=merged, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LEAD_REQUIRE_MFA": "maybe"}, "LEAD_REQUIRE_MFA must be a yes/no value"),
        ({"LEAD_SESSION_IDLE_MINUTES": "45"}, "LEAD_SESSION_IDLE_MINUTES must be at least 1 and at most 30"),
        ({"LEAD_SESSION_MAX_HOURS": "0"}, "LEAD_SESSION_MAX_HOURS must be at least 1 and at most 24"),
        ({"LEAD_LOCKOUT_MINUTES": "5"}, "LEAD_LOCKOUT_MINUTES must be at least 10"),
        ({"LEAD_MAX_REQUEST_MB": "lots"}, "LEAD_MAX_REQUEST_MB must be a whole number"),
        ({"LEAD_SSL_REDIRECT": "sometimes"}, "LEAD_SSL_REDIRECT must be a yes/no value"),
    ],
)
def test_a_bad_security_value_stops_start_up_naming_the_variable(env, message):
    result = start(**env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_defaults_are_the_strict_ones():
    config = settings_for()

    assert config["mfa"] is True
    assert config["idle"] == 30 and config["max_hours"] == 12 and config["cookie_age"] == 12 * 3600
    assert config["cooloff_minutes"] >= 10
    assert config["upload"] == 2 * 1024 * 1024
    assert config["ssl_redirect"] is True and config["hsts"] >= 31536000
    assert config["csrf_secure"] and config["session_secure"] and config["httponly"]
    assert config["frames"] == "DENY" and config["referrer"] == "same-origin"


def test_plain_http_for_debug_and_loopback_set_ups():
    assert settings_for(SECRET_KEY=None, DEBUG="1")["ssl_redirect"] is False
    assert settings_for(LEAD_HTTPS="0")["ssl_redirect"] is False
    assert settings_for(LEAD_SSL_REDIRECT="0")["ssl_redirect"] is False


def test_check_deploy_passes_for_a_production_environment():
    env = {
        **BASE_ENV,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "lead.example.org",
    }
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]

    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(officer):
    client = Client()
    client.force_login(officer)

    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_with_https_plain_requests_are_redirected_and_secure_ones_get_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()

    plain = client.get("/accounts/login/")
    secure = client.get("/accounts/login/", secure=True)
    probe = client.get("/health/")

    assert plain.status_code == 301 and plain["Location"] == "https://testserver/accounts/login/"
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert probe.status_code in {200, 503}
