"""Test helpers for two-factor sign-in: a confirmed authenticator, the code it
shows, and a client session that has passed the second step."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lead_ops.accounts import mfa


def authenticator_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=mfa.AUTHENTICATOR_NAME, confirmed=True)


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's app shows now; steps_ahead=1 is the next one, which
    the device also accepts (tolerance 1) after the current one was used."""
    device.refresh_from_db()
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):0{device.digits}d}"
    )


def sign_in_verified(client, user, device: TOTPDevice | None = None) -> TOTPDevice:
    device = device or authenticator_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
