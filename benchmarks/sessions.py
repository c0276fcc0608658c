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


def api_client_token() -> dict:
    """The records system's token for the API flows (prefill and status), a
    sample of its agency's referrals and the badge numbers of its officers."""
    from datetime import timedelta

    from django.utils import timezone
    from oauth2_provider.models import AccessToken

    from api import scopes
    from api.models import IntegrationClient
    from api.services import integration_client_create
    from lead_ops.accounts.models import User
    from referrals.models import Referral

    officer = User.objects.get(username="bench-officer-1")
    rms = IntegrationClient.objects.filter(name="Bench RMS").first()
    if rms is None:
        rms, _ = integration_client_create(
            name="Bench RMS",
            agency=officer.police_agency,
            scopes=[scopes.PREFILL, scopes.STATUS],
            requests_per_minute=10_000_000,
        )
    token = AccessToken.objects.create(
        application=rms.application,
        token=f"bench-{timezone.now().timestamp()}",
        scope=f"{scopes.PREFILL} {scopes.STATUS}",
        expires=timezone.now() + timedelta(days=1),
    )
    referrals = Referral.objects.filter(agency=rms.agency).order_by("?").values_list("pk", flat=True)[:500]
    badges = User.objects.filter(username__startswith="bench-officer-").values_list("badge_number", flat=True)
    return {"token": token.token, "referral_ids": list(referrals), "badges": [b for b in badges if b]}


def main(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lead_ops.settings")
    django.setup()
    from lead_ops.accounts.models import User

    sessions = {user.username: signed_in_session(user) for user in User.objects.filter(username__startswith="bench-")}
    sessions["__api__"] = api_client_token()
    with open(path, "w") as out:
        json.dump(sessions, out)


if __name__ == "__main__":
    main(sys.argv[1])
