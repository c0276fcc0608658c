"""The audit trail. `record()` is the one way to write an AuditEvent."""


def record(**kwargs):
    from .services import audit_event_record

    return audit_event_record(**kwargs)
