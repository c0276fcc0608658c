"""Sessions end after 30 idle minutes (CJIS session lock), 12 hours after
sign-in, and at the first request after the account is deactivated."""

from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from lead_ops.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from lead_ops.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_at():
    return timezone.now()


@contextmanager
def at(moment):
    with patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def signed_in(client, officer, signed_in_at):
    with at(signed_in_at):
        client.force_login(officer)
    return client


def expired_events():
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.SESSION_EXPIRED))


def test_sign_in_records_when_the_session_started(signed_in, signed_in_at):
    session = signed_in.session

    assert session[SIGNED_IN_AT] == session[LAST_SEEN_AT] == signed_in_at.timestamp()


def test_29_idle_minutes_keep_the_session(signed_in, signed_in_at):
    with at(signed_in_at + timedelta(minutes=29)):
        assert signed_in.get("/").status_code == 200


def test_31_idle_minutes_end_it_with_a_message_and_an_audit_event(signed_in, signed_in_at, officer):
    with at(signed_in_at + timedelta(minutes=31)):
        response = signed_in.get("/referrals/?page=2")

        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/referrals/%3Fpage%3D2"
        assert SESSION_KEY not in signed_in.session
        page = signed_in.get(response["Location"]).content.decode()
    assert "Your session ended after 30 minutes without activity." in page
    [event] = expired_events()
    assert event.actor == officer and event.detail == {"reason": "idle"}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_OUT).exists()


def test_activity_moves_the_idle_limit(signed_in, signed_in_at):
    for minutes in (20, 40, 60):
        with at(signed_in_at + timedelta(minutes=minutes)):
            assert signed_in.get("/").status_code == 200

    assert signed_in.session[LAST_SEEN_AT] == (signed_in_at + timedelta(minutes=60)).timestamp()


def test_requests_within_a_minute_do_not_rewrite_the_session(signed_in, signed_in_at):
    with at(signed_in_at + timedelta(seconds=59)):
        signed_in.get("/")

    assert signed_in.session[LAST_SEEN_AT] == signed_in_at.timestamp()


def test_the_idle_limit_follows_the_setting(signed_in, signed_in_at, settings):
    settings.LEAD_SESSION_IDLE_MINUTES = 15

    with at(signed_in_at + timedelta(minutes=16)):
        response = signed_in.get("/", follow=True)

    assert "Your session ended after 15 minutes without activity." in response.content.decode()


def test_a_busy_session_still_ends_twelve_hours_after_sign_in(signed_in, signed_in_at, officer):
    moment = signed_in_at
    while moment < signed_in_at + timedelta(hours=11, minutes=50):
        moment += timedelta(minutes=20)
        with at(moment):
            assert signed_in.get("/").status_code == 200

    with at(signed_in_at + timedelta(hours=12, minutes=1)):
        response = signed_in.get("/", follow=True)

    assert response.redirect_chain[0] == ("/accounts/login/?next=/", 302)
    assert "Your session ended 12 hours after you signed in." in response.content.decode()
    assert expired_events()[0].detail == {"reason": "time limit"}


def test_an_htmx_request_after_expiry_reloads_the_whole_page(signed_in, signed_in_at):
    with at(signed_in_at + timedelta(minutes=31)):
        response = signed_in.get("/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == "/accounts/login/?next=/"


def test_a_deactivated_user_is_signed_out_on_the_next_request(signed_in, officer):
    officer.is_active = False
    officer.save()

    response = signed_in.get("/", follow=True)

    assert response.redirect_chain == [("/accounts/login/", 302)]
    assert "Your account is no longer active." in response.content.decode()
    assert SESSION_KEY not in signed_in.session
    [event] = expired_events()
    assert event.actor == officer and event.detail == {"reason": "account inactive"}
    # Reactivating the account does not bring the old session back.
    officer.is_active = True
    officer.save()
    assert signed_in.get("/").status_code == 302


def test_a_session_without_a_sign_in_time_is_ended(signed_in):
    session = signed_in.session
    del session[SIGNED_IN_AT]
    session.save()

    response = signed_in.get("/", follow=True)

    assert "Please sign in again." in response.content.decode()
    assert expired_events()[0].detail == {"reason": "no sign-in time"}


def test_a_password_change_elsewhere_ends_the_session_without_blaming_the_account(signed_in, officer):
    officer.set_password("a-brand-new-passphrase")
    officer.save()

    response = signed_in.get("/")

    assert response["Location"] == "/accounts/login/?next=/"
    assert expired_events() == []


def test_session_cookie_is_http_only_and_ends_with_the_browser(client, officer, settings):
    response = client.post("/accounts/login/", {"username": "officer", "password": "lead-demo-password"})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
