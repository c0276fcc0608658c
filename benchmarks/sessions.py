"""Signed-in sessions for the benchmark accounts, made directly in the session
store so the load test measures pages, not the password hash at sign-in.

Run with the benchmark's environment: python -m benchmarks.sessions OUT.json
"""

import json
import os
import sys

import django


def signed_in_session(user) -> str:
    """A session in the database store, signed in as the user a moment ago; returns its key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from lead_ops.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT

    now = timezone.now().timestamp()
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SIGNED_IN_AT] = now
    store[LAST_SEEN_AT] = now
    store.create()
    return store.session_key


def main(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lead_ops.settings")
    django.setup()
    from lead_ops.accounts.models import User

    sessions = {user.username: signed_in_session(user) for user in User.objects.filter(username__startswith="bench-")}
    with open(path, "w") as out:
        json.dump(sessions, out)


if __name__ == "__main__":
    main(sys.argv[1])
