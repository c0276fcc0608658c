"""Who is asking, from where: carried for the length of a request so the audit
trail can record it without every service taking a request argument."""

import contextvars
import re
import time
import uuid
from dataclasses import dataclass

from django.conf import settings

_REQUEST_ID_SHAPE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str | None
    path: str


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("lead_ops_request", default=None)


def current() -> RequestContext | None:
    return _current.get()


def client_ip(request) -> str | None:
    # Only a header that the site's trusted proxy overwrites may be believed;
    # anything else a client sends could be forged.
    if settings.LEAD_CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.LEAD_CLIENT_IP_HEADER, "")
        candidate = forwarded.split(",")[0].strip()
        if candidate:
            return candidate
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID_SHAPE.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(RequestContext(request_id=request_id, ip_address=client_ip(request), path=request.path))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request_id
        # Server time for this request, readable by browsers' dev tools and the form benchmark.
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response
