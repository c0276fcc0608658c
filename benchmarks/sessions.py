"""Signed-in sessions for the benchmark accounts, made directly in the session
store so the load test measures pages, not the password hash at sign-in.

Run with the benchmark's environment: python -m benchmarks.sessions OUT.json
"""

import json
import os
import sys

import django


def main(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lead_ops.settings")
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from lead_ops.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
    from lead_ops.accounts.models import User

    now = timezone.now().timestamp()
    sessions = {}
    for user in User.objects.filter(username__startswith="bench-"):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[SIGNED_IN_AT] = now
        store[LAST_SEEN_AT] = now
        store.create()
        sessions[user.username] = store.session_key
    with open(path, "w") as out:
        json.dump(sessions, out)


if __name__ == "__main__":
    main(sys.argv[1])
