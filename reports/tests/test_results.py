"""The figure cache: fresh figures reused, stale ones recomputed by one request
while the others get the previous figures, and a crowd on an empty cache
waiting for one computation instead of each running it."""

import threading
from datetime import date

import pytest
from django.core.cache import cache

from reports import results
from reports.filters import ReportFilters
from reports.selectors import ReportScope

SCOPE = ReportScope(user_id=1, unit_ids=None)
FILTERS = ReportFilters(date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(results.time, "time", lambda: now[0])
    return now


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"figures {self.calls}"


def test_fresh_figures_are_reused(settings, clock):
    settings.LEAD_REPORT_CACHE_SECONDS = 60
    compute = Counter()

    assert results.cached("page", SCOPE, FILTERS, compute) == "figures 1"
    clock[0] += 59
    assert results.cached("page", SCOPE, FILTERS, compute) == "figures 1"
    assert compute.calls == 1


def test_another_scope_or_filter_is_another_entry(settings):
    settings.LEAD_REPORT_CACHE_SECONDS = 60
    compute = Counter()
    units = ReportScope(user_id=1, unit_ids=(3,))

    results.cached("page", SCOPE, FILTERS, compute)
    results.cached("page", units, FILTERS, compute)
    results.cached("page", SCOPE, ReportFilters(date_from=date(2026, 1, 1), date_to=date(2026, 1, 30)), compute)

    assert compute.calls == 3


def test_stale_figures_are_recomputed_by_one_request_and_served_to_the_others(settings, clock):
    settings.LEAD_REPORT_CACHE_SECONDS = 60
    compute = Counter()
    results.cached("page", SCOPE, FILTERS, compute)
    clock[0] += 61
    key = f"reports:{results.CACHE_VERSION}:page:{SCOPE.cache_key}:{FILTERS.cache_key}"
    cache.add(f"{key}:computing", 1)  # another request is recomputing

    assert results.cached("page", SCOPE, FILTERS, compute) == "figures 1"
    cache.delete(f"{key}:computing")
    assert results.cached("page", SCOPE, FILTERS, compute) == "figures 2"
    assert compute.calls == 2


def test_a_crowd_on_an_empty_cache_waits_for_one_computation(settings):
    settings.LEAD_REPORT_CACHE_SECONDS = 60
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow():
        calls.append(1)
        started.set()
        release.wait(5)
        return "figures"

    answers = []
    first = threading.Thread(target=lambda: answers.append(results.cached("page", SCOPE, FILTERS, slow)))
    first.start()
    started.wait(5)
    others = [
        threading.Thread(target=lambda: answers.append(results.cached("page", SCOPE, FILTERS, slow))) for _ in range(3)
    ]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join(10)

    assert answers == ["figures"] * 4
    assert len(calls) == 1


def test_figures_kept_just_after_this_request_looked_are_not_computed_again(settings, monkeypatch):
    """The request that computed finished between this one's look and its lock."""
    settings.LEAD_REPORT_CACHE_SECONDS = 60
    results.cached("page", SCOPE, FILTERS, Counter())  # kept: "figures 1"
    real, looks = results._cache, []

    def first_look_misses(method, *args):
        if method == "get" and not looks:
            looks.append(args)
            return None
        return real(method, *args)

    monkeypatch.setattr(results, "_cache", first_look_misses)
    compute = Counter()

    assert results.cached("page", SCOPE, FILTERS, compute) == "figures 1"
    assert compute.calls == 0


def test_a_cache_time_of_zero_computes_every_time(settings):
    settings.LEAD_REPORT_CACHE_SECONDS = 0
    compute = Counter()

    results.cached("page", SCOPE, FILTERS, compute)
    results.cached("page", SCOPE, FILTERS, compute)

    assert compute.calls == 2


def test_a_failed_computation_releases_the_lock(settings):
    settings.LEAD_REPORT_CACHE_SECONDS = 60

    def broken():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        results.cached("page", SCOPE, FILTERS, broken)
    assert results.cached("page", SCOPE, FILTERS, Counter()) == "figures 1"


class UnreachableCache:
    """A cache whose server is down: every call fails as a Redis client would."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return fail


def test_figures_are_computed_when_the_cache_is_down(settings, monkeypatch):
    settings.LEAD_REPORT_CACHE_SECONDS = 60
    monkeypatch.setattr(results, "cache", UnreachableCache())
    compute = Counter()

    assert results.cached("page", SCOPE, FILTERS, compute) == "figures 1"
    assert results.cached("page", SCOPE, FILTERS, compute) == "figures 2"


def test_the_dashboard_answers_while_the_cache_is_down(client, analyst, settings, monkeypatch):
    from reports import filters

    settings.LEAD_REPORT_CACHE_SECONDS = 60
    monkeypatch.setattr(results, "cache", UnreachableCache())
    monkeypatch.setattr(filters, "cache", UnreachableCache())
    client.force_login(analyst)

    response = client.get("/reports/")

    assert response.status_code == 200 and b"Use of the program" in response.content
