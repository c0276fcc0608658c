"""Passkeys (WebAuthn credentials, django-otp-webauthn's device) as a second
factor: registered, renamed, removed and verified here, every step audited.

The ceremony itself (challenge, signature, origin and RP ID checks) is
django-otp-webauthn's helper on py_webauthn (W3C Web Authentication Level 3,
sections 7.1 and 7.2); these services wrap it so that the write and its audit
row happen together. Who must use a passkey is mfa.passkey_required.
"""

from django.db import transaction
from django.utils import dateformat, timezone
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.utils import rewrite_exceptions

from lead_ops import audit
from lead_ops.audit.lookups import get_visible_or_404
from lead_ops.audit.models import AuditEvent

from . import mfa
from .models import User

NAME_MAX_LENGTH = WebAuthnCredential._meta.get_field("name").max_length


class PasskeyRefused(Exception):
    """A passkey change the rules do not allow; the message says why, for the user."""


# --- Reads -----------------------------------------------------------------------


def passkeys_of(user: User):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def get_passkey_for_owner(user: User, pk: int) -> WebAuthnCredential:
    """The user's own passkey; anyone else's is not found (and the attempt audited)."""
    return get_visible_or_404(passkeys_of(user), pk, "No such passkey.")


def removal_refusal(*, passkey_required: bool, passkeys_left: int) -> str | None:
    """Why a passkey may not be removed, or None: a role that signs in with a
    passkey keeps at least one (it could not sign in again otherwise)."""
    if passkey_required and passkeys_left <= 1:
        return "Your role signs in with a passkey: register another one before you remove your last."
    return None


def default_name() -> str:
    return f"Passkey added {dateformat.format(timezone.localdate(), 'j M Y')}"


# --- Writes ------------------------------------------------------------------------


@transaction.atomic
def passkey_register(*, user: User, helper: WebAuthnHelper, state: dict, data) -> WebAuthnCredential:
    """Check the browser's answer to the registration challenge and keep the
    new credential. Raises django-otp-webauthn's OTPWebAuthnApiError if refused
    (audit that with passkey_failure_record, outside this transaction)."""
    with rewrite_exceptions():
        passkey = helper.register_complete(user=user, state=state, data=data)
    passkey.name = default_name()
    passkey.save(update_fields=["name"])
    audit.record(
        action=AuditEvent.Action.PASSKEY_REGISTERED,
        actor=user,
        target=user,
        summary=f"Passkey registered: {passkey.name}",
        detail={"passkey": passkey.pk, "passkeys": passkeys_of(user).count()},
    )
    return passkey


@transaction.atomic
def passkey_verify(*, user: User, helper: WebAuthnHelper, state: dict, data) -> WebAuthnCredential:
    """Check the browser's answer to the sign-in challenge: a passkey of this
    user signed it. Raises OTPWebAuthnApiError if not."""
    with rewrite_exceptions():
        passkey = helper.authenticate_complete(user=user, state=state, data=data)
    if not passkey.confirmed:
        raise exceptions.CredentialDisabled()
    audit.record(
        action=AuditEvent.Action.MFA_VERIFIED,
        actor=user,
        target=user,
        detail={"method": mfa.PASSKEY, "passkey": passkey.pk},
    )
    return passkey


def passkey_failure_record(*, user: User, stage: str, reason: str) -> None:
    """A refused or broken passkey ceremony (registration or verification)."""
    audit.record(
        action=AuditEvent.Action.MFA_FAILED,
        actor=user,
        target=user,
        outcome=AuditEvent.Outcome.FAILURE,
        summary=f"Passkey {stage} refused",
        detail={"method": mfa.PASSKEY, "stage": stage, "reason": reason[:64]},
    )


@transaction.atomic
def passkey_rename(*, passkey: WebAuthnCredential, name: str, actor: User) -> WebAuthnCredential:
    name = " ".join(name.split())
    if not name or len(name) > NAME_MAX_LENGTH:
        raise PasskeyRefused(f"Give the passkey a name of 1 to {NAME_MAX_LENGTH} characters.")
    old_name, passkey.name = passkey.name, name
    passkey.save(update_fields=["name"])
    audit.record(
        action=AuditEvent.Action.PASSKEY_RENAMED,
        actor=actor,
        target=passkey.user,
        summary=f"Passkey renamed: {name}",
        detail={"passkey": passkey.pk, "from": old_name, "to": name},
    )
    return passkey


@transaction.atomic
def passkey_remove(*, passkey: WebAuthnCredential, actor: User) -> None:
    """Remove a passkey (lost, or replaced), unless removal_refusal forbids it."""
    owner = passkey.user
    left = len(passkeys_of(owner).select_for_update().values_list("pk", flat=True))
    refusal = removal_refusal(passkey_required=mfa.passkey_required(owner), passkeys_left=left)
    if refusal:
        raise PasskeyRefused(refusal)
    pk, name = passkey.pk, passkey.name
    passkey.delete()
    audit.record(
        action=AuditEvent.Action.PASSKEY_REMOVED,
        actor=actor,
        target=owner,
        summary=f"Passkey removed: {name}",
        detail={"passkey": pk, "passkeys": left - 1},
    )
