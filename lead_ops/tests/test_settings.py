"""Settings come from the environment; a bad value stops start-up with a message
naming the variable. Each case starts a fresh interpreter, as a deployment would."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'max_age': db.get('CONN_MAX_AGE'), "
    "'health': db.get('CONN_HEALTH_CHECKS'), 'cache': settings.CACHES['default']['BACKEND'], "
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
    "'email': settings.EMAIL_BACKEND, 'secure_cookies': settings.SESSION_COOKIE_SECURE, "
    "'tz': settings.TIME_ZONE, 'sessions': settings.SESSION_ENGINE, "
    "'visibility': settings.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], "
    "'requeue_lost': settings.CELERY_TASK_REJECT_ON_WORKER_LOST, "
    "'cache_options': settings.CACHES['default'].get('OPTIONS')}))"
)
BASE_ENV = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "lead_ops.settings", "SECRET_KEY": "k" * 50}


def start(**env):
    merged = {**BASE_ENV, **env}
    merged = {key: value for key, value in merged.items() if value is not None}
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=merged, capture_output=True, text=True)


def settings_for(**env) -> dict:
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DEBUG": "maybe"}, "DEBUG must be a yes/no value"),
        ({"DATABASE_URL": "mysql://root@localhost/lead"}, "DATABASE_URL must start with postgres:// or sqlite://"),
        ({"REDIS_URL": "http://localhost:6379"}, "REDIS_URL must start with redis://"),
        ({"TIME_ZONE": "Mars/Olympus_Mons"}, "TIME_ZONE must be an IANA zone"),
        ({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
        ({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "70000"}, "EMAIL_PORT must be at least 1 and at most 65535"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be DEBUG, INFO"),
        ({"LEAD_HTTPS": "sometimes"}, "LEAD_HTTPS must be a yes/no value"),
        ({"CELERY_VISIBILITY_TIMEOUT": "0"}, "CELERY_VISIBILITY_TIMEOUT must be at least 1"),
        ({"LEAD_SECRETS_KEY": "not-a-fernet-key"}, "LEAD_SECRETS_KEY must be a Fernet key"),
        ({"LEAD_SSO_TIMEOUT_SECONDS": "0"}, "LEAD_SSO_TIMEOUT_SECONDS must be at least 1"),
        ({"LEAD_OFFLINE_DRAFT_HOURS": "a day"}, "LEAD_OFFLINE_DRAFT_HOURS must be a whole number"),
        ({"LEAD_OFFLINE_DRAFT_HOURS": "0"}, "LEAD_OFFLINE_DRAFT_HOURS must be at least 1 and at most 72"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(env, message):
    result = start(**env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_manage_py_names_the_variable_instead_of_failing_later():
    env = {key: value for key, value in BASE_ENV.items() if key != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1
    assert result.stderr.strip() == "Configuration error: SECRET_KEY must be set when DEBUG is off."


def test_defaults_are_sqlite_eager_tasks_console_mail_and_secure_cookies():
    config = settings_for()

    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["cache"].endswith("LocMemCache")
    assert config["eager"] is True
    assert config["email"].endswith("console.EmailBackend")
    assert config["secure_cookies"] is True
    assert config["tz"] == "America/Los_Angeles"
    assert config["sessions"].endswith("backends.db")


def test_debug_runs_without_a_secret_key():
    assert settings_for(SECRET_KEY=None, DEBUG="1")["secure_cookies"] is False


def test_postgres_url_keeps_connections_and_checks_their_health():
    config = settings_for(DATABASE_URL="postgres://lead:pw@db.internal:5432/lead_ops")

    assert config["engine"] == "django.db.backends.postgresql"
    assert config["max_age"] == 600
    assert config["health"] is True


def test_redis_url_moves_broker_results_and_cache_to_redis():
    config = settings_for(REDIS_URL="redis://cache.internal:6379/2")

    assert config["eager"] is False
    assert config["broker"] == "redis://cache.internal:6379/2"
    assert config["cache"].endswith("RedisCache")
    assert config["sessions"] == "lead_ops.session_store"  # cached_db that outlives a Redis outage


def test_a_task_whose_worker_died_is_run_again():
    # Tasks are acknowledged late and are safe to run twice; a killed pool process
    # puts its task back, and a dead worker's task returns after the visibility timeout.
    assert settings_for()["requeue_lost"] is True
    assert settings_for()["visibility"] == 3600
    assert settings_for(CELERY_VISIBILITY_TIMEOUT="900")["visibility"] == 900


def test_smtp_when_a_mail_host_is_given():
    assert settings_for(EMAIL_HOST="smtp.example.org")["email"].endswith("smtp.EmailBackend")


def test_every_redis_socket_gives_up_rather_than_stalling():
    """The Celery app's effective configuration: broker, result backend and cache
    sockets all time out, so a Redis that vanishes without closing connections
    cannot hold a request or a worker."""
    from django.conf import settings

    from lead_ops.celery import app

    broker = app.conf.broker_transport_options
    assert broker["socket_timeout"] == 5 and broker["socket_connect_timeout"] == 2
    assert app.conf.redis_socket_timeout == 5 and app.conf.redis_socket_connect_timeout == 2
    with_redis = settings_for(REDIS_URL="redis://cache.internal:6379/2")
    assert with_redis["cache_options"] == {"socket_connect_timeout": 2, "socket_timeout": 2}
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_keepalive"] is True
