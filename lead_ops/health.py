"""/health/: liveness and readiness for monitoring. Reports the database, the
cache and the Celery broker; 503 when any of them is down."""

import logging
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("value written to the cache could not be read back")
    cache.delete(key)
    return "ok"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "not used: tasks run in-process (no REDIS_URL)"
    from lead_ops.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


@login_not_required
@never_cache
@require_GET
def health(request):
    results, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = {"ok": True, "detail": check()}
        except Exception as error:  # noqa: BLE001  (any failure means "down")
            # The page is public: say what is down, keep the details in the log.
            logger.warning("health check %s failed: %r", name, error)
            healthy = False
            results[name] = {"ok": False, "detail": type(error).__name__}
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results}, status=200 if healthy else 503
    )


@login_not_required
@require_GET
def page(request):
    """A page through the full middleware stack and the base template, with no
    database query: what this machine can serve at best (the benchmark's baseline)."""
    return render(request, "health/page.html")
