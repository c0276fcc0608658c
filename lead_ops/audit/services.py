"""Writing the audit trail."""

from collections.abc import Iterable

from django.db import models

from lead_ops import request_context

from .models import AuditEvent


def _ids_text(ids: Iterable) -> str:
    ids = [str(i) for i in ids]
    return f",{','.join(ids)}," if ids else ""


def audit_event_record(
    *,
    action: str,
    actor=None,
    actor_username: str = "",
    target: models.Model | None = None,
    targets: Iterable[models.Model] = (),
    object_type: str = "",
    object_ids: Iterable = (),
    outcome: str = AuditEvent.Outcome.SUCCESS,
    summary: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Append one AuditEvent. Reads count as much as writes (CJIS: audit access
    to records), so list views pass every id they showed."""
    targets = [target, *targets] if target is not None else list(targets)
    ids = [t.pk for t in targets] or list(object_ids)
    if targets and not object_type:
        object_type = targets[0]._meta.label_lower
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    context = request_context.current()
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=actor_username or (actor.get_username() if actor else ""),
        action=action,
        object_type=object_type,
        object_ids=_ids_text(ids),
        outcome=outcome,
        summary=summary[:255],
        detail=detail or {},
        ip_address=context.ip_address if context else None,
        request_id=context.request_id if context else "",
    )


def audit_events_purge(*, before, actor=None) -> int:
    """Remove audit events older than `before` (the retention purge). The
    database allows it only inside this transaction and only before the cutoff;
    the purge itself is recorded."""
    from django.db import connection, transaction

    from .db_guard import purge_window

    with transaction.atomic():
        opening, closing = purge_window(connection.vendor, before.isoformat())
        with connection.cursor() as cursor:
            for statement in opening:
                cursor.execute(statement)
        removed, _ = AuditEvent.objects.filter(occurred_at__lt=before).delete()
        with connection.cursor() as cursor:
            for statement in closing:
                cursor.execute(statement)
    audit_event_record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        object_type="audit.auditevent",
        summary=f"Retention purge: {removed} audit events before {before:%Y-%m-%d}",
        detail={"removed": removed, "before": before.isoformat()},
    )
    return removed


def audited_save(*, instance: models.Model, actor=None, changed: Iterable[str] = ()) -> models.Model:
    """Validate and save one row, and audit it: the core of every service that
    writes a settings-like row (a unit, a route, an offense) with no rule of its
    own beyond the model's. Callers wrap it in their transaction."""
    creating = instance._state.adding
    instance.full_clean()
    instance.save()
    audit_event_record(
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        actor=actor,
        target=instance,
        detail={"fields": sorted(changed)} if changed else None,
    )
    return instance
