"""Permission checks for training views: a refusal is a clear 403 page and an
audit event (CJIS: least privilege, audit of access attempts)."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from lead_ops import audit
from lead_ops.audit.models import AuditEvent


def refuse(request, reason: str):
    # The 403 handler (lead_ops.errors) writes the audit event for every refusal.
    return PermissionDenied(reason)


def permission_required(perm: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise refuse(request, f"needs {perm}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def audit_people_shown(request, people_ids, summary: str, **detail) -> None:
    """Reading other people's training records is itself recorded."""
    audit.record(
        action=AuditEvent.Action.LIST,
        actor=request.user,
        object_type="accounts.user",
        object_ids=sorted(people_ids),
        summary=summary,
        detail=detail,
    )
