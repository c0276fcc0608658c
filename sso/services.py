"""Writes of single sign-on and provisioning: signing a person in from their
provider's claims, the accounts and groups the provider manages over SCIM, and
the provider's own settings. Each is atomic and audited; the actor of a SCIM
write is the provider ("scim:<slug>")."""

import hashlib
import secrets
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lead_ops import audit
from lead_ops.accounts.models import Unit, User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.services import user_create
from lead_ops.audit.models import AuditEvent
from lead_ops.audit.services import audited_save

from . import client_secrets, discovery
from .claims import Rule, assignment_from, roles_from, single_value
from .models import IdentityProvider, ProviderAccount, ProviderGroup
from .refusals import (
    INACTIVE,
    NAME_TAKEN,
    NO_USERNAME,
    OTHER_AGENCY,
    UNKNOWN_USER,
    UNUSABLE_PROFILE,
    SignInRefused,
)

SCIM_TOKEN_BYTES = 32


def scim_actor(provider: IdentityProvider) -> str:
    return f"scim:{provider.slug}"


def rules_of(provider: IdentityProvider) -> list[Rule]:
    return [Rule(claim=r.claim, value=r.value, role=r.role) for r in provider.role_rules.all()]


def group_values(account: ProviderAccount) -> set[str]:
    values = set()
    for group in account.groups.all():
        values.add(group.display_name)
        if group.external_id:
            values.add(group.external_id)
    return values


# --- Roles ----------------------------------------------------------------------------


def account_roles_apply(*, account: ProviderAccount, actor=None, actor_username: str = "") -> bool:
    """The account's roles are what the provider's rules give: the last
    sign-in's claims and the SCIM groups it is in now. Roles given by hand are
    replaced; True if anything changed."""
    user = account.user
    wanted = set(account.roles_from_claims) | roles_from(
        claims={}, groups=group_values(account), rules=rules_of(account.provider)
    )
    before = set(user.groups.values_list("name", flat=True))
    staff = Role.AGENCY_ADMINISTRATOR.value in wanted or user.is_superuser
    if wanted == before and user.is_staff == staff:
        return False
    user.groups.set(Group.objects.filter(name__in=wanted))
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("role_names", None)
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        actor_username=actor_username,
        target=user,
        summary=f"Roles set by {account.provider.name}"[:255],
        detail={"from": sorted(before), "to": sorted(wanted), "provider": account.provider.slug},
    )
    return True


# --- Signing in -----------------------------------------------------------------------


def _refuse(provider, reason, *, username: str = "", user=None, detail: str = ""):
    # Audited by the view that shows the refusal: this transaction is rolled back.
    raise SignInRefused(reason, detail, username=username, user=user)


def _match(provider, subject: str, username: str | None) -> ProviderAccount | None:
    accounts = ProviderAccount.objects.select_related("user").filter(provider=provider)
    account = accounts.filter(subject=subject).first()
    if account is None and username:
        # Provisioned over SCIM before the first sign-in: known by name only.
        account = accounts.filter(subject="", user_name__iexact=username).first()
    return account


def _profile_from(claims: Mapping, provider) -> dict:
    profile = {}
    for field, claim, length in (
        ("first_name", "given_name", 150),
        ("last_name", "family_name", 150),
        ("email", provider.email_claim, 254),
    ):
        value = single_value(claims, claim, max_length=length)
        if value is not None:
            profile[field] = value
    return profile


@transaction.atomic
def provider_sign_in(*, provider: IdentityProvider, claims: Mapping) -> User:
    """The person the provider vouched for (its ID token verified, see
    sso.backend): their account, brought up to date with the claims. Only
    accounts of the provider's own agency are matched or made; an unknown
    person is refused unless the provider provisions just in time, and then
    gets no role until a rule gives one."""
    subject = str(claims.get("sub") or "")
    username = single_value(claims, provider.username_claim, max_length=150)
    account = _match(provider, subject, username)
    if account is None:
        account = _account_for_newcomer(provider, subject, username, claims)
    user = account.user
    if user.agency_id != provider.agency_id:
        _refuse(provider, OTHER_AGENCY, username=user.username, user=user)
    if not user.is_active:
        _refuse(provider, INACTIVE, username=user.username, user=user)
    changes = _claims_apply(account, claims)
    account.subject = subject
    account.last_signed_in_at = timezone.now()
    account.save()
    account_roles_apply(account=account, actor=user)
    if changes:
        audit.record(
            action=AuditEvent.Action.UPDATE,
            actor=user,
            target=user,
            summary=f"Profile updated from {provider.name}"[:255],
            detail=changes,
        )
    return user


def _account_for_newcomer(provider, subject: str, username: str | None, claims: Mapping) -> ProviderAccount:
    """A subject the provider has not signed in before: the account made by
    hand for them in the provider's agency, or (just in time) a new one. A
    name another account holds (in another agency, linked to another provider,
    or to another subject of this one: a recycled name) is refused."""
    if not username:
        _refuse(provider, NO_USERNAME, detail=f"no {provider.username_claim} claim")
    user = User.objects.filter(username__iexact=username).first()
    taken = ProviderAccount.objects.filter(provider=provider, user_name__iexact=username).exists()
    if taken or (user is not None and hasattr(user, "provider_account")):
        _refuse(provider, NAME_TAKEN, username=username, user=user)
    if user is not None and user.agency_id != provider.agency_id:
        _refuse(provider, NAME_TAKEN if user.agency_id else OTHER_AGENCY, username=username, user=user)
    if user is None:
        if not provider.create_unknown_users:
            _refuse(provider, UNKNOWN_USER, username=username)
        try:
            user = user_create(
                username=username,
                password=None,
                roles=[],
                agency=provider.agency,
                actor=None,
                **_profile_from(claims, provider),
            )
        except ValidationError as error:
            _refuse(provider, UNUSABLE_PROFILE, username=username, detail="; ".join(error.messages))
    return ProviderAccount.objects.create(provider=provider, user=user, subject=subject, user_name=username)


def _claims_apply(account: ProviderAccount, claims: Mapping) -> dict:
    """Profile, badge and unit from the claims, where the provider sends them."""
    provider, user = account.provider, account.user
    assignment = assignment_from(
        claims=claims,
        groups=(),
        rules=rules_of(provider),
        badge_claim=provider.badge_claim,
        unit_claim=provider.unit_claim,
    )
    account.roles_from_claims = sorted(assignment.roles)
    wanted = _profile_from(claims, provider)
    notes = {}
    if assignment.badge_number is not None:
        taken = (
            User.objects.filter(agency_id=provider.agency_id, badge_number=assignment.badge_number)
            .exclude(pk=user.pk)
            .exists()
        )
        if taken:
            notes["badge_number_refused"] = "another account of the agency has it"
        else:
            wanted["badge_number"] = assignment.badge_number
    if assignment.unit_name is not None:
        unit = Unit.objects.filter(precinct__agency_id=provider.agency_id, name__iexact=assignment.unit_name).first()
        if unit is None:
            notes["unit_not_found"] = assignment.unit_name
        else:
            wanted["unit_id"] = unit.pk
    changed = {name: value for name, value in wanted.items() if getattr(user, name) != value}
    before = {name: getattr(user, name) for name in changed}
    for name, value in changed.items():
        setattr(user, name, value)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        # A claim LEAD cannot keep (an e-mail that is not one): keep what was there.
        for name in error.message_dict:
            field = "unit_id" if name == "unit" else name
            if field in before:
                setattr(user, field, before.pop(field))
                changed.pop(field)
                notes[f"{name}_refused"] = "; ".join(error.message_dict[name])[:200]
        user.full_clean(exclude=["password"])
    if changed:
        user.save(update_fields=list(changed))
    return {**({"changed": sorted(changed)} if changed else {}), **notes}


# --- Provisioning over SCIM ----------------------------------------------------------


class ScimConflict(Exception):
    """The userName or displayName is taken (SCIM 409 uniqueness)."""


def _scim_user_fields_apply(user: User, fields: Mapping) -> list[str]:
    changed = []
    for name in ("first_name", "last_name", "email", "is_active"):
        if name in fields and getattr(user, name) != fields[name]:
            setattr(user, name, fields[name])
            changed.append(name)
    return changed


@transaction.atomic
def scim_user_create(*, provider: IdentityProvider, user_name: str, external_id: str = "", **fields) -> ProviderAccount:
    """The provider adds a person. A LEAD account of the same name in the
    provider's agency (made before the provider was connected) is taken over;
    the name taken in another agency is a conflict."""
    if ProviderAccount.objects.filter(provider=provider, user_name__iexact=user_name).exists():
        raise ScimConflict(f"userName {user_name!r} is already provisioned")
    user = User.objects.filter(username__iexact=user_name).first()
    actor_username = scim_actor(provider)
    if user is not None and (user.agency_id != provider.agency_id or hasattr(user, "provider_account")):
        raise ScimConflict(f"userName {user_name!r} belongs to another account")
    if user is None:
        user = User(username=user_name, agency=provider.agency)
        user.set_unusable_password()
        _scim_user_fields_apply(user, fields)
        user.full_clean()
        user.save()
        action = AuditEvent.Action.CREATE
    else:
        _scim_user_fields_apply(user, fields)
        user.full_clean(exclude=["password"])
        user.save()
        action = AuditEvent.Action.UPDATE
    account = ProviderAccount(provider=provider, user=user, user_name=user_name, external_id=external_id)
    account.full_clean(exclude=["user"])
    account.save()
    audit.record(
        action=action,
        actor_username=actor_username,
        target=user,
        summary=f"Provisioned by {provider.name}"[:255],
        detail={"provider": provider.slug, "scim_id": str(account.scim_id), "active": user.is_active},
    )
    account_roles_apply(account=account, actor_username=actor_username)
    return account


@transaction.atomic
def scim_user_update(*, account: ProviderAccount, user_name: str | None = None, external_id=None, **fields):
    """The provider changes a person; active=False deactivates the account, and
    its open sessions end at their next request (sso.backend.ProviderBackend
    and Django's ModelBackend both refuse an inactive user)."""
    provider, user = account.provider, account.user
    if user_name is not None and user_name.lower() != account.user_name.lower():
        taken = ProviderAccount.objects.filter(provider=provider, user_name__iexact=user_name).exclude(pk=account.pk)
        if taken.exists():
            raise ScimConflict(f"userName {user_name!r} is already provisioned")
    if user_name is not None:
        account.user_name = user_name
    if external_id is not None:
        account.external_id = external_id
    was_active = user.is_active
    changed = _scim_user_fields_apply(user, fields)
    if changed:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed)
    account.full_clean(exclude=["user"])
    account.save()
    if not changed:
        return account
    if was_active != user.is_active:
        action = AuditEvent.Action.UPDATE
        summary = f"{'Reactivated' if user.is_active else 'Deactivated'} by {provider.name}"
    else:
        action, summary = AuditEvent.Action.UPDATE, f"Changed by {provider.name}"
    audit.record(
        action=action,
        actor_username=scim_actor(provider),
        target=user,
        summary=summary[:255],
        detail={"provider": provider.slug, "changed": sorted(changed), "active": user.is_active},
    )
    return account


@transaction.atomic
def scim_user_remove(*, account: ProviderAccount) -> None:
    """The provider deletes a person: the account is deactivated, never deleted
    (the records they made keep their author), and no longer the provider's."""
    provider, user = account.provider, account.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    account.delete()
    audit.record(
        action=AuditEvent.Action.DELETE,
        actor_username=scim_actor(provider),
        target=user,
        summary=f"Removed by {provider.name}: deactivated"[:255],
        detail={"provider": provider.slug},
    )
    user.groups.clear()


def _members_of(provider, scim_ids: Iterable[str]) -> list[ProviderAccount]:
    ids = list(scim_ids)
    members = list(ProviderAccount.objects.filter(provider=provider, scim_id__in=ids))
    if len(members) != len(set(ids)):
        raise ValidationError("A member is not a user of this provider.")
    return members


@transaction.atomic
def scim_group_save(
    *,
    group: ProviderGroup,
    display_name: str | None = None,
    external_id: str | None = None,
    member_ids: Iterable[str] | None = None,
    add_ids: Iterable[str] = (),
    remove_ids: Iterable[str] = (),
) -> ProviderGroup:
    """A group and its members; every account whose membership changed gets
    its roles again from the rules."""
    provider = group.provider
    creating = group.pk is None
    if display_name is not None:
        taken = ProviderGroup.objects.filter(provider=provider, display_name__iexact=display_name)
        if taken.exclude(pk=group.pk).exists():
            raise ScimConflict(f"displayName {display_name!r} is taken")
        group.display_name = display_name
    if external_id is not None:
        group.external_id = external_id
    group.full_clean()
    group.save()
    before = set() if creating else set(group.members.all())
    after = set(before)
    if member_ids is not None:
        after = set(_members_of(provider, member_ids))
    after |= set(_members_of(provider, add_ids))
    after -= set(_members_of(provider, remove_ids))
    if after != before:
        group.members.set(after)
    audit.record(
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        actor_username=scim_actor(provider),
        targets=[account.user for account in after ^ before],
        object_type=User._meta.label_lower,
        summary=f"Group {group.display_name} {'created' if creating else 'changed'} by {provider.name}"[:255],
        detail={
            "provider": provider.slug,
            "group": str(group.scim_id),
            "added": sorted(str(a.scim_id) for a in after - before),
            "removed": sorted(str(a.scim_id) for a in before - after),
        },
    )
    for account in after ^ before:
        account_roles_apply(account=account, actor_username=scim_actor(provider))
    return group


@transaction.atomic
def scim_group_delete(*, group: ProviderGroup) -> None:
    members = list(group.members.all())
    provider = group.provider
    audit.record(
        action=AuditEvent.Action.DELETE,
        actor_username=scim_actor(provider),
        targets=[account.user for account in members],
        object_type=User._meta.label_lower,
        summary=f"Group {group.display_name} deleted by {provider.name}"[:255],
        detail={"provider": provider.slug, "group": str(group.scim_id)},
    )
    group.delete()
    for account in members:
        account_roles_apply(account=account, actor_username=scim_actor(provider))


# --- The provider's own settings --------------------------------------------------------


def scim_token_digest(token: str) -> str:
    # The token is 256 random bits: a fast hash is enough to keep it out of a database copy.
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def identity_provider_save(*, provider: IdentityProvider, client_secret: str = "", actor=None, changed=()):
    """A provider as an administrator sets it up. A new client secret is
    stored encrypted (never shown again); the cached discovery document and
    keys are dropped, so a changed issuer takes effect at once."""
    if client_secret:
        provider.client_secret_encrypted = client_secrets.encrypt(client_secret)
        changed = [*changed, "client_secret"]
    if provider.enabled and not (provider.client_secret_encrypted or provider.client_secret_env):
        raise ValidationError({"client_secret": "Give the client secret, or the environment variable with it."})
    provider.full_clean()
    audited_save(instance=provider, actor=actor, changed=changed)
    discovery.forget(provider)
    return provider


@transaction.atomic
def identity_provider_rules_apply(*, provider: IdentityProvider, actor=None) -> int:
    """After the rules change, every account of the provider gets its roles
    again (those from claims at the next sign-in). Returns how many changed."""
    accounts = provider.accounts.select_related("user", "provider")
    return sum(account_roles_apply(account=account, actor=actor) for account in accounts)


@transaction.atomic
def scim_token_rotate(*, provider: IdentityProvider, actor=None) -> str:
    """A new SCIM bearer token for the provider, shown once; the old one stops working."""
    token = secrets.token_urlsafe(SCIM_TOKEN_BYTES)
    provider.scim_token_digest = scim_token_digest(token)
    provider.scim_token_hint = token[-4:]
    provider.save(update_fields=["scim_token_digest", "scim_token_hint"])
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        target=provider,
        summary=f"New SCIM token for {provider.name}"[:255],
        detail={"hint": provider.scim_token_hint},
    )
    return token


def provider_for_scim_token(token: str) -> IdentityProvider | None:
    if not token:
        return None
    digest = scim_token_digest(token)
    provider = IdentityProvider.objects.filter(scim_token_digest=digest, enabled=True).first()
    # The lookup is by digest; compare again in constant time all the same.
    if provider is None or not secrets.compare_digest(provider.scim_token_digest, digest):
        return None
    return provider
