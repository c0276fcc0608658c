"""Two-factor sign-in with LEAD_REQUIRE_MFA on: enrolment by QR code or key,
the code step after the password, one-time recovery codes, the admin."""

from base64 import b32decode

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lead_ops.accounts import mfa
from lead_ops.audit.models import AuditEvent

from .two_factor import authenticator_for, code_for, passkey_for, sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mfa_on(settings):
    settings.LEAD_REQUIRE_MFA = True


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = mfa.mfa_enrolment_start(user=user)
    enrolment = mfa.mfa_enrolment_confirm(user=user, code=code_for(device))
    return enrolment.device, enrolment.recovery_codes


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


# --- Without an authenticator: enrolment and nothing else ------------------------------


@pytest.mark.parametrize("path", ["/", "/admin/", "/accounts/security/", "/accounts/mfa/verify/"])
def test_a_user_without_an_authenticator_reaches_only_enrolment(client, officer, path):
    client.force_login(officer)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/mfa/enrol/")


def test_sign_out_and_public_pages_stay_open_before_the_second_step(client, officer):
    client.force_login(officer)

    assert client.get("/health/").status_code in {200, 503}
    response = client.post("/accounts/logout/")

    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_enrolment_shows_a_qr_code_and_the_key_and_keeps_it_on_reload(client, officer):
    client.force_login(officer)

    first = client.get("/accounts/mfa/enrol/?next=/")
    second = client.get("/accounts/mfa/enrol/?next=/")

    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    assert first.context["secret"] == second.context["secret"]
    assert b32decode(first.context["secret"].replace(" ", "")) == device.bin_key
    content = first.content.decode()
    assert '<img src="data:image/svg+xml' in content
    assert 'alt="QR code that adds LEAD Ops to your authenticator app"' in content
    assert first.context["secret"] in content
    assert "otpauth://totp/LEAD%20Ops%3Aofficer" in device.config_url
    assert "no-store" in first["Cache-Control"]


def test_the_right_code_turns_it_on_and_shows_ten_recovery_codes_once(client, officer):
    client.force_login(officer)
    client.get("/accounts/mfa/enrol/")
    device = TOTPDevice.objects.get(user=officer)
    session_before = client.session.session_key

    response = client.post("/accounts/mfa/enrol/", {"code": code_for(device), "next": "/"})

    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert "no-store" in response["Cache-Control"]
    stored = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert stored == {mfa.recovery_code_digest(code) for code in codes} and not stored & set(codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.session.session_key != session_before
    assert client.get("/").status_code == 200
    assert AuditEvent.Action.MFA_ENROLLED in actions()
    # Codes are never shown again: the page now goes straight on.
    assert client.get("/accounts/mfa/enrol/")["Location"] == "/"


def test_a_wrong_set_up_code_is_refused_and_audited(client, officer):
    client.force_login(officer)
    client.get("/accounts/mfa/enrol/")

    response = client.post("/accounts/mfa/enrol/", {"code": "000000"})

    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert not TOTPDevice.objects.get(user=officer).confirmed
    assert client.get("/")["Location"].startswith("/accounts/mfa/enrol/")
    event = AuditEvent.objects.get(action=AuditEvent.Action.MFA_FAILED)
    assert event.actor == officer and event.outcome == AuditEvent.Outcome.FAILURE
    assert event.detail == {"stage": "enrolment"}


# --- With an authenticator: the code step after the password ---------------------


def test_password_then_code_signs_in_and_returns_to_next(client, officer):
    device = authenticator_for(officer)

    response = client.post("/accounts/login/", {"username": "officer", "password": "lead-demo-password", "next": "/"})
    assert response["Location"] == "/"
    step = client.get("/")
    assert step["Location"] == "/accounts/mfa/verify/?next=/"
    session_after_password = client.session.session_key

    response = client.post("/accounts/mfa/verify/", {"code": code_for(device), "next": "/"})

    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.session.session_key != session_after_password
    assert actions()[-2:] == [AuditEvent.Action.SIGN_IN, AuditEvent.Action.MFA_VERIFIED]


def test_a_user_with_an_authenticator_cannot_add_another_before_the_code_step(client, officer):
    authenticator_for(officer)
    client.force_login(officer)

    assert client.get("/accounts/mfa/enrol/?next=/")["Location"] == "/accounts/mfa/verify/?next=/"
    assert client.get("/admin/")["Location"].startswith("/accounts/mfa/verify/")
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_a_wrong_code_is_refused_audited_and_counted_towards_lockout(client, officer):
    authenticator_for(officer)
    client.force_login(officer)

    response = client.post("/accounts/mfa/verify/", {"code": "123456"})

    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.MFA_FAILED)
    assert event.actor == officer and event.detail["method"] == "authenticator app"
    assert AccessAttempt.objects.get(username="officer").failures_since_start == 1
    assert client.get("/")["Location"].startswith("/accounts/mfa/verify/")


def test_a_code_is_accepted_only_once(client, officer):
    device = authenticator_for(officer)
    code = code_for(device)
    client.force_login(officer)
    assert client.post("/accounts/mfa/verify/", {"code": code})["Location"] == "/"
    client.post("/accounts/logout/")

    client.force_login(officer)
    response = client.post("/accounts/mfa/verify/", {"code": code})

    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()


def test_five_wrong_codes_lock_the_username_and_end_the_session(client, officer):
    authenticator_for(officer)
    client.force_login(officer)

    for _ in range(4):
        assert client.post("/accounts/mfa/verify/", {"code": "000000"}).status_code == 200
    response = client.post("/accounts/mfa/verify/", {"code": "000000"})

    assert response.status_code == 200
    assert "This account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert actions().count(AuditEvent.Action.LOCKOUT) == 1
    locked = client.post("/accounts/login/", {"username": "officer", "password": "lead-demo-password"})
    assert "This account is locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(client, officer):
    _, codes = enrolled(officer)
    client.force_login(officer)

    response = client.post("/accounts/mfa/verify/", {"code": codes[3].upper(), "next": "/"}, follow=True)

    assert response.redirect_chain[0] == ("/", 302)
    assert "You signed in with a recovery code; 9 left." in response.content.decode()
    event = AuditEvent.objects.filter(action=AuditEvent.Action.MFA_VERIFIED).get()
    assert event.detail == {"method": "recovery code", "recovery_codes_left": 9}
    client.post("/accounts/logout/")

    client.force_login(officer)
    again = client.post("/accounts/mfa/verify/", {"code": codes[3]})

    assert again.status_code == 200
    assert "has been used already" in again.content.decode()


def test_new_recovery_codes_replace_the_old_ones(client, officer):
    device, old_codes = enrolled(officer)
    sign_in_verified(client, officer, device)

    assert client.get("/accounts/security/").context["recovery_codes_left"] == 10
    response = client.post("/accounts/mfa/recovery-codes/")

    new_codes = response.context["codes"]
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert not mfa.mfa_verify(user=officer, code=old_codes[0]).passed
    assert AuditEvent.Action.MFA_RECOVERY_CODES in actions()


# --- The admin ---------------------------------------------------------------------


def test_the_admin_needs_the_second_step_and_an_administrator_s_is_a_passkey(rf, administrator, settings):
    request = rf.get("/admin/")
    request.session, request.user = {}, administrator
    administrator.otp_device = None

    assert not admin.site.has_permission(request)
    administrator.otp_device = authenticator_for(administrator)
    assert not admin.site.has_permission(request)
    administrator.otp_device = passkey_for(administrator)
    assert admin.site.has_permission(request)
    settings.LEAD_REQUIRE_MFA = False
    administrator.otp_device = None
    assert admin.site.has_permission(request)


def test_a_verified_administrator_uses_the_admin(client, administrator):
    sign_in_verified(client, administrator, passkey_for(administrator))

    assert client.get("/admin/").status_code == 200


def test_the_admin_sign_in_page_sends_people_to_ours(client):
    response = client.get("/admin/login/?next=/admin/accounts/user/")

    assert response["Location"] == "/accounts/login/?next=/admin/accounts/user/"
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == "/accounts/login/?next=/admin/"


def test_the_admin_sign_in_page_sends_a_user_midway_to_the_second_step(client, administrator):
    authenticator_for(administrator)
    client.force_login(administrator)

    response = client.get("/admin/login/?next=/admin/accounts/user/")

    assert response["Location"] == "/accounts/mfa/verify/?next=/admin/accounts/user/"


def test_an_administrator_resets_a_lost_phone_and_the_user_enrols_again(client, administrator, officer):
    enrolled(officer)
    sign_in_verified(client, administrator, passkey_for(administrator))

    response = client.post(
        "/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [officer.pk]}, follow=True
    )

    assert "Two-factor sign-in reset for 1 account(s)." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.MFA_RESET)
    assert event.actor == administrator and event.id_list == [str(officer.pk)]
    client.force_login(officer)
    assert client.get("/")["Location"].startswith("/accounts/mfa/enrol/")


# --- Off ---------------------------------------------------------------------------


def test_with_mfa_off_the_steps_are_skipped(client, officer, settings):
    settings.LEAD_REQUIRE_MFA = False
    authenticator_for(officer)
    client.force_login(officer)

    assert client.get("/").status_code == 200
    assert client.get("/accounts/mfa/verify/?next=/referrals/")["Location"] == "/referrals/"
    assert client.get("/accounts/mfa/enrol/")["Location"] == "/"


def test_an_htmx_request_before_the_second_step_redirects_the_whole_page(client, officer):
    client.force_login(officer)

    response = client.get("/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == "/accounts/mfa/enrol/?next=/"


def test_recovery_codes_are_stored_hashed_and_each_works_once(officer):
    enrolment_codes = mfa.mfa_recovery_codes_replace(user=officer)
    first = enrolment_codes[0]

    assert not StaticToken.objects.filter(token__in=enrolment_codes).exists()
    assert mfa.mfa_verify(user=officer, code=first.upper()).passed
    assert not mfa.mfa_verify(user=officer, code=first).passed
    assert mfa.recovery_codes_left(officer) == 9


def test_the_migration_hashes_codes_kept_in_plain_text_and_they_keep_working(officer):
    from importlib import import_module

    from django.apps import apps

    device = StaticDevice.objects.create(user=officer, name=mfa.RECOVERY_CODES_NAME, confirmed=True)
    StaticToken.objects.create(device=device, token="abcd2345")
    migration = import_module("lead_ops.accounts.migrations.0009_recovery_codes_stored_hashed")

    migration.hash_plain_codes(apps, None)
    migration.hash_plain_codes(apps, None)  # again: a digest is left as it is

    assert StaticToken.objects.get().token == mfa.recovery_code_digest("abcd2345")
    assert mfa.mfa_verify(user=officer, code="ABCD-2345").passed
