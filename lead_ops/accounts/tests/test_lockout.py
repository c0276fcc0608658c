"""Five consecutive failures lock a username (never an address) for at least
ten minutes; the sign-in page says so; administrators can unlock; all audited."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.db.models import F

from lead_ops.accounts.lockout import lockout_release
from lead_ops.audit.models import AuditEvent

from .two_factor import authenticator_for, code_for, sign_in_verified

pytestmark = pytest.mark.django_db

RIGHT = "lead-demo-password"


def sign_in(client, username="officer", password="wrong-password-here", **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def fail(client, times, username="officer", **extra):
    for _ in range(times):
        response = sign_in(client, username, **extra)
    return response


def locked(response) -> bool:
    return response.status_code == 200 and "This account is locked" in response.content.decode()


def age_attempts(minutes):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def count(action):
    return AuditEvent.objects.filter(action=action).count()


def test_configuration_meets_cjis():
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AXES_LOCKOUT_PARAMETERS == ["username"]
    assert django_settings.AXES_COOLOFF_TIME.total_seconds() >= 10 * 60
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "lead_ops.request_context.client_ip"


def test_the_fifth_failure_locks_with_a_clear_message(client, officer):
    fourth = fail(client, 4)
    assert fourth.status_code == 200
    assert "Please enter a correct username and password" in fourth.content.decode()

    fifth = sign_in(client)

    assert locked(fifth)
    content = fifth.content.decode()
    assert "This account is locked" in content and "ask your LEAD administrator to unlock it" in content
    assert 'value="officer"' in content
    assert '<form method="post"' in content
    assert count(AuditEvent.Action.LOCKOUT) == 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOCKOUT)
    assert event.actor_username == "officer" and event.id_list == [str(officer.pk)]
    assert event.outcome == AuditEvent.Outcome.DENIED and event.detail["failures"] == 5


def test_the_right_password_is_refused_while_locked(client, officer):
    fail(client, 5)

    response = sign_in(client, password=RIGHT)

    assert locked(response)
    assert "_auth_user_id" not in client.session
    assert count(AuditEvent.Action.LOCKOUT) == 1
    assert count(AuditEvent.Action.SIGN_IN_FAILED) == 6
    assert count(AuditEvent.Action.SIGN_IN) == 0


def test_the_lock_lasts_at_least_ten_minutes_then_lifts(client, officer):
    fail(client, 5)

    age_attempts(9)
    assert locked(sign_in(client, password=RIGHT))
    age_attempts(django_settings.LEAD_LOCKOUT_MINUTES - 9 + 1)
    response = sign_in(client, password=RIGHT)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_one_shared_address_does_not_lock_out_everyone_else(client, officer, sergeant):
    fail(client, 5, REMOTE_ADDR="10.20.30.40")

    response = sign_in(client, "sergeant", RIGHT, REMOTE_ADDR="10.20.30.40")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(sergeant.pk)


def test_failures_from_different_addresses_add_up(client, officer):
    for octet in range(1, 6):
        response = sign_in(client, REMOTE_ADDR=f"10.0.0.{octet}")

    assert locked(response)


def test_failures_must_be_consecutive(client, officer):
    fail(client, 4)
    assert sign_in(client, password=RIGHT).status_code == 302
    client.post("/accounts/logout/")

    assert fail(client, 4).status_code == 200
    assert sign_in(client, password=RIGHT).status_code == 302


def test_with_mfa_on_only_the_second_factor_clears_the_count(client, officer, settings):
    settings.LEAD_REQUIRE_MFA = True
    device = authenticator_for(officer)
    fail(client, 4)

    assert sign_in(client, password=RIGHT).status_code == 302
    assert AccessAttempt.objects.get(username="officer").failures_since_start == 4
    response = client.post("/accounts/mfa/verify/", {"code": "999999"})

    assert locked(response)
    assert "_auth_user_id" not in client.session
    assert count(AuditEvent.Action.LOCKOUT) == 1
    age_attempts(django_settings.LEAD_LOCKOUT_MINUTES + 1)
    device.refresh_from_db()
    device.throttle_reset()  # django-otp's back-off after a wrong code: a second; the lock took longer
    sign_in(client, password=RIGHT)
    assert client.post("/accounts/mfa/verify/", {"code": code_for(device)}).status_code == 302
    assert not AccessAttempt.objects.filter(username="officer").exists()


def test_the_address_recorded_comes_from_the_trusted_header_only_when_configured(client, officer, settings):
    sign_in(client, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    assert AccessAttempt.objects.get().ip_address == "10.0.0.1"
    AccessAttempt.objects.all().delete()

    settings.LEAD_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    sign_in(client, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.9")

    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def test_attempt_records_do_not_keep_what_was_typed(client, officer, settings):
    settings.LEAD_REQUIRE_MFA = True
    authenticator_for(officer)
    sign_in(client, password="a-secret-guess!")
    sign_in(client, password=RIGHT)
    client.post("/accounts/mfa/verify/", {"code": "314159"})

    post_data = AccessAttempt.objects.get().post_data
    assert "a-secret-guess!" not in post_data and "314159" not in post_data


def test_an_administrator_unlocks_from_the_user_list(client, officer, administrator):
    fail(client, 5)
    admin_client = client.__class__()
    sign_in_verified(admin_client, administrator)

    response = admin_client.post(
        "/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [officer.pk]}, follow=True
    )

    assert "Sign-in unlocked for 1 account(s)." in response.content.decode()
    assert sign_in(client, password=RIGHT).status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.UNLOCK)
    assert event.actor == administrator and event.id_list == [str(officer.pk)]
    assert event.detail == {"username": "officer", "attempt_records_cleared": 1}


def test_deleting_attempts_in_the_axes_admin_unlocks_and_is_audited(client, officer, administrator):
    fail(client, 3, REMOTE_ADDR="10.0.0.1")
    fail(client, 2, REMOTE_ADDR="10.0.0.2")
    admin_client = client.__class__()
    sign_in_verified(admin_client, administrator)
    attempt = AccessAttempt.objects.filter(ip_address="10.0.0.1").get()

    admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert not AccessAttempt.objects.exists()
    assert AuditEvent.objects.get(action=AuditEvent.Action.UNLOCK).actor == administrator
    assert sign_in(client, password=RIGHT).status_code == 302


def test_unlocking_needs_a_username(administrator):
    AccessAttempt.objects.create(username="someone", failures_since_start=5, user_agent="x", ip_address="10.0.0.1")

    assert lockout_release(username="", actor=administrator) == 0
    assert AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_a_username_past_the_limit_is_refused_before_any_sign_in_attempt(client):
    """Longer than any account's username: refused by the form, never tried,
    never written to the lockout's records (their columns are 255 characters on
    PostgreSQL, where writing it failed the request)."""
    response = client.post("/accounts/login/", {"username": "a b " * 100, "password": "anything"})

    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()
