"""Two-factor sign-in: an authenticator app (TOTP, RFC 6238), one-time
recovery codes and passkeys (WebAuthn, django-otp-webauthn), on django-otp's
devices.

CJIS Security Policy 5.6.2.2 requires multi-factor authentication for access
to criminal-justice information; with LEAD_REQUIRE_MFA on (the default) every
account passes the second step after its password (see accounts.middleware).
The roles in LEAD_PASSKEY_REQUIRED_ROLES pass it only with a passkey
(phishing-resistant, NIST SP 800-63B AAL3-style for the accounts that see the
most); this module is the one place that decides (`second_factor_passed`,
`pending_step`).
"""

import re
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.middleware.csrf import rotate_token
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from lead_ops import audit
from lead_ops.audit.models import AuditEvent

from . import lockout
from .models import User

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
AUTHENTICATOR = "authenticator app"
RECOVERY_CODE = "recovery code"
PASSKEY = "passkey"
IDENTITY_PROVIDER = "identity provider"

# Set by single sign-on when the identity provider performed the second factor:
# request.session[SECOND_FACTOR_BY_PROVIDER] = "<the provider's name>" (a
# non-empty string). It counts as the authenticator-app step passed; a role
# that requires a passkey still needs one.
SECOND_FACTOR_BY_PROVIDER = "lead_second_factor_by_provider"


class Step:
    """The pages of the second step, by URL name."""

    ENROL = "accounts:mfa_enrol"
    CODE = "accounts:mfa_verify"
    PASSKEY = "accounts:passkey_verify"
    PASSKEY_REGISTER = "accounts:passkey_register"


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


def has_passkey(user: User) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def passkey_required(user: User) -> bool:
    return bool(settings.LEAD_PASSKEY_REQUIRED_ROLES & user.role_names)


def verified_by(request) -> str | None:
    """How this session passed a second factor: PASSKEY, AUTHENTICATOR,
    RECOVERY_CODE, IDENTITY_PROVIDER (single sign-on said so), or None."""
    device = getattr(request.user, "otp_device", None)
    if isinstance(device, WebAuthnCredential):
        return PASSKEY
    if isinstance(device, StaticDevice):
        return RECOVERY_CODE
    if device is not None:
        return AUTHENTICATOR
    provider = getattr(request, "session", {}).get(SECOND_FACTOR_BY_PROVIDER)
    if isinstance(provider, str) and provider:
        return IDENTITY_PROVIDER
    return None


def factor_suffices(*, passkey_required: bool, verified_by: str | None) -> bool:
    """The rule: a passkey-required role has passed only with a passkey; any
    other role with any second factor."""
    return verified_by == PASSKEY if passkey_required else verified_by is not None


def next_step(*, passkey_required: bool, verified_by: str | None, has_passkey: bool, has_authenticator: bool) -> str:
    """The step page for a session that has not passed (factor_suffices False).

    A passkey-required role that got past the app step (app, provider) asks for
    its passkey, or registers its first one; after a recovery code (a lost
    passkey) it registers a new one. Before any step, a passkey is asked for
    directly; without one, the app step comes first (set up if need be).
    """
    if passkey_required and verified_by == RECOVERY_CODE:
        return Step.PASSKEY_REGISTER
    if passkey_required and verified_by is not None:
        return Step.PASSKEY if has_passkey else Step.PASSKEY_REGISTER
    if has_passkey:
        return Step.PASSKEY
    return Step.CODE if has_authenticator else Step.ENROL


def second_factor_passed(request) -> bool:
    """Whether this request's session has the second factor its user needs
    (always, with LEAD_REQUIRE_MFA off; never, signed out)."""
    if not settings.LEAD_REQUIRE_MFA:
        return True
    if not request.user.is_authenticated:
        return False
    return factor_suffices(passkey_required=passkey_required(request.user), verified_by=verified_by(request))


def pending_step(request) -> str | None:
    """The URL name of the step a signed-in user must take before anything
    else, or None."""
    if not settings.LEAD_REQUIRE_MFA or not request.user.is_authenticated or second_factor_passed(request):
        return None
    user = request.user
    return next_step(
        passkey_required=passkey_required(user),
        verified_by=verified_by(request),
        has_passkey=has_passkey(user),
        has_authenticator=has_authenticator(user),
    )


def pending_step_url(request) -> str | None:
    """Where a signed-in user must go before anything else, or None: see pending_step."""
    step = pending_step(request)
    return reverse(step) if step else None


def step_open(request, step: str) -> bool:
    """Whether a step page may be shown now: the pending step, or from the
    passkey page the code page (the app for roles without a passkey
    requirement, a recovery code for a lost passkey)."""
    pending = pending_step(request)
    if pending == step:
        return True
    return pending == Step.PASSKEY and step == Step.CODE and has_authenticator(request.user)


def passkey_registration_open(request) -> bool:
    """Registering a passkey needs a session that passed, or one whose only
    way on is to register one; never a password alone."""
    if not settings.LEAD_REQUIRE_MFA or not request.user.is_authenticated:
        return False
    return second_factor_passed(request) or pending_step(request) == Step.PASSKEY_REGISTER


def session_verified(request, device: Device) -> None:
    """The session now holds a second factor: remember the device, give the
    session a new key and CSRF token as a password sign-in does, and clear the
    username's failure count if nothing is left to do."""
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)
    if second_factor_passed(request):
        lockout.failures_clear(username=request.user.get_username())


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
    """Remove a user's authenticator, recovery codes and passkeys (a lost phone
    or passkey): they set up a new authenticator at their next sign-in, then a
    passkey if their role needs one. Administrators only."""
    removed = sum(
        model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
        for model in (TOTPDevice, StaticDevice, WebAuthnCredential)
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
