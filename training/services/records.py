"""Writes about individual training records and protocol acknowledgements."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from lead_ops import audit
from lead_ops.accounts.models import User
from lead_ops.accounts.roles import POLICE_ROLES
from lead_ops.audit.models import AuditEvent
from lead_ops.protocol.models import ProtocolVersion

from ..models import ProtocolAcknowledgement, Topic, TrainingRecord

# --- Records ------------------------------------------------------------------------------


@transaction.atomic
def training_record_create(
    *,
    person: User,
    topic: Topic,
    completed_on: date,
    source: str = TrainingRecord.Source.MANUAL,
    note: str = "",
    record_import=None,
    actor=None,
) -> TrainingRecord:
    record = TrainingRecord(
        person=person,
        topic=topic,
        completed_on=completed_on,
        expires_on=topic.expiry_for(completed_on) if completed_on else None,
        source=source,
        note=note.strip(),
        record_import=record_import,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record.full_clean()
    record.save()
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        target=record,
        summary=f"Training record for user {person.pk}",
        detail={"person": person.pk, "topic": topic.pk, "completed_on": completed_on.isoformat()},
    )
    return record


@transaction.atomic
def training_record_update(*, record: TrainingRecord, completed_on: date, note: str = "", actor=None) -> TrainingRecord:
    """Correct a manual or imported record. A session's records follow the
    session: change the session instead."""
    record = TrainingRecord.objects.select_for_update().select_related("topic").get(pk=record.pk)
    if record.attendance_id:
        raise ValidationError("This record comes from a training session's roster; change the session instead.")
    record.completed_on, record.note = completed_on, note.strip()
    record.expires_on = record.topic.expiry_for(completed_on)
    record.full_clean()
    record.save()
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        target=record,
        detail={"person": record.person_id, "completed_on": completed_on.isoformat()},
    )
    return record


@transaction.atomic
def training_record_delete(*, record: TrainingRecord, actor=None) -> None:
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    if record.attendance_id:
        raise ValidationError("This record comes from a training session's roster; remove the person from it instead.")
    pk, person_id = record.pk, record.person_id
    record.delete()
    audit.record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        object_type="training.trainingrecord",
        object_ids=[pk],
        detail={"person": person_id},
    )


# --- Protocol acknowledgements ------------------------------------------------------------


@transaction.atomic
def protocol_acknowledgement_record(*, user: User, version: ProtocolVersion) -> ProtocolAcknowledgement:
    """An officer or sergeant says they have read a published protocol version.
    Saying so twice (a double click) keeps the first acknowledgement."""
    if not user.has_role(*POLICE_ROLES):
        raise ValidationError("Only officers and sergeants acknowledge the operational protocol.")
    if not version.is_published:
        raise ValidationError(
            f"Protocol version {version.number} is a draft; only published versions are acknowledged."
        )
    User.objects.select_for_update().filter(pk=user.pk).first()  # one acknowledgement at a time per person
    existing = ProtocolAcknowledgement.objects.filter(user=user, version=version).first()
    if existing is not None:
        return existing
    acknowledgement = ProtocolAcknowledgement(user=user, version=version)
    acknowledgement.full_clean()
    acknowledgement.save()
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=user,
        target=acknowledgement,
        summary=f"Acknowledged protocol version {version.number}",
    )
    return acknowledgement
