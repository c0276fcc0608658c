"""A budget of requests per client address, kept in the shared cache.

Fixed windows counted with cache.add and cache.incr, which Redis does
atomically, so every web process shares one count. (django-ratelimit does the
same, but its system check refuses Django's own Redis cache backend, which
this site uses.) Without Redis the count is per process, like the cache."""

import hashlib
import time

from django.core.cache import cache

from .request_context import client_ip


def spend(request, *, scope: str, limit: int, seconds: int) -> bool:
    """Count one request of this address against `limit` per `seconds`; False once it is spent."""
    window = int(time.time() // seconds)
    address = client_ip(request) or "unknown"
    # The address is hashed: the cache holds no one's IP address in the clear.
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"rate:{scope}:{window}:{digest}"
    if cache.add(key, 1, timeout=seconds + 5):
        return limit >= 1
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window expired between add and incr
        cache.add(key, 1, timeout=seconds + 5)
        return limit >= 1
