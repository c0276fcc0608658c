"""Writes about training sessions and their rosters. Attendance gives each
attendee one training record per topic of the session."""

from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lead_ops import audit
from lead_ops.accounts.models import User
from lead_ops.audit.models import AuditEvent

from ..materials import display_name, validate_material
from ..models import Attendance, PeerTrainer, Topic, TrainingRecord, TrainingSession

# --- Sessions ---------------------------------------------------------------------------


SESSION_LATEST_AHEAD_DAYS = 366


@transaction.atomic
def training_session_create(
    *,
    title: str,
    held_on: date,
    topics: Iterable[Topic],
    hours: Decimal,
    place: str,
    trainers: Iterable[User] = (),
    outside_trainers: str = "",
    materials=None,
    actor=None,
) -> TrainingSession:
    session = TrainingSession(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _fill_session(session, title, held_on, hours, place, outside_trainers)
    topics, trainers = list(topics), list(trainers)
    _check_session(session, topics, trainers, has_roster=False)
    _attach_materials(session, materials)
    with _file_removed_on_failure(session):
        session.save()
        session.topics.set(topics)
        session.trainers.set(trainers)
        audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=session, detail=_session_detail(session))
    return session


@transaction.atomic
def training_session_update(
    *,
    session: TrainingSession,
    title: str,
    held_on: date,
    topics: Iterable[Topic],
    hours: Decimal,
    place: str,
    trainers: Iterable[User] = (),
    outside_trainers: str = "",
    materials=None,
    remove_materials: bool = False,
    actor=None,
) -> TrainingSession:
    """Changing the date or the topics of a session with a roster changes its
    attendees' records to match: they completed what the session covered, on
    the day it was held."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    old_date, old_topics = session.held_on, set(session.topics.values_list("pk", flat=True))
    old_file, old_trainers = session.materials.name, set(session.trainers.values_list("pk", flat=True))
    _fill_session(session, title, held_on, hours, place, outside_trainers)
    topics, trainers = list(topics), list(trainers)
    _check_session(session, topics, trainers, has_roster=session.attendances.exists(), kept_trainers=old_trainers)
    if materials is not None:
        _attach_materials(session, materials)
    elif remove_materials:
        session.materials, session.materials_name, session.materials_content_type, session.materials_size = (
            "",
            "",
            "",
            None,
        )
    with _file_removed_on_failure(session, unless=old_file):
        session.save()
        session.topics.set(topics)
        session.trainers.set(trainers)
    if old_file and old_file != session.materials.name:
        storage = session.materials.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    if held_on != old_date:
        TrainingRecord.objects.filter(attendance__session=session).delete()
        _add_session_records(session, list(session.attendances.all()), topics)
    elif {t.pk for t in topics} != old_topics:
        TrainingRecord.objects.filter(attendance__session=session).exclude(topic__in=topics).delete()
        _add_session_records(session, list(session.attendances.all()), [t for t in topics if t.pk not in old_topics])
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=session, detail=_session_detail(session))
    return session


@transaction.atomic
def training_session_delete(*, session: TrainingSession, actor=None) -> None:
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.attendances.exists():
        raise ValidationError(
            "People are on this session's roster; remove them first, so that nobody loses a record by accident."
        )
    file_name, storage, pk = session.materials.name, session.materials.storage, session.pk
    session.delete()
    if file_name:
        transaction.on_commit(lambda: storage.delete(file_name))
    audit.record(action=AuditEvent.Action.DELETE, actor=actor, object_type="training.trainingsession", object_ids=[pk])


def _fill_session(session, title, held_on, hours, place, outside_trainers) -> None:
    session.title, session.held_on, session.hours = title.strip(), held_on, hours
    session.place, session.outside_trainers = place.strip(), outside_trainers.strip()


def _check_session(
    session: TrainingSession, topics: list[Topic], trainers: list[User], *, has_roster: bool, kept_trainers=frozenset()
) -> None:
    """Trainers must be active peer trainers, except those the session already
    named (a trainer who has since stopped still led it)."""
    errors: dict[str, list[str]] = {}
    try:
        session.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    today = timezone.localdate()
    if session.held_on and (session.held_on - today).days > SESSION_LATEST_AHEAD_DAYS:
        errors.setdefault("held_on", []).append("Sessions can be scheduled up to a year ahead; check the year.")
    if has_roster and session.held_on and session.held_on > today:
        errors.setdefault("held_on", []).append(
            "People are already on this session's roster, so it cannot move to a future date."
        )
    if not topics:
        errors.setdefault("topics", []).append("Choose at least one topic the session covers.")
    not_trainers = [u for u in trainers if u.pk not in kept_trainers and not _is_active_peer_trainer(u)]
    if not_trainers:
        names = ", ".join(user.display_name for user in not_trainers)
        errors.setdefault("trainers", []).append(f"Not flagged as a peer trainer: {names}.")
    if not trainers and not session.outside_trainers:
        errors.setdefault("trainers", []).append("Name at least one trainer: a peer trainer or an outside trainer.")
    if errors:
        raise ValidationError(errors)


def _is_active_peer_trainer(user: User) -> bool:
    return user.is_active and PeerTrainer.objects.filter(user=user, is_active=True).exists()


def _attach_materials(session: TrainingSession, upload) -> None:
    if upload is None:
        return
    try:
        content_type = validate_material(upload)
    except ValidationError as error:
        raise ValidationError({"materials": error.messages}) from None
    session.materials = upload
    session.materials_name = display_name(upload.name)
    session.materials_content_type = content_type
    session.materials_size = upload.size


@contextmanager
def _file_removed_on_failure(session: TrainingSession, unless: str = ""):
    """The file is written to storage on save; if the transaction then fails,
    take it away again so a refused session leaves nothing behind."""
    try:
        yield
    except Exception:
        if session.materials.name and session.materials.name != unless:
            session.materials.storage.delete(session.materials.name)
        raise


def _session_detail(session: TrainingSession) -> dict:
    return {
        "held_on": session.held_on.isoformat(),
        "topics": sorted(session.topics.values_list("pk", flat=True)),
        "trainers": sorted(session.trainers.values_list("pk", flat=True)),
        "hours": str(session.hours),
        "materials": session.materials_name,
    }


# --- Attendance ---------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, session: TrainingSession, attendees: Iterable[User], actor=None) -> list[Attendance]:
    """Put people on a session's roster: each completes every topic of the
    session on the day it was held. Refused as a whole, with nothing saved,
    for a session still in the future, for anybody listed twice or already on
    the roster, and for deactivated accounts."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    attendees = list(attendees)
    today = timezone.localdate()
    if session.held_on > today:
        raise ValidationError(
            f"This session is on {session.held_on:%Y-%m-%d}, in the future: "
            "attendance can be recorded from that day on."
        )
    if not attendees:
        raise ValidationError("Tick at least one person who attended.")
    problems = []
    seen: set[int] = set()
    for person in attendees:
        if person.pk in seen:
            problems.append(f"{person.display_name} is listed twice.")
        seen.add(person.pk)
    on_roster = set(session.attendances.filter(attendee__in=attendees).values_list("attendee_id", flat=True))
    problems += [f"{p.display_name} is already on the roster." for p in attendees if p.pk in on_roster]
    problems += [f"{p.display_name}'s account is deactivated." for p in attendees if not p.is_active]
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)))
    recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    attendances = [Attendance(session=session, attendee=person, recorded_by=recorded_by) for person in attendees]
    try:
        with transaction.atomic():
            attendances = Attendance.objects.bulk_create(attendances)
    except IntegrityError:
        # Someone else added one of them a moment ago.
        raise ValidationError("Someone else changed this roster just now; reload the page and try again.") from None
    if _needs_pks(attendances):
        attendances = list(session.attendances.filter(attendee__in=attendees))
    _add_session_records(session, attendances, list(session.topics.all()))
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        object_type="accounts.user",
        object_ids=sorted(person.pk for person in attendees),
        summary=f"Attendance recorded for training session {session.pk}",
        detail={"session": session.pk},
    )
    return attendances


@transaction.atomic
def attendance_remove(*, attendance: Attendance, actor=None) -> None:
    """Take someone off a roster, with the records the session gave them."""
    attendance = Attendance.objects.select_related("session").select_for_update().get(pk=attendance.pk)
    person_id, session_id = attendance.attendee_id, attendance.session_id
    removed = attendance.records.count()
    attendance.delete()
    audit.record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        object_type="accounts.user",
        object_ids=[person_id],
        summary=f"Removed from the roster of training session {session_id}",
        detail={"session": session_id, "records_removed": removed},
    )


def _needs_pks(objects) -> bool:
    return any(obj.pk is None for obj in objects)


def _add_session_records(session: TrainingSession, attendances: list[Attendance], topics: list[Topic]) -> None:
    """One record per attendee and topic, unless the same completion (person,
    topic, day) is already recorded, e.g. by an import."""
    if not attendances or not topics:
        return
    people = [a.attendee_id for a in attendances]
    existing = set(
        TrainingRecord.objects.filter(person_id__in=people, topic__in=topics, completed_on=session.held_on).values_list(
            "person_id", "topic_id"
        )
    )
    records = []
    for attendance in attendances:
        for topic in topics:
            if (attendance.attendee_id, topic.pk) in existing:
                continue
            record = TrainingRecord(
                person_id=attendance.attendee_id,
                topic=topic,
                completed_on=session.held_on,
                expires_on=topic.expiry_for(session.held_on),
                source=TrainingRecord.Source.SESSION,
                attendance=attendance,
                created_by=attendance.recorded_by,
            )
            # Uniqueness was checked above in one query and the database enforces it.
            record.full_clean(validate_unique=False, validate_constraints=False)
            records.append(record)
    TrainingRecord.objects.bulk_create(records)
