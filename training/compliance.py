"""Compliance reads: who is current on each required topic, by unit and role,
and how far training has reached the units onboarded to LEAD. Each takes the
acting user and shows only their units (all units for coordinators and
administrators), in a fixed number of queries however many people there are;
unit_coverage takes the units instead, already chosen by its caller."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from lead_ops.accounts.models import Unit, User
from lead_ops.accounts.roles import POLICE_ROLES, Role
from lead_ops.errors import NotVisible
from lead_ops.protocol.models import ProtocolVersion
from lead_ops.protocol.selectors import protocol_current

from .expiry import Standing
from .models import ProtocolAcknowledgement, Topic
from .rules import can_manage_training
from .standing import TrainingStatus, current_condition, required_topics_by_role, roles_of, statuses

ROLE_ORDER = [Role.OFFICER, Role.SERGEANT]


@dataclass(frozen=True)
class Cell:
    """How many of a row's people stand where on one topic."""

    required: bool
    current: int = 0  # due soon included: it has not expired
    due_soon: int = 0
    expired: int = 0
    missing: int = 0


@dataclass(frozen=True)
class Member:
    user: User
    status: TrainingStatus
    acknowledged: bool


@dataclass(frozen=True)
class Group:
    """The people holding one role in one unit (unit None: police with no unit)."""

    unit: Unit | None
    role: Role
    members: list[Member]
    cells: list[Cell]

    @property
    def headcount(self) -> int:
        return len(self.members)

    @property
    def fully_current(self) -> int:
        return sum(1 for member in self.members if member.status.is_current)

    @property
    def acknowledged(self) -> int:
        return sum(1 for member in self.members if member.acknowledged)


@dataclass(frozen=True)
class Compliance:
    on: date
    topics: list[Topic]
    groups: list[Group]
    protocol: ProtocolVersion | None
    people_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class RolloutRow:
    unit: Unit
    headcount: int
    fully_current: int

    @property
    def share(self) -> int | None:
        """Whole per cent of the unit's officers and sergeants fully current."""
        if not self.headcount:
            return None
        return round(100 * self.fully_current / self.headcount)


@dataclass(frozen=True)
class Rollout:
    onboarded: list[RolloutRow]
    waiting: list[RolloutRow]
    people_ids: list[int]


def units_for_compliance(user):
    """Units whose compliance this user may see, proactive units first (the
    order LEAD rolls out in), then by the date they joined."""
    if can_manage_training(user):
        units = Unit.objects.all()
    elif user.has_role(Role.SERGEANT):
        units = Unit.objects.filter(supervisors=user)
    else:
        units = Unit.objects.none()
    kind_first = Case(When(kind=Unit.Kind.PROACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField())
    joined = F("onboarded_on").asc(nulls_last=True)
    return units.select_related("precinct").order_by(kind_first, joined, "name")


def compliance_for(user, *, on=None) -> Compliance:
    """Every unit the user may see, plus (for coordinators and administrators)
    the police who belong to no unit."""
    units = list(units_for_compliance(user))
    return _compliance(units=units, include_unitless=can_manage_training(user), on=on)


def unit_compliance_for(user, unit_pk, *, on=None) -> Compliance:
    unit = units_for_compliance(user).filter(pk=unit_pk).first()
    if unit is None:
        raise NotVisible("accounts.unit", unit_pk, "No such unit, or not one you supervise.")
    return _compliance(units=[unit], include_unitless=False, on=on)


def rollout_for(user, *, on=None) -> Rollout:
    """Units onboarded to LEAD (proactive first, then patrol, each by date
    joined), and the units not yet onboarded, each with the share of their
    officers and sergeants fully current."""
    compliance = compliance_for(user, on=on)
    people: dict[int, dict[int, bool]] = defaultdict(dict)
    for group in compliance.groups:
        if group.unit is not None:
            for member in group.members:
                people[group.unit.pk][member.user.pk] = member.status.is_current
    units = list(dict.fromkeys(group.unit for group in compliance.groups if group.unit is not None))
    rows = [
        RolloutRow(unit=unit, headcount=len(people[unit.pk]), fully_current=sum(people[unit.pk].values()))
        for unit in units
    ]
    return Rollout(
        onboarded=[row for row in rows if row.unit.onboarded_on],
        waiting=[row for row in rows if not row.unit.onboarded_on],
        people_ids=sorted({pk for unit_people in people.values() for pk in unit_people}),
    )


def _compliance(*, units: list[Unit], include_unitless: bool, on) -> Compliance:
    on = on or timezone.localdate()
    unit_ids = [unit.pk for unit in units]
    supervision = list(Unit.supervisors.through.objects.filter(unit_id__in=unit_ids).values_list("unit_id", "user_id"))
    police = User.objects.filter(is_active=True, groups__name__in=POLICE_ROLES)
    reach = Q(unit_id__in=unit_ids) | Q(pk__in={user_id for _, user_id in supervision})
    if include_unitless:
        reach |= Q(unit__isnull=True)
    police = police.filter(reach).distinct()
    people = list(police.order_by("last_name", "first_name", "username"))
    roles = roles_of(police)
    by_role = required_topics_by_role(ROLE_ORDER)
    everyone = {person.pk: roles.get(person.pk, frozenset()) for person in people}
    standing = statuses(people=police, roles=everyone, on=on, by_role=by_role)
    protocol = protocol_current()
    acknowledged = set()
    if protocol is not None:
        acknowledgements = ProtocolAcknowledgement.objects.filter(version=protocol, user__in=police.values("pk"))
        acknowledged = set(acknowledgements.values_list("user_id", flat=True))
    topics = sorted({t.pk: t for role in ROLE_ORDER for t in by_role.get(role, [])}.values(), key=lambda t: t.name)

    supervised: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in supervision:
        supervised[unit_id].add(user_id)
    members_of: dict[int | None, list[User]] = defaultdict(list)
    for person in people:
        members_of[person.unit_id].append(person)

    def group(unit: Unit | None, role: Role, candidates: list[User]) -> Group | None:
        chosen = [p for p in candidates if role in roles.get(p.pk, ())]
        if not chosen and unit is None:
            return None
        required = {t.pk for t in by_role.get(role, [])}
        members = [Member(p, standing[p.pk], p.pk in acknowledged) for p in chosen]
        return Group(unit, role, members, [_cell(t.pk, t.pk in required, members) for t in topics])

    groups = []
    for unit in units:
        sergeants = {p.pk: p for p in members_of[unit.pk]}
        sergeants.update({p.pk: p for p in people if p.pk in supervised[unit.pk]})
        groups.append(group(unit, Role.OFFICER, members_of[unit.pk]))
        groups.append(group(unit, Role.SERGEANT, sorted(sergeants.values(), key=_name_order)))
    if include_unitless:
        supervising = {user_id for _, user_id in supervision}
        unitless = [p for p in members_of[None] if p.pk not in supervising]
        groups += [group(None, role, unitless) for role in ROLE_ORDER]
    groups = [g for g in groups if g is not None]
    shown = sorted({m.user.pk for g in groups for m in g.members})
    return Compliance(on=on, topics=topics, groups=groups, protocol=protocol, people_ids=shown)


def _name_order(user: User) -> tuple:
    return (user.last_name, user.first_name, user.username)


def _cell(topic_id: int, required: bool, members: list[Member]) -> Cell:
    if not required:
        return Cell(required=False)
    counts = defaultdict(int)
    for member in members:
        topic = member.status.standing(topic_id)
        counts[topic.state if topic else Standing.MISSING] += 1
    return Cell(
        required=True,
        current=counts[Standing.CURRENT] + counts[Standing.DUE_SOON],
        due_soon=counts[Standing.DUE_SOON],
        expired=counts[Standing.EXPIRED],
        missing=counts[Standing.MISSING],
    )


def unit_coverage(units: QuerySet[Unit], *, on=None) -> QuerySet[Unit]:
    """`units` annotated with `police`, the unit's active officers and sergeants
    as the compliance page counts them (its members who hold either role, and
    the sergeants who supervise it), and `police_current`, how many of them are
    current on every topic their police roles require. One query, counted by the
    database; the caller decides which units (reports pass the units in scope)."""
    on = on or timezone.localdate()
    roles = User.groups.through.objects.filter(user_id=OuterRef("pk"))
    supervises = Unit.supervisors.through.objects.filter(user_id=OuterRef("pk"), unit_id=OuterRef(OuterRef("pk")))
    people = User.objects.filter(is_active=True).filter(
        Q(unit_id=OuterRef("pk")) & Exists(roles.filter(group__name__in=POLICE_ROLES))
        | Exists(supervises) & Exists(roles.filter(group__name=Role.SERGEANT))
    )
    current = people.filter(current_condition(on=on, roles=POLICE_ROLES))
    return units.annotate(police=_count(people), police_current=_count(current))


def _count(people: QuerySet[User]) -> Subquery:
    # COUNT as a plain function, not an aggregate, so no GROUP BY: one row per unit.
    counted = people.order_by().annotate(count=Func("pk", function="COUNT")).values("count")
    return Subquery(counted, output_field=IntegerField())
