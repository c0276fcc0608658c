"""Writes for the CSV import of historic training records: store the file
with its preview, then apply it, all or nothing."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lead_ops import audit
from lead_ops.audit.models import AuditEvent

from ..imports import ImportPreview, preview, read_upload
from ..models import RecordImport, TrainingRecord


@transaction.atomic
def record_import_upload(*, upload, actor) -> tuple[RecordImport, ImportPreview]:
    """Keep an uploaded CSV and judge its rows (a dry run: no record is saved).
    A file that cannot be read at all is refused and not kept."""
    try:
        text = read_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    result = preview(text)
    record_import = RecordImport(
        filename=upload.name[:200],
        content=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        row_count=len(result.rows),
        error_count=result.error_count,
        uploaded_by=actor,
    )
    record_import.full_clean()
    record_import.save()
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        target=record_import,
        summary=f"Training records file uploaded for preview: {record_import.filename}",
        detail={"rows": record_import.row_count, "errors": record_import.error_count},
    )
    return record_import, result


@transaction.atomic
def record_import_apply(*, record_import: RecordImport, actor) -> list[TrainingRecord]:
    """Save every new record of a previewed file. The rows are judged again at
    this moment; if any is in error nothing is saved. Rows already recorded
    (the same person, topic and date) are skipped, so importing the same file
    twice adds nothing."""
    record_import = RecordImport.objects.select_for_update().get(pk=record_import.pk)
    if record_import.is_applied:
        raise ValidationError(
            f"This file was already imported on {timezone.localtime(record_import.applied_at):%Y-%m-%d %H:%M}."
        )
    result = preview(record_import.content)
    if result.error_count:
        raise ValidationError(
            f"{result.error_count} row{'s' if result.error_count != 1 else ''} "
            f"{'have' if result.error_count != 1 else 'has'} errors, so nothing was imported. "
            "Correct the file and upload it again."
        )
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    records = []
    for row in result.ready:
        record = TrainingRecord(
            person=row.person,
            topic=row.topic,
            completed_on=row.completed_on,
            expires_on=row.topic.expiry_for(row.completed_on),
            source=TrainingRecord.Source.IMPORT,
            record_import=record_import,
            note=row.note,
            created_by=created_by,
        )
        # Uniqueness was judged in the preview, in this transaction; the database enforces it too.
        record.full_clean(validate_unique=False, validate_constraints=False)
        records.append(record)
    try:
        with transaction.atomic():
            records = TrainingRecord.objects.bulk_create(records, batch_size=500)
    except IntegrityError:
        raise ValidationError(
            "Some of these records were added by someone else just now; nothing was imported. Preview the file again."
        ) from None
    record_import.applied_at, record_import.applied_by = timezone.now(), created_by
    record_import.created_count = len(records)
    record_import.save(update_fields=["applied_at", "applied_by", "created_count"])
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        object_type="accounts.user",
        object_ids=sorted({row.person.pk for row in result.ready}),
        summary=f"Imported {len(records)} training records from {record_import.filename}",
        detail={"import": record_import.pk, "skipped_already_recorded": len(result.already_recorded)},
    )
    return records
