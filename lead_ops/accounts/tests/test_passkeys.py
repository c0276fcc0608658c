"""Passkeys with LEAD_REQUIRE_MFA on: the rule (which role passes with which
device, single sign-on's second factor), the endpoints of the WebAuthn
ceremony (narrowed, audited, counted towards lockout), and the Account page's
passkeys (rename, remove, never a required role's last)."""

import json
import re
from unittest.mock import patch

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ImproperlyConfigured
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from lead_ops.accounts import mfa, passkeys
from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from lead_ops.settings import _passkey_relying_party, _passkey_required_roles

from .two_factor import authenticator_for, passkey_for, sign_in_verified

pytestmark = pytest.mark.django_db

BEGIN_REGISTRATION = "/accounts/passkeys/webauthn/registration/begin/"
COMPLETE_REGISTRATION = "/accounts/passkeys/webauthn/registration/complete/"
BEGIN_AUTHENTICATION = "/accounts/passkeys/webauthn/authentication/begin/"
COMPLETE_AUTHENTICATION = "/accounts/passkeys/webauthn/authentication/complete/"


@pytest.fixture(autouse=True)
def mfa_on(settings):
    settings.LEAD_REQUIRE_MFA = True


def recovery_device_for(user) -> StaticDevice:
    return StaticDevice.objects.create(user=user, name=mfa.RECOVERY_CODES_NAME, confirmed=True)


def actions(action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def post_json(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


# --- The rule ------------------------------------------------------------------------

PASSED = "passed"
CODE, PASSKEY, REGISTER = "/accounts/mfa/verify/", "/accounts/passkeys/verify/", "/accounts/passkeys/register/"

# (session verified by, user has a passkey) -> where "/" goes, for a role that
# requires a passkey and for one that does not. Everyone here has an authenticator.
RULE = {
    (None, False): (CODE, CODE),
    (None, True): (PASSKEY, PASSKEY),
    (mfa.AUTHENTICATOR, False): (REGISTER, PASSED),
    (mfa.AUTHENTICATOR, True): (PASSKEY, PASSED),
    (mfa.RECOVERY_CODE, False): (REGISTER, PASSED),
    (mfa.RECOVERY_CODE, True): (REGISTER, PASSED),  # a lost passkey: register a new one
    (mfa.IDENTITY_PROVIDER, False): (REGISTER, PASSED),
    (mfa.IDENTITY_PROVIDER, True): (PASSKEY, PASSED),
    (mfa.PASSKEY, True): (PASSED, PASSED),
}
ROLES = [(Role.ADMINISTRATOR, True), (Role.AGENCY_ADMINISTRATOR, True), (Role.ANALYST, True), (Role.OFFICER, False)]


def signed_in(client, user, *, verified_by, has_passkey):
    authenticator = authenticator_for(user)
    passkey = passkey_for(user) if has_passkey else None
    device = {
        mfa.AUTHENTICATOR: authenticator,
        mfa.RECOVERY_CODE: recovery_device_for(user),
        mfa.PASSKEY: passkey,
    }.get(verified_by)
    client.force_login(user)
    session = client.session
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if verified_by == mfa.IDENTITY_PROVIDER:
        session[mfa.SECOND_FACTOR_BY_PROVIDER] = "County identity provider"
    session.save()


@pytest.mark.parametrize(("role", "required"), ROLES, ids=[role for role, _ in ROLES])
@pytest.mark.parametrize(("verified_by", "has_passkey"), list(RULE), ids=[f"{v}-{p}" for v, p in RULE])
def test_each_role_and_device_reaches_what_the_rule_says(client, make_user, role, required, verified_by, has_passkey):
    user = make_user(role)
    signed_in(client, user, verified_by=verified_by, has_passkey=has_passkey)
    want = RULE[(verified_by, has_passkey)][0 if required else 1]

    response = client.get("/")

    if want == PASSED:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response["Location"].startswith(want)


@pytest.mark.parametrize(("verified_by", "has_passkey"), list(RULE))
def test_the_pure_rule_agrees_with_the_table(verified_by, has_passkey):
    for required, want in zip((True, False), RULE[(verified_by, has_passkey)], strict=True):
        if mfa.factor_suffices(passkey_required=required, verified_by=verified_by):
            assert want == PASSED
            continue
        step = mfa.next_step(
            passkey_required=required, verified_by=verified_by, has_passkey=has_passkey, has_authenticator=True
        )
        assert {mfa.Step.CODE: CODE, mfa.Step.PASSKEY: PASSKEY, mfa.Step.PASSKEY_REGISTER: REGISTER}[step] == want


def test_without_any_device_the_app_is_set_up_first_even_for_a_required_role():
    assert (
        mfa.next_step(passkey_required=True, verified_by=None, has_passkey=False, has_authenticator=False)
        == mfa.Step.ENROL
    )


def test_the_identity_provider_s_second_factor_is_a_string_in_the_session(client, officer, administrator):
    for user, want in ((officer, 200), (administrator, REGISTER)):
        client.force_login(user)
        session = client.session
        session[mfa.SECOND_FACTOR_BY_PROVIDER] = "County identity provider"
        session.save()
        response = client.get("/")
        assert response.status_code == want if want == 200 else response["Location"].startswith(want)
        client.logout()

    # Anything but a non-empty string is not the provider's word.
    authenticator_for(officer)
    for value in (True, "", 1):
        client.force_login(officer)
        session = client.session
        session[mfa.SECOND_FACTOR_BY_PROVIDER] = value
        session.save()
        assert client.get("/")["Location"].startswith(CODE)
        client.logout()


def test_a_required_role_may_use_a_recovery_code_from_the_passkey_step_but_not_the_app_link(client, administrator):
    authenticator_for(administrator)
    passkey_for(administrator)
    client.force_login(administrator)

    page = client.get("/accounts/passkeys/verify/?next=/admin/").content.decode()

    assert "Lost your passkey?" in page and "Use your authenticator app or a recovery code instead" not in page
    assert client.get("/accounts/mfa/verify/?next=/admin/").status_code == 200
    assert client.get("/accounts/passkeys/register/")["Location"].startswith(PASSKEY)


def test_another_role_gets_the_app_link_from_the_passkey_step(client, officer):
    authenticator_for(officer)
    passkey_for(officer)
    client.force_login(officer)

    page = client.get("/accounts/passkeys/verify/").content.decode()

    assert "Use your authenticator app or a recovery code instead" in page
    assert "Use your passkey instead" in client.get("/accounts/mfa/verify/").content.decode()


def test_the_admin_sends_a_required_role_verified_by_the_app_to_register_a_passkey(client, administrator):
    sign_in_verified(client, administrator)

    assert client.get("/admin/")["Location"] == f"{REGISTER}?next=/admin/"
    assert client.get("/admin/login/?next=/admin/")["Location"] == f"{REGISTER}?next=/admin/"


def test_with_mfa_off_passkeys_ask_nothing(client, administrator, settings):
    settings.LEAD_REQUIRE_MFA = False
    passkey_for(administrator)
    client.force_login(administrator)

    assert client.get("/").status_code == 200
    assert client.get("/accounts/passkeys/verify/")["Location"] == "/"
    assert post_json(client, BEGIN_REGISTRATION).status_code == 403


def test_an_administrator_s_reset_removes_passkeys_too(administrator, analyst):
    authenticator_for(analyst)
    passkey_for(analyst)

    assert mfa.mfa_reset(user=analyst, actor=administrator) == 2
    assert not WebAuthnCredential.objects.filter(user=analyst).exists()


# --- Settings ------------------------------------------------------------------------


def test_unknown_required_roles_stop_start_up():
    assert _passkey_required_roles(["Analyst"]) == {"Analyst"}
    with pytest.raises(ImproperlyConfigured, match="unknown roles"):
        _passkey_required_roles(["Analyst", "Superuser"])


def test_the_passkey_domain_follows_the_site_and_is_never_an_address():
    assert _passkey_relying_party("https://lead.example.org") == ("lead.example.org", ["https://lead.example.org"])
    assert _passkey_relying_party("http://127.0.0.1:8000") == ("localhost", ["http://localhost:8000"])


def test_passwordless_sign_in_is_off(client, settings):
    assert settings.OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is False
    response = post_json(client, BEGIN_AUTHENTICATION)
    assert response.status_code == 403 and response.json()["detail"] == "Your session has ended. Sign in again."


# --- The ceremony --------------------------------------------------------------------


def test_registration_is_open_only_to_a_session_past_the_app_step(client, administrator):
    authenticator_for(administrator)
    client.force_login(administrator)

    refused = post_json(client, BEGIN_REGISTRATION)

    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("You must verify your identity first")
    denial = actions(AuditEvent.Action.PERMISSION_DENIED)[-1]
    assert denial.actor == administrator and denial.detail["reason"].startswith("passkey registration: ")
    sign_in_verified(client, administrator)
    options = post_json(client, BEGIN_REGISTRATION)
    assert options.status_code == 200 and options.json()["rp"] == {"name": "LEAD Ops", "id": "localhost"}


def test_a_required_role_with_a_passkey_cannot_add_one_with_the_app_alone(client, administrator):
    passkey_for(administrator)
    sign_in_verified(client, administrator)

    assert post_json(client, BEGIN_REGISTRATION).status_code == 403


@pytest.mark.parametrize("body", ["not json", "[]", '{"id": "AA"}', '{"id": "AA", "rawId": "AA", "response": {}}'])
def test_a_broken_registration_answer_is_a_clear_refusal_never_a_500(client, administrator, body):
    sign_in_verified(client, administrator)
    post_json(client, BEGIN_REGISTRATION)

    response = client.post(COMPLETE_REGISTRATION, data=body, content_type="application/json")

    assert 400 <= response.status_code < 500 and response.json()["detail"]
    assert not WebAuthnCredential.objects.filter(user=administrator).exists()
    assert actions(AuditEvent.Action.MFA_FAILED)[-1].detail["stage"] == "registration"


def test_registering_completes_the_sign_in_of_a_required_role_and_is_audited(client, administrator):
    sign_in_verified(client, administrator)
    post_json(client, BEGIN_REGISTRATION)

    with patch.object(WebAuthnHelper, "register_complete", side_effect=lambda **_: passkey_for(administrator, name="")):
        response = post_json(client, COMPLETE_REGISTRATION, {"id": "from the browser"})
    made = WebAuthnCredential.objects.get(user=administrator)

    assert response.status_code == 200 and response.json() == {"id": made.pk}
    assert client.session[DEVICE_ID_SESSION_KEY] == made.persistent_id
    assert client.get("/admin/").status_code == 200
    made.refresh_from_db()
    assert made.name.startswith("Passkey added ")
    event = actions(AuditEvent.Action.PASSKEY_REGISTERED)[-1]
    assert event.actor == administrator and event.detail == {"passkey": made.pk, "passkeys": 1}


def test_a_passkey_verification_logs_django_otp_in_and_is_audited(client, administrator):
    authenticator_for(administrator)
    passkey = passkey_for(administrator)
    client.force_login(administrator)
    AccessAttempt.objects.create(username="admin", failures_since_start=2, ip_address="127.0.0.1", get_data="")
    options = post_json(client, BEGIN_AUTHENTICATION).json()
    assert [c["id"] for c in options["allowCredentials"]]  # second factor: this user's passkeys only

    with patch.object(WebAuthnHelper, "authenticate_complete", return_value=passkey):
        response = post_json(client, f"{COMPLETE_AUTHENTICATION}?next=/admin/", {"id": "from the browser"})

    assert response.status_code == 200 and response.json() == {"id": passkey.pk, "redirect_url": "/admin/"}
    assert client.session[DEVICE_ID_SESSION_KEY] == passkey.persistent_id
    assert client.get("/admin/").status_code == 200
    assert actions(AuditEvent.Action.MFA_VERIFIED)[-1].detail == {"method": "passkey", "passkey": passkey.pk}
    assert not AccessAttempt.objects.filter(username="admin").exists()


def test_a_refused_passkey_is_audited_and_counts_towards_lockout(client, administrator):
    passkey_for(administrator)
    client.force_login(administrator)

    for attempt in range(1, 5):
        post_json(client, BEGIN_AUTHENTICATION)
        response = post_json(client, COMPLETE_AUTHENTICATION, {"id": "forged"})
        assert response.status_code in {400, 422} and response.json()["detail"]
        assert AccessAttempt.objects.get(username="admin").failures_since_start == attempt
    assert {e.detail["stage"] for e in actions(AuditEvent.Action.MFA_FAILED)} == {"verification"}

    post_json(client, BEGIN_AUTHENTICATION)
    locked = post_json(client, COMPLETE_AUTHENTICATION, {"id": "forged"})

    assert locked.status_code == 403
    assert re.match(r"Too many failed attempts: this account is locked until \d\d:\d\d\.", locked.json()["detail"])
    assert "_auth_user_id" not in client.session
    assert len(actions(AuditEvent.Action.LOCKOUT)) == 1


def test_completing_without_beginning_is_refused(client, administrator):
    passkey_for(administrator)
    client.force_login(administrator)

    response = post_json(client, COMPLETE_AUTHENTICATION, {"id": "replayed"})

    assert response.status_code == 400 and response.json()["code"] == "invalid_state"


def assert_no_inline_script(page: str) -> None:
    """CSP script-src 'self': every script is a file, or data (json_script) that never runs."""
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        if 'type="application/json"' in attributes:
            continue
        assert 'src="' in attributes and not body.strip(), attributes


def test_the_passkey_pages_run_no_inline_script(client, administrator):
    sign_in_verified(client, administrator)
    register_page = client.get(REGISTER).content.decode()
    passkey_for(administrator)
    client.force_login(administrator)
    passkey_page = client.get(PASSKEY).content.decode()
    sign_in_verified(client, administrator, WebAuthnCredential.objects.get(user=administrator))
    account_page = client.get("/accounts/security/").content.decode()

    for page, script in (
        (register_page, "otp_webauthn_register.js"),
        (passkey_page, "otp_webauthn_auth.js"),
        (account_page, "otp_webauthn_register.js"),
    ):
        assert_no_inline_script(page)
        assert f"/static/django_otp_webauthn/{script}" in page and "/static/js/passkeys.js" in page


# --- The Account page ------------------------------------------------------------------


def signed_in_with_passkey(client, user, *, count=1):
    made = [passkey_for(user, name=f"Key {n}") for n in range(1, count + 1)]
    sign_in_verified(client, user, made[0])
    return made


def test_the_account_page_lists_passkeys(client, officer):
    authenticator_for(officer)
    signed_in_with_passkey(client, officer, count=2)

    response = client.get("/accounts/security/")

    assert [p.name for p in response.context["passkeys"]] == ["Key 1", "Key 2"]
    page = response.content.decode()
    assert 'aria-label="Remove Key 1"' in page and 'id="passkey-register-button"' in page


def test_a_required_role_cannot_remove_its_last_passkey(client, administrator):
    (only,) = signed_in_with_passkey(client, administrator)

    page = client.get("/accounts/security/").content.decode()
    response = client.post(f"/accounts/passkeys/{only.pk}/remove/", follow=True)

    assert 'aria-label="Remove Key 1"' not in page
    assert "register another one before you remove your last" in response.content.decode()
    assert WebAuthnCredential.objects.filter(pk=only.pk).exists()
    assert not actions(AuditEvent.Action.PASSKEY_REMOVED)


def test_a_passkey_is_removed_with_an_audit_row(client, administrator, officer):
    first, second = signed_in_with_passkey(client, administrator, count=2)

    response = client.post(f"/accounts/passkeys/{second.pk}/remove/", follow=True)

    assert "Passkey removed." in response.content.decode()
    assert list(passkeys.passkeys_of(administrator)) == [first]
    event = actions(AuditEvent.Action.PASSKEY_REMOVED)[-1]
    assert event.actor == administrator and event.detail == {"passkey": second.pk, "passkeys": 1}
    assert event.summary == "Passkey removed: Key 2"


def test_another_role_may_remove_its_only_passkey(officer):
    only = passkey_for(officer)

    passkeys.passkey_remove(passkey=only, actor=officer)

    assert not passkeys.passkeys_of(officer).exists()


def test_removal_refusal_is_a_pure_rule():
    assert passkeys.removal_refusal(passkey_required=True, passkeys_left=1)
    assert passkeys.removal_refusal(passkey_required=True, passkeys_left=2) is None
    assert passkeys.removal_refusal(passkey_required=False, passkeys_left=1) is None


def test_a_passkey_is_renamed_with_an_audit_row_and_a_bad_name_refused(client, administrator):
    (passkey,) = signed_in_with_passkey(client, administrator)

    client.post(f"/accounts/passkeys/{passkey.pk}/rename/", {"name": "  Blue   YubiKey "})
    refused = client.post(f"/accounts/passkeys/{passkey.pk}/rename/", {"name": "x" * 65}, follow=True)

    passkey.refresh_from_db()
    assert passkey.name == "Blue YubiKey"
    assert "Give the passkey a name of 1 to 64 characters." in refused.content.decode()
    event = actions(AuditEvent.Action.PASSKEY_RENAMED)[-1]
    assert event.detail == {"passkey": passkey.pk, "from": "Key 1", "to": "Blue YubiKey"}


def test_another_user_s_passkey_is_not_found(client, administrator, analyst):
    signed_in_with_passkey(client, administrator)
    theirs = passkey_for(analyst, name="Theirs")

    assert client.post(f"/accounts/passkeys/{theirs.pk}/rename/", {"name": "Mine"}).status_code == 404
    assert client.post(f"/accounts/passkeys/{theirs.pk}/remove/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"


def test_a_passkey_name_is_shown_escaped(client, officer):
    authenticator_for(officer)
    passkey = passkey_for(officer, name='<img src=x onerror="alert(1)">')
    sign_in_verified(client, officer, passkey)

    page = client.get("/accounts/security/").content.decode()

    assert "<img src=x" not in page and "&lt;img src=x" in page
