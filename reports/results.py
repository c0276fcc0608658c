"""The figures each page shows, computed for one user's scope and filters and
kept in the cache. The key names the scope (the program, or a set of units),
never only the user, so a sergeant can never be handed figures computed for
someone who sees more.

Figures over a large program take a second or more to compute, so the cache
also keeps a crowd from computing them at once: when nothing is cached, one
request computes while the others wait for its result; when the figures are
older than LEAD_REPORT_CACHE_SECONDS, one request recomputes them while the
others are answered with the previous figures."""

import contextlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

from .figures.discretion import Discretion, discretion
from .figures.equity import EquityTable, equity
from .filters import ReportFilters
from .sections import ReportQuery, registered
from .selectors import ReportScope, referrals_in_scope

CACHE_VERSION = 2
LOCK_SECONDS = 60
# Previous figures are kept this many times longer than they are fresh, to be
# served only while one request computes the new ones.
STALE_FACTOR = 10
WAIT_STEP_SECONDS = 0.05

logger = logging.getLogger(__name__)


class _CacheDown(Exception):
    """The cache could not be reached (Redis down): figures are computed for
    this request alone, slower but never a failed page."""


def _cache(method: str, *args):
    try:
        return getattr(cache, method)(*args)
    except Exception as error:  # the backend's connection errors vary by client
        raise _CacheDown(repr(error)) from error


def report_query(user, scope: ReportScope, filters: ReportFilters) -> ReportQuery:
    referrals = referrals_in_scope(user, scope)
    return ReportQuery(
        user=user,
        scope=scope,
        filters=filters,
        referrals=filters.apply(referrals),
        referrals_any_date=filters.apply_without_dates(referrals),
    )


def cached(name: str, scope: ReportScope, filters: ReportFilters, compute):
    """compute(), cached per (name, scope, filters); see the module docstring."""
    seconds = settings.LEAD_REPORT_CACHE_SECONDS
    if not seconds:
        return compute()
    key = f"reports:{CACHE_VERSION}:{name}:{scope.cache_key}:{filters.cache_key}"
    try:
        return _cached(key, f"{key}:computing", compute, seconds)
    except _CacheDown as error:
        logger.warning("report cache unavailable (%s): figures computed for this request", error)
        return compute()


def _cached(key: str, lock: str, compute, seconds: int):
    entry = _cache("get", key)
    if entry is not None:
        fresh_until, value = entry
        if time.time() < fresh_until or not _cache("add", lock, 1, LOCK_SECONDS):
            return value
        return _compute_and_keep(key, lock, compute, seconds)
    if _cache("add", lock, 1, LOCK_SECONDS):
        entry = _cache("get", key)  # kept by a request that finished since this one looked
        if entry is not None:
            _forget(lock)
            return entry[1]
        return _compute_and_keep(key, lock, compute, seconds)
    deadline = time.monotonic() + LOCK_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        entry = _cache("get", key)
        if entry is not None:
            return entry[1]
    return _compute_and_keep(key, lock, compute, seconds)  # whoever held the lock gave up


def _compute_and_keep(key: str, lock: str, compute, seconds: int):
    try:
        value = compute()
    except BaseException:
        _forget(lock)
        raise
    try:
        _cache("set", key, (time.time() + seconds, value), seconds * STALE_FACTOR)
    except _CacheDown as error:
        logger.warning("report cache unavailable (%s): figures not kept", error)
    _forget(lock)
    return value


def _forget(lock: str) -> None:
    with contextlib.suppress(_CacheDown):  # else the lock expires by itself after LOCK_SECONDS
        _cache("delete", lock)


def dashboard_sections(user, scope: ReportScope, filters: ReportFilters) -> list[dict]:
    query = report_query(user, scope, filters)
    # Plain values only, so what is cached (pickled in Redis) holds no functions.
    return [
        {
            "key": section.key,
            "title": section.title,
            "description": section.description,
            "figures": section.figures(query),
        }
        for section in registered()
    ]


def discretion_figures(user, scope: ReportScope, filters: ReportFilters) -> Discretion:
    return cached("discretion", scope, filters, lambda: discretion(report_query(user, scope, filters).referrals))


def equity_figures(user, scope: ReportScope, filters: ReportFilters) -> tuple[EquityTable, ...]:
    return cached("equity", scope, filters, lambda: equity(report_query(user, scope, filters).referrals))
