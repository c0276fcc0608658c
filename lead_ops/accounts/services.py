"""Writes about users, units, precincts and agencies. The only way in: admin
forms and the demo-data command call these too."""

from datetime import date

from django.contrib.auth.models import Group
from django.db import transaction

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from lead_ops.audit.services import audited_save

from .administration import administered_agency, check_may_administer
from .agencies import site_incident_number_format
from .models import Agency, Precinct, Unit, User
from .roles import Role


@transaction.atomic
def precinct_create(*, agency: Agency, name: str, code: str, actor: User | None = None) -> Precinct:
    precinct = Precinct(agency=agency, name=name, code=code)
    check_may_administer(actor, precinct)
    precinct.full_clean()
    precinct.save()
    audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=precinct)
    return precinct


@transaction.atomic
def agency_create(
    *, name: str, kind: str, incident_number_pattern: str = "", incident_number_example: str = "", actor=None
) -> Agency:
    """A new police agency starts with the site's incident-number format unless given its own."""
    if kind == Agency.Kind.POLICE and not incident_number_pattern:
        default = site_incident_number_format()
        incident_number_pattern, incident_number_example = default.pattern, default.example
    agency = Agency(
        name=name,
        kind=kind,
        incident_number_pattern=incident_number_pattern,
        incident_number_example=incident_number_example,
    )
    agency.full_clean()
    agency.save()
    audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=agency)
    return agency


@transaction.atomic
def unit_create(
    *,
    name: str,
    kind: str,
    precinct: Precinct,
    onboarded_on: date | None = None,
    supervisors: list[User] = (),
    actor: User | None = None,
) -> Unit:
    unit = Unit(name=name, kind=kind, precinct=precinct, onboarded_on=onboarded_on)
    check_may_administer(actor, unit, supervisors=supervisors)
    unit.full_clean()
    unit.save()
    unit.supervisors.set(supervisors)
    audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=unit)
    return unit


@transaction.atomic
def unit_set_supervisors(*, unit: Unit, supervisors: list[User], actor: User | None = None) -> Unit:
    check_may_administer(actor, unit, supervisors=supervisors)
    unit.supervisors.set(supervisors)
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        target=unit,
        detail={"supervisors": sorted(s.pk for s in supervisors)},
    )
    return unit


@transaction.atomic
def precinct_save(*, precinct: Precinct, actor: User | None = None, changed=()) -> Precinct:
    check_may_administer(actor, precinct)
    return audited_save(instance=precinct, actor=actor, changed=changed)


@transaction.atomic
def agency_save(*, agency: Agency, actor: User | None = None, changed=()) -> Agency:
    return audited_save(instance=agency, actor=actor, changed=changed)


@transaction.atomic
def unit_save(*, unit: Unit, supervisors, actor: User | None = None, changed=()) -> Unit:
    """A unit and the sergeants who supervise it (who then review its referrals)."""
    check_may_administer(actor, unit, supervisors=supervisors)
    audited_save(instance=unit, actor=actor, changed=changed)
    unit.supervisors.set(supervisors)
    return unit


@transaction.atomic
def user_save(
    *, user: User, groups, password: str | None = None, user_permissions=(), actor: User | None = None, changed=()
) -> User:
    """An account as an administrator edits it: roles are its groups; a new
    account's password is checked by the password rules and stored hashed. An
    agency administrator edits only their agency's accounts (see administration);
    the accounts they make agency administrators get admin access, the others none."""
    check_may_administer(actor, user, groups=groups, user_permissions=user_permissions)
    if actor is not None and administered_agency(actor) is not None and not actor.is_superuser:
        user.is_staff = any(group.name == Role.AGENCY_ADMINISTRATOR.value for group in groups)
    if password is not None:
        user.set_password(password)
    audited_save(instance=user, actor=actor, changed=[name for name in changed if not name.startswith("password")])
    user.groups.set(groups)
    user.user_permissions.set(user_permissions)
    return user


def role_groups_ensure() -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    roles: list[Role],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    badge_number: str = "",
    unit: Unit | None = None,
    agency: Agency | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
    verifies_community_referrals: bool = False,
    actor: User | None = None,
) -> User:
    """Create an account with its roles. A password of None makes an account
    that cannot sign in until an administrator sets one."""
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        badge_number=badge_number,
        unit=unit,
        agency=agency,
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
        verifies_community_referrals=verifies_community_referrals,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    groups = list(Group.objects.filter(name__in=[Role(role).value for role in roles]))
    if len(groups) != len(set(roles)):
        raise ValueError(f"Role groups missing for {sorted(roles)}; run migrations.")
    check_may_administer(actor, user, groups=groups)
    user.full_clean()
    user.save()
    user.groups.set(groups)
    audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=user, detail={"roles": sorted(roles)})
    return user


@transaction.atomic
def user_password_change(*, user: User, password: str) -> User:
    """Set a new password the user chose (already checked by the password
    validators: at least 12 characters, not a common password; no composition
    rules and no forced rotation, after NIST SP 800-63B)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(action=AuditEvent.Action.PASSWORD_CHANGED, actor=user, target=user)
    return user


@transaction.atomic
def user_notification_delivery_set(*, user: User, delivery: str) -> User:
    """How the user's notices reach them by e-mail: one each, or the daily digest."""
    before = user.notification_delivery
    user.notification_delivery = delivery
    user.full_clean(exclude=["password"])
    user.save(update_fields=["notification_delivery"])
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=user,
        target=user,
        summary="Notification e-mail preference",
        detail={"from": before, "to": delivery},
    )
    return user
