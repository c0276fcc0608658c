"""Error pages. A refusal is also a line in the audit trail (CJIS: audit access
attempts), written here once for every view, whichever way it refused."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.shortcuts import render
from django.views import defaults

from lead_ops import audit
from lead_ops.audit.models import AuditEvent


class NotVisible(Http404):
    """A record exists but is not the user's to see. The user gets the same 404
    as for a record that does not exist; the audit trail records the attempt."""

    def __init__(self, object_type: str, object_id, message: str = "Not found"):
        super().__init__(message)
        self.object_type = object_type
        self.object_id = object_id


def denial_record(request, reason: str, object_type: str = "", object_ids=()) -> None:
    user = getattr(request, "user", None)
    audit.record(
        action=AuditEvent.Action.PERMISSION_DENIED,
        actor=user,
        outcome=AuditEvent.Outcome.DENIED,
        object_type=object_type,
        object_ids=object_ids,
        summary=f"{request.method} {request.path}"[:255],
        detail={"reason": reason[:200]},
    )


def permission_denied(request, exception=None):
    denial_record(request, str(exception or "permission denied"))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if isinstance(exception, NotVisible):
        denial_record(request, "not visible to this user", exception.object_type, [exception.object_id])
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    """handler400: a request body over LEAD_MAX_REQUEST_MB is 413 Content Too Large, with its own message."""
    too_big = isinstance(exception, RequestDataTooBig)
    context = {"too_big": too_big, "limit_mb": settings.LEAD_MAX_REQUEST_MB}
    return render(request, "400.html", context, status=413 if too_big else 400)
