"""An administrator (a role that signs in with a passkey) without a passkey
signs in with password and authenticator code, reaches nothing but passkey
registration, registers one with Chromium's virtual authenticator, signs out,
and signs in again with password and passkey into the admin."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UserFactory

from .journeys import screenshot, sign_in, user_menu, visit

# Screenshots also go to this folder when it is set (for a reviewer's eyes).
SHOTS = os.environ.get("LEAD_PASSKEY_SHOTS", "")


@pytest.fixture
def passkeys_on(settings, live_server):
    settings.LEAD_REQUIRE_MFA = True
    # The live server's port changes each run; a passkey is bound to its origin.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    assert live_server.url.startswith("http://localhost:")


def virtual_authenticator(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.cdp, page.authenticator_id = cdp, added["authenticatorId"]


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)
    screenshot(page, name)


def test_an_administrator_registers_a_passkey_and_signs_in_with_it(page, passkeys_on):
    admin = UserFactory(
        username="admin", first_name="Ada", roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True
    )
    device = TOTPDevice.objects.create(user=admin, name="Authenticator app", confirmed=True)
    virtual_authenticator(page)

    sign_in(page, "admin")
    assert "/accounts/mfa/verify/" in page.url
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/accounts/passkeys/register/**")
    page.a11y.check()
    assert page.get_by_role("heading", name="Register a passkey to continue").is_visible()
    shot(page, "passkey-register")

    for path in ("/", "/admin/", "/accounts/security/", "/accounts/mfa/enrol/", "/accounts/passkeys/verify/"):
        visit(page, path)
        assert "/accounts/passkeys/register/" in page.url, path
        assert page.get_by_role("link", name="Home").count() == 0

    page.get_by_role("button", name="Register a passkey").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    page.a11y.check()
    assert page.get_by_role("heading", name="Welcome, Ada").is_visible()
    assert "Passkey registered" in page.get_by_role("status").first.inner_text()
    assert len(page.cdp.send("WebAuthn.getCredentials", {"authenticatorId": page.authenticator_id})["credentials"]) == 1

    user_menu(page).get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    page.a11y.check()
    visit(page, "/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("lead-demo-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/passkeys/verify/**")
    page.a11y.check()
    assert page.get_by_role("heading", name="Sign in with your passkey").is_visible()
    # An administrator's way back after a lost passkey is a recovery code, not the app.
    assert page.get_by_role("link", name="Use your authenticator app or a recovery code instead").count() == 0
    shot(page, "passkey-verify")

    page.get_by_role("button", name="Use my passkey").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/admin/")
    page.a11y.check()
    assert page.get_by_role("link", name="Users").first.is_visible()

    visit(page, "/accounts/security/")
    rows = page.get_by_test_id("passkey-row")
    assert rows.count() == 1
    assert "Not yet" not in rows.first.inner_text()
    assert page.get_by_role("button", name="Remove").count() == 0
    assert (
        "register another one before you remove your last"
        in page.get_by_test_id("passkey-removal-refusal").inner_text()
    )
    shot(page, "passkey-account")
