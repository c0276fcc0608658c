"""Sessions read from Redis and kept in the database (Django's cached_db), still
served while Redis is down. The database holds every session, so a cache that
cannot be reached makes a request a little slower, never a failed one: officers
keep filing through a Redis outage.

Signing out while Redis is unreachable still ends the session: its database row
is deleted at once, and the cache's copy, which could not be deleted, expires on
its own: a session is kept in the cache for at most CACHE_SECONDS, so a Redis
that comes back with its data cannot serve a signed-out session for longer."""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300


class SessionStore(cached_db.SessionStore):
    def _cache_seconds(self, expiry_age: int) -> int:
        return max(0, min(expiry_age, CACHE_SECONDS))

    def load(self):
        # cached_db already survives a failed read; it is the write-back after
        # reading the database that would fail the request.
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # noqa: BLE001  (any cache failure: use the database)
            data = None
        if data is not None:
            return data
        session = self._get_session_from_db()
        if session is None:
            return {}
        data = self.decode(session.session_data)
        try:
            self._cache.set(self.cache_key, data, self._cache_seconds(self.get_expiry_age(expiry=session.expire_date)))
        except Exception as error:  # noqa: BLE001
            logger.warning("session cache unavailable, read from the database: %r", error)
        return data

    def exists(self, session_key):
        # Asked when a new session key is chosen (signing in).
        try:
            return super().exists(session_key)
        except Exception as error:  # noqa: BLE001
            logger.warning("session cache unavailable, checked the database: %r", error)
            return DatabaseStore.exists(self, session_key)

    def save(self, must_create=False):
        DatabaseStore.save(self, must_create)
        try:
            self._cache.set(self.cache_key, self._session, self._cache_seconds(self.get_expiry_age()))
        except Exception as error:  # noqa: BLE001
            logger.warning("session cache unavailable, saved to the database only: %r", error)

    def delete(self, session_key=None):
        # Signing out: the database row goes whatever the cache does.
        session_key = session_key or self.session_key
        DatabaseStore.delete(self, session_key)
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception as error:  # noqa: BLE001
            logger.warning("session cache unavailable; its copy expires within %s s: %r", CACHE_SECONDS, error)
