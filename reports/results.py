"""The figures each page shows, computed for one user's scope and filters and
kept in the cache for LEAD_REPORT_CACHE_SECONDS. The key names the scope (the
program, or a set of units), never only the user, so a sergeant can never be
handed figures computed for someone who sees more."""

from django.conf import settings
from django.core.cache import cache

from .figures.discretion import Discretion, discretion
from .figures.equity import EquityTable, equity
from .filters import ReportFilters
from .sections import ReportQuery, registered
from .selectors import ReportScope, referrals_in_scope

CACHE_VERSION = 1


def report_query(user, scope: ReportScope, filters: ReportFilters) -> ReportQuery:
    referrals = referrals_in_scope(user, scope)
    return ReportQuery(
        user=user,
        scope=scope,
        filters=filters,
        referrals=filters.apply(referrals),
        referrals_any_date=filters.apply_without_dates(referrals),
    )


def _cached(page: str, scope: ReportScope, filters: ReportFilters, compute):
    seconds = settings.LEAD_REPORT_CACHE_SECONDS
    if not seconds:
        return compute()
    key = f"reports:{CACHE_VERSION}:{page}:{scope.cache_key}:{filters.cache_key}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def dashboard_sections(user, scope: ReportScope, filters: ReportFilters) -> list[dict]:
    def compute():
        query = report_query(user, scope, filters)
        # Plain values only, so the cache (pickled in Redis) holds no functions.
        return [
            {
                "key": section.key,
                "title": section.title,
                "description": section.description,
                "figures": section.figures(query),
            }
            for section in registered()
        ]

    return _cached("dashboard", scope, filters, compute)


def discretion_figures(user, scope: ReportScope, filters: ReportFilters) -> Discretion:
    return _cached("discretion", scope, filters, lambda: discretion(report_query(user, scope, filters).referrals))


def equity_figures(user, scope: ReportScope, filters: ReportFilters) -> tuple[EquityTable, ...]:
    return _cached("equity", scope, filters, lambda: equity(report_query(user, scope, filters).referrals))
