import pytest
from django.test import override_settings

from lead_ops import health


@pytest.mark.django_db
def test_health_reports_each_part_without_sign_in(client):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_health_is_503_and_names_the_part_that_is_down(client):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert "127.0.0.1" not in response.content.decode(), "details stay in the log, not on a public page"


@pytest.mark.django_db
def test_broker_down_is_reported_when_tasks_are_not_eager(client, settings, monkeypatch):
    from lead_ops.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_health_only_answers_get(client):
    assert client.post("/health/").status_code == 405


def test_checks_cover_database_cache_and_broker():
    assert list(health.CHECKS) == ["database", "cache", "broker"]


@pytest.mark.django_db
def test_the_plain_page_needs_no_sign_in_and_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/page/")

    assert response.status_code == 200
    assert b"is running" in response.content
