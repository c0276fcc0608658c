"""Who is calling and what they may do: the OAuth 2.0 token's client and
scopes, a rate limit per client, every call audited with the client as the
actor, and every error as RFC 9457 problem details."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView, exception_handler

from lead_ops import audit
from lead_ops.audit.models import AuditEvent

from .permissions import HasScope, client_of
from .services import Unprocessable

PROBLEM = "application/problem+json"


class PerClientThrottle(SimpleRateThrottle):
    """Each client's own budget of requests a minute (IntegrationClient.requests_per_minute)."""

    scope = "client"

    def get_rate(self):
        return "120/min"  # replaced per request in allow_request

    def allow_request(self, request, view):
        client = client_of(request)
        if client is None:
            return True  # refused by the permission anyway
        self.num_requests, self.duration = client.requests_per_minute, 60
        # The OAuth client id, not the row id: a row id is reused after a rollback or a reset.
        self.key = f"api-throttle:{client.application.client_id}"
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()


class ClientView(APIView):
    """Every API view: token authentication, the scope it names, the client's
    rate limit, and an audit event for every call, refused ones included."""

    authentication_classes = [OAuth2Authentication]
    permission_classes = [HasScope]
    throttle_classes = [PerClientThrottle]
    required_scope = ""
    audit_action = AuditEvent.Action.VIEW

    def initial(self, request, *args, **kwargs):
        self.audit_targets = []
        self.audit_type = ""
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        client = client_of(request)
        code = response.status_code
        if code < 400:
            action, outcome = self.audit_action, AuditEvent.Outcome.SUCCESS
        elif code in (401, 403, 429):
            action, outcome = AuditEvent.Action.PERMISSION_DENIED, AuditEvent.Outcome.DENIED
        else:
            action, outcome = self.audit_action, AuditEvent.Outcome.FAILURE
        audit.record(
            action=action,
            actor_username=client.audit_name if client else "api-client:unknown",
            targets=getattr(self, "audit_targets", []) if code < 400 else [],
            object_type=getattr(self, "audit_type", ""),
            outcome=outcome,
            summary=f"API {request.method} {request.path} → {code}"[:255],
            detail={"client": client.pk if client else None, "status": code},
        )
        return response


TITLES = {
    400: "Invalid request",
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    415: "Unsupported media type",
    422: "Cannot be processed",
    429: "Too many requests",
}


def problem_handler(exc, context):
    """DRF's errors, and our services' refusals, as problem details (RFC 9457)."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    elif isinstance(exc, Unprocessable):
        return _problem(422, str(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    body = {"type": "about:blank", "title": TITLES.get(response.status_code, "Error"), "status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = "Some fields are not valid; see errors."
        body["errors"] = data if isinstance(data, dict) else {"detail": data}
    else:
        body["detail"] = str(data.get("detail", "")) if isinstance(data, dict) else str(data)
    response.data = body
    response.content_type = PROBLEM
    return response


def _problem(code: int, detail: str) -> Response:
    response = Response(
        {"type": "about:blank", "title": TITLES.get(code, "Error"), "status": code, "detail": detail}, status=code
    )
    response.content_type = PROBLEM
    return response


__all__ = ["ClientView", "HasScope", "PerClientThrottle", "client_of", "problem_handler"]
