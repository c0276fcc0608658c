"""Sessions read from Redis and kept in the database (Django's cached_db), still
served while Redis is down. The database holds every session, so a cache that
cannot be reached makes a request a little slower, never a failed one: officers
keep filing through a Redis outage."""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
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
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=session.expire_date))
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
