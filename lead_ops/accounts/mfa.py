"""Two-factor sign-in: an authenticator app (TOTP, RFC 6238) and one-time
recovery codes, on django-otp's devices.

CJIS Security Policy 5.6.2.2 requires multi-factor authentication for access
to criminal-justice information; with LEAD_REQUIRE_MFA on (the default) every
account passes the second step after its password (see accounts.middleware).
"""

import re
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lead_ops import audit
from lead_ops.audit.models import AuditEvent

from .models import User

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
AUTHENTICATOR = "authenticator app"
RECOVERY_CODE = "recovery code"
# Set by single sign-on when the identity provider performed the second factor:
# the provider's name (sso.views.SignInCallback).
SECOND_FACTOR_BY_PROVIDER = "lead_second_factor_by_provider"
_SEPARATORS = re.compile(r"[\s-]+")
_DIGEST_SALT = "lead_ops.accounts.mfa.recovery-code"


@dataclass(frozen=True)
class Verification:
    """What a second-factor code proved: the device that accepted it, if any."""

    device: Device | None
    method: str
    throttled: bool = False
    recovery_codes_left: int | None = None

    @property
    def passed(self) -> bool:
        return self.device is not None


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]


# --- Reads -----------------------------------------------------------------------


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def authenticator_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_step_url(user) -> str | None:
    """Where a signed-in user must go before anything else, or None: the
    enrolment page without an authenticator, the code page with one."""
    if not settings.LEAD_REQUIRE_MFA or not user.is_authenticated:
        return None
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return None
    return reverse("accounts:mfa_verify" if has_authenticator(user) else "accounts:mfa_enrol")


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The key as authenticator apps ask for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """An SVG image of the otpauth:// link, as a data: URI (our CSP allows data: images)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


# --- Writes ------------------------------------------------------------------------


@transaction.atomic
def mfa_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator the user is about to scan: the same key on
    every visit until it is confirmed, so a reload does not void a scan."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


@transaction.atomic
def mfa_enrolment_confirm(*, user: User, code: str) -> Enrolment | None:
    """Confirm the new authenticator with a code it shows. On success the user
    gets a fresh set of recovery codes, shown once."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    code = _normalised(code)
    if device is None or not device.verify_token(code):
        audit.record(
            action=AuditEvent.Action.MFA_FAILED,
            actor=user,
            target=user,
            outcome=AuditEvent.Outcome.FAILURE,
            summary="Authenticator set-up code refused",
            detail={"stage": "enrolment"},
        )
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = _recovery_codes_replace(user)
    audit.record(
        action=AuditEvent.Action.MFA_ENROLLED,
        actor=user,
        target=user,
        summary="Authenticator app set up",
        detail={"recovery_codes": len(codes)},
    )
    return Enrolment(device=device, recovery_codes=codes)


@transaction.atomic
def mfa_verify(*, user: User, code: str) -> Verification:
    """Check the second step of a sign-in: six digits go to the authenticator,
    anything else is tried as a recovery code (each works once). django-otp
    also slows down repeated wrong codes per device."""
    code = _normalised(code)
    if code.isdigit() and len(code) == 6:
        method, devices = AUTHENTICATOR, TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        method, devices = RECOVERY_CODE, StaticDevice.objects.filter(user=user, confirmed=True)
    device = devices.select_for_update().order_by("pk").first()
    throttled = device is not None and not device.verify_is_allowed()[0]
    token = code if method == AUTHENTICATOR else recovery_code_digest(code)
    if device is None or not device.verify_token(token):
        audit.record(
            action=AuditEvent.Action.MFA_FAILED,
            actor=user,
            target=user,
            outcome=AuditEvent.Outcome.FAILURE,
            summary="Two-factor code refused",
            detail={"method": method, "throttled": throttled},
        )
        return Verification(device=None, method=method, throttled=throttled)
    left = recovery_codes_left(user) if method == RECOVERY_CODE else None
    detail = {"method": method} if left is None else {"method": method, "recovery_codes_left": left}
    audit.record(action=AuditEvent.Action.MFA_VERIFIED, actor=user, target=user, detail=detail)
    return Verification(device=device, method=method, recovery_codes_left=left)


@transaction.atomic
def mfa_recovery_codes_replace(*, user: User) -> list[str]:
    """New recovery codes for a user who has used or lost theirs; the old ones stop working."""
    codes = _recovery_codes_replace(user)
    audit.record(
        action=AuditEvent.Action.MFA_RECOVERY_CODES, actor=user, target=user, detail={"recovery_codes": len(codes)}
    )
    return codes


@transaction.atomic
def mfa_reset(*, user: User, actor: User) -> int:
    """Remove a user's authenticator and recovery codes (a lost phone): they set
    up a new authenticator at their next sign-in. Administrators only."""
    removed = sum(
        model.objects.filter(user=user).delete()[1].get(model._meta.label, 0) for model in (TOTPDevice, StaticDevice)
    )
    audit.record(action=AuditEvent.Action.MFA_RESET, actor=actor, target=user, detail={"devices_removed": removed})
    return removed


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=recovery_code_digest(code)) for code in codes)
    return codes


def recovery_code_digest(code: str) -> str:
    """What is stored of a recovery code: a keyed hash (HMAC-SHA256 under the
    site's SECRET_KEY), never the code. A copy of the database alone reveals no
    code; the code is random, so a fast keyed hash is enough (no password
    stretching is needed for a secret nobody chose). Changing SECRET_KEY voids
    every recovery code: users make new ones on their Account page."""
    return salted_hmac(_DIGEST_SALT, _normalised(code), algorithm="sha256").hexdigest()[:16]


def _normalised(code: str) -> str:
    # People type codes with spaces or dashes, and recovery codes in capitals.
    return _SEPARATORS.sub("", code or "").lower()
