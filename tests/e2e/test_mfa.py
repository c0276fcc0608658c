"""An officer sets up two-factor sign-in by typing the key into an
authenticator (the test computes the codes), signs in with password and code,
and uses a recovery code, which works once. A locked account and an idle
session say so on the sign-in page."""

from base64 import b32decode
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.utils import timezone
from django_otp.oath import totp

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UserFactory

from .journeys import screenshot, sign_in, user_menu, visit


@pytest.fixture
def mfa_on(settings):
    settings.LEAD_REQUIRE_MFA = True


def code(key: bytes, *, steps_ahead: int = 0) -> str:
    # steps_ahead=1: the app's next code, which the server also accepts; a code
    # is good only once, and the journey runs faster than the app's 30 seconds.
    return f"{totp(key, drift=steps_ahead):06d}"


def submit(page, label: str, value: str, button: str) -> None:
    page.get_by_label(label).fill(value)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("load")
    page.a11y.check()


def sign_out(page) -> None:
    user_menu(page).get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    page.a11y.check()


def test_officer_sets_up_two_factor_sign_in_and_uses_it(page, mfa_on):
    UserFactory(username="officer", first_name="Olivia", roles=[Role.OFFICER])

    sign_in(page, "officer")
    assert "/accounts/mfa/enrol/" in page.url
    assert page.get_by_role("heading", name="Set up two-factor sign-in").is_visible()
    assert page.get_by_test_id("totp-qr").is_visible()
    assert page.get_by_role("link", name="Home").count() == 0
    screenshot(page, "mfa-enrol")
    key = b32decode(page.get_by_test_id("totp-secret").inner_text().replace(" ", ""))

    submit(page, "6-digit code from your app", code(key), "Turn on two-factor sign-in")
    assert page.get_by_role("heading", name="Your recovery codes").is_visible()
    recovery_codes = page.get_by_test_id("recovery-codes").get_by_role("listitem").all_inner_texts()
    assert len(recovery_codes) == 10
    screenshot(page, "mfa-recovery-codes")
    page.get_by_role("link", name="I have saved my codes: continue").click()
    page.wait_for_url("**/")
    page.a11y.check()
    assert page.get_by_role("heading", name="Welcome, Olivia").is_visible()

    sign_out(page)
    sign_in(page, "officer")
    assert "/accounts/mfa/verify/" in page.url
    screenshot(page, "mfa-verify")
    submit(page, "Code", code(key, steps_ahead=1), "Verify")
    assert page.get_by_role("heading", name="Welcome, Olivia").is_visible()

    sign_out(page)
    sign_in(page, "officer")
    submit(page, "Code", recovery_codes[0], "Verify")
    assert page.get_by_role("heading", name="Welcome, Olivia").is_visible()
    assert "You signed in with a recovery code; 9 left." in page.get_by_role("status").first.inner_text()
    screenshot(page, "mfa-recovery-code-signed-in")

    sign_out(page)
    sign_in(page, "officer")
    submit(page, "Code", recovery_codes[0], "Verify")
    assert "/accounts/mfa/verify/" in page.url
    assert page.get_by_text("That recovery code is not valid, or it has been used already.").is_visible()
    screenshot(page, "mfa-recovery-code-used")


def test_the_account_page_shows_two_factor_status(page, mfa_on):
    UserFactory(username="officer", roles=[Role.OFFICER])
    sign_in(page, "officer")
    key = b32decode(page.get_by_test_id("totp-secret").inner_text().replace(" ", ""))
    submit(page, "6-digit code from your app", code(key), "Turn on two-factor sign-in")

    page.get_by_role("link", name="I have saved my codes: continue").click()
    page.wait_for_url("**/")
    page.a11y.check()
    user_menu(page).get_by_role("link", name="Account").click()
    page.wait_for_url("**/accounts/security/")
    page.a11y.check()

    assert page.get_by_test_id("recovery-codes-left").inner_text() == "10"
    screenshot(page, "mfa-account")
    page.get_by_role("link", name="Change password").click()
    page.wait_for_url("**/accounts/password/")
    page.a11y.check()
    screenshot(page, "password-change")


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(page):
    UserFactory(username="officer", roles=[Role.OFFICER])

    for _ in range(5):
        sign_in(page, "officer", password="not-the-password")

    assert page.get_by_test_id("sign-in-locked").is_visible()
    assert "This account is locked" in page.get_by_test_id("sign-in-locked").inner_text()
    screenshot(page, "sign-in-locked")


def test_an_idle_session_ends_with_a_message(page):
    UserFactory(username="officer", roles=[Role.OFFICER])
    sign_in(page, "officer")

    with patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=31)):
        visit(page, "/")

    assert "/accounts/login/" in page.url
    assert page.get_by_text("Your session ended after 30 minutes without activity.").is_visible()
    screenshot(page, "session-ended")
