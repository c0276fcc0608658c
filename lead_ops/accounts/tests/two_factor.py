"""Test helpers for two-factor sign-in: a confirmed authenticator, the code it
shows, a passkey, and a client session that has passed the second step."""

import os

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from lead_ops.accounts import mfa


def authenticator_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=mfa.AUTHENTICATOR_NAME, confirmed=True)


def passkey_for(user, name: str = "Security key") -> WebAuthnCredential:
    """A stored passkey row (no key pair behind it: for the rules, not the ceremony)."""
    return WebAuthnCredential.objects.create(
        user=user, name=name, credential_id=os.urandom(32), public_key=os.urandom(77), sign_count=0
    )


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's app shows now; steps_ahead=1 is the next one, which
    the device also accepts (tolerance 1) after the current one was used."""
    device.refresh_from_db()
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):0{device.digits}d}"
    )


def sign_in_verified(client, user, device=None):
    """Signed in, the session verified by `device` (a new authenticator by default)."""
    device = device or authenticator_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
