"""Error pages that need more than a template."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render


def bad_request(request, exception):
    """handler400: a request body over LEAD_MAX_REQUEST_MB is 413 Content Too Large, with its own message."""
    too_big = isinstance(exception, RequestDataTooBig)
    context = {"too_big": too_big, "limit_mb": settings.LEAD_MAX_REQUEST_MB}
    return render(request, "400.html", context, status=413 if too_big else 400)
