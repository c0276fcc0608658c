"""Sessions survive a Redis outage: read from the database when the cache is unreachable."""

import pytest
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.test import override_settings

from lead_ops.session_store import SessionStore
from tests.processes import free_port


def _unreachable_redis():
    location = f"redis://127.0.0.1:{free_port()}/0"  # nobody listens there
    backend = "django.core.cache.backends.redis.RedisCache"
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    return override_settings(CACHES={"default": {"BACKEND": backend, "LOCATION": location, "OPTIONS": options}})


@pytest.mark.django_db
def test_a_signed_in_session_is_read_from_the_database_while_redis_is_down():
    saved = DatabaseStore()
    saved["signed_in_as"] = 42
    saved.create()
    with _unreachable_redis():
        store = SessionStore(saved.session_key)
        assert store.load() == {"signed_in_as": 42}
        assert store.exists(saved.session_key)
        assert not store.exists("no-such-session")


@pytest.mark.django_db
def test_a_session_read_from_the_database_is_cached_when_the_cache_works():
    saved = DatabaseStore()
    saved["signed_in_as"] = 42
    saved.create()
    SessionStore(saved.session_key).load()
    DatabaseStore(saved.session_key).delete()
    assert SessionStore(saved.session_key).load() == {"signed_in_as": 42}, "the second read came from the cache"


@pytest.mark.django_db
def test_signing_out_while_redis_is_down_ends_the_session_in_the_database():
    saved = SessionStore()
    saved["signed_in_as"] = 42
    saved.create()
    with _unreachable_redis():
        store = SessionStore(saved.session_key)
        store.load()
        store.flush()  # what logout() does
        assert store.session_key is None
    assert not DatabaseStore().exists(saved.session_key)


@pytest.mark.django_db
def test_the_cache_keeps_a_session_for_a_few_minutes_at_most():
    from lead_ops.session_store import CACHE_SECONDS

    store = SessionStore()
    store.set_expiry(14 * 24 * 3600)
    assert store._cache_seconds(store.get_expiry_age()) == CACHE_SECONDS == 300
    assert store._cache_seconds(60) == 60


@pytest.mark.django_db
def test_sign_out_with_redis_down_lands_on_the_sign_in_page(client, officer):
    client.force_login(officer)
    with _unreachable_redis(), override_settings(SESSION_ENGINE="lead_ops.session_store"):
        response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
