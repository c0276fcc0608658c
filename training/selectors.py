"""Reads for peer training. Apps above this one (referrals) call
training_status_for, training_status_for_users and protocol_acknowledgement_due;
the others take the acting user and return only what that user may see."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from lead_ops.accounts.models import Unit, User
from lead_ops.accounts.roles import POLICE_ROLES
from lead_ops.errors import NotVisible
from lead_ops.protocol.models import ProtocolVersion
from lead_ops.protocol.selectors import protocol_in_force

from .models import (
    Attendance,
    PeerTrainer,
    ProtocolAcknowledgement,
    RecordImport,
    Topic,
    TrainingRecord,
    TrainingSession,
)
from .rules import can_manage_training
from .standing import TrainingStatus, roles_of, statuses

# --- For every app ------------------------------------------------------------------


def training_status_for(user, *, on=None) -> TrainingStatus:
    """Where one person stands on the topics their roles require (two queries
    once the user's roles are loaded)."""
    on = on or timezone.localdate()
    roles = {user.pk: frozenset(user.role_names)}
    return statuses(people=[user.pk], roles=roles, on=on)[user.pk]


def training_status_for_users(users: Iterable, *, on=None) -> dict[int, TrainingStatus]:
    """The same for many people in three queries however many there are (the
    sergeant's review queue). Keyed by user id."""
    on = on or timezone.localdate()
    ids = [user.pk for user in users]
    if not ids:
        return {}
    known = roles_of(ids)
    return statuses(people=ids, roles={pk: known.get(pk, frozenset()) for pk in ids}, on=on)


def protocol_acknowledgement_due(user, *, in_force: ProtocolVersion | None = None) -> ProtocolVersion | None:
    """The protocol version in force, if this officer or sergeant has not yet
    acknowledged it; otherwise None. `in_force`: the version in force today, when
    the caller has read it already (the referral form screens against it)."""
    if not user.has_role(*POLICE_ROLES):
        return None
    acknowledged = ProtocolAcknowledgement.objects.filter(user=user)
    if in_force is None:  # the version and whether it was acknowledged, in one query
        mine = acknowledged.filter(version=OuterRef("pk"))
        version = protocol_in_force().annotate(acknowledged=Exists(mine)).first()
        return version if version is not None and not version.acknowledged else None
    return None if acknowledged.filter(version=in_force).exists() else in_force


# --- My training --------------------------------------------------------------------


def training_records_of(user) -> list[TrainingRecord]:
    """A person's own completions, newest first."""
    return list(
        TrainingRecord.objects.filter(person=user).select_related("topic", "attendance__session", "record_import")
    )


def protocol_acknowledgements_of(user) -> list[ProtocolAcknowledgement]:
    return list(ProtocolAcknowledgement.objects.filter(user=user).select_related("version"))


def protocol_acknowledgement_of(user, version: ProtocolVersion) -> ProtocolAcknowledgement | None:
    return ProtocolAcknowledgement.objects.filter(user=user, version=version).first()


def sessions_upcoming(*, on=None, limit: int = 5) -> list[TrainingSession]:
    """Scheduled sessions anyone may see: what is coming, not who attends."""
    on = on or timezone.localdate()
    sessions = TrainingSession.objects.filter(held_on__gte=on).order_by("held_on", "id")
    return list(sessions.prefetch_related("topics")[:limit])


# --- Managing sessions (coordinators, administrators) --------------------------------


def _require_manager(user) -> None:
    if not can_manage_training(user):
        raise PermissionDenied("Only workgroup coordinators and administrators manage training.")


def sessions_visible_to(user) -> QuerySet[TrainingSession]:
    if not can_manage_training(user):
        return TrainingSession.objects.none()
    return TrainingSession.objects.annotate(attendee_count=Count("attendances", distinct=True)).prefetch_related(
        "topics", Prefetch("trainers", queryset=User.objects.order_by("last_name", "first_name"))
    )


def get_session_for_manage(user, pk) -> TrainingSession:
    _require_manager(user)
    session = sessions_visible_to(user).filter(pk=pk).first()
    if session is None:
        raise NotVisible("training.trainingsession", pk, "No such training session.")
    return session


def session_roster(session: TrainingSession) -> list[Attendance]:
    return list(session.attendances.select_related("attendee__unit"))


def peer_trainers_active() -> QuerySet[User]:
    """Officers and sergeants who may be named as trainers of a session."""
    return User.objects.filter(is_active=True, peer_trainer__is_active=True).select_related("unit")


def peer_trainers_visible_to(user) -> QuerySet[PeerTrainer]:
    if not can_manage_training(user):
        return PeerTrainer.objects.none()
    return (
        PeerTrainer.objects.select_related("user__unit")
        .annotate(sessions_led=Count("user__training_sessions_led", distinct=True))
        .order_by("-is_active", "user__last_name", "user__first_name")
    )


def peer_trainer_candidates() -> QuerySet[User]:
    """Active officers and sergeants not yet flagged as active peer trainers."""
    flagged = PeerTrainer.objects.filter(user=OuterRef("pk"), is_active=True)
    return (
        User.objects.filter(is_active=True, groups__name__in=POLICE_ROLES)
        .exclude(Exists(flagged))
        .distinct()
        .select_related("unit")
    )


def attendance_checklist(session: TrainingSession) -> list[tuple[str, list[tuple[User, bool]]]]:
    """Everyone who may attend, grouped by unit, each with whether they are
    already on the roster. Officers and sergeants first; sergeants without a
    unit of their own are listed under the units they supervise."""
    on_roster = set(session.attendances.values_list("attendee_id", flat=True))
    people = list(
        User.objects.filter(is_active=True, groups__isnull=False)
        .distinct()
        .select_related("unit")
        .prefetch_related(Prefetch("supervised_units", queryset=Unit.objects.order_by("name")))
        .order_by("last_name", "first_name", "username")
    )
    police_ids = set(roles_by_name(people, POLICE_ROLES))
    groups: dict[str, list[tuple[User, bool]]] = {}
    for person in people:
        if person.unit is not None:
            label = person.unit.name
        elif person.pk in police_ids and person.supervised_units.all():
            label = person.supervised_units.all()[0].name
        elif person.pk in police_ids:
            label = "Police without a unit"
        else:
            label = "Other staff"
        groups.setdefault(label, []).append((person, person.pk in on_roster))
    last = {"Police without a unit": 1, "Other staff": 2}
    return sorted(groups.items(), key=lambda item: (last.get(item[0], 0), item[0]))


def roles_by_name(people: list[User], wanted: Iterable[str]) -> list[int]:
    """Ids of the people holding any of the wanted roles, in one query."""
    wanted = set(wanted)
    return [pk for pk, names in roles_of([p.pk for p in people]).items() if names & wanted]


def topics_visible_to(user) -> QuerySet[Topic]:
    if not can_manage_training(user):
        return Topic.objects.none()
    return Topic.objects.prefetch_related("requirements").annotate(record_count=Count("records"))


def record_imports_visible_to(user) -> QuerySet[RecordImport]:
    if not can_manage_training(user):
        return RecordImport.objects.none()
    return RecordImport.objects.select_related("uploaded_by", "applied_by")


def get_record_import_for_manage(user, pk) -> RecordImport:
    _require_manager(user)
    record_import = record_imports_visible_to(user).filter(pk=pk).first()
    if record_import is None:
        raise Http404("No such import.")
    return record_import
