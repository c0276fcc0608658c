"""PostgreSQL restarts under the running app. Every gunicorn thread holds a
persistent connection (CONN_MAX_AGE) that the restart has cut; the next
requests find that out before using it (CONN_HEALTH_CHECKS), connect again and
succeed: no 5xx, no restart of the app."""

import pytest

from .browser import referral_form
from .timing import at_once

pytestmark = [pytest.mark.faults, pytest.mark.xdist_group("faults")]

THREADS = 4  # 2 workers x 2 threads


def test_requests_after_a_postgres_restart_succeed(stack, sql, world, browser, private_postgres):
    stack.gunicorn(workers=2, threads=2)
    officers = world["units"][0][0][:THREADS]

    def use_the_app():
        # Enough at once that every gunicorn thread serves some of it.
        calls = [lambda name=name: browser(name).get("/") for name in officers * 3]
        calls += [lambda name=name: browser(name).post("/referrals/new/", referral_form()) for name in officers]
        return sorted({reply.status for reply in at_once(calls)})

    assert use_the_app() == [200, 302]
    app_connections = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    assert sql(app_connections)[0][0] >= 2, "the app keeps its connections between requests"
    started = sql("SELECT pg_postmaster_start_time()")[0][0]

    private_postgres.pg_ctl("restart")
    assert sql("SELECT pg_postmaster_start_time()")[0][0] > started

    assert use_the_app() == [200, 302]
    assert sql("SELECT count(*) FROM referrals_referral") == [(2 * THREADS,)]
