"""Fifty officers at once file a thousand referrals against gunicorn: exactly a
thousand rows, not a request answered with a 5xx."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from .browser import referral_form

pytestmark = [pytest.mark.faults, pytest.mark.xdist_group("faults")]

REFERRALS = 1000


def test_fifty_officers_file_a_thousand_referrals(stack, sql, world, browser):
    stack.gunicorn(workers=3, threads=4)
    officers = list(world["officers"])
    assert len(officers) == 50
    each = REFERRALS // len(officers)

    def officer_files(name):
        me = browser(name)
        return [me.post("/referrals/new/", referral_form()).status for _ in range(each)]

    with ThreadPoolExecutor(max_workers=len(officers)) as pool:
        statuses = [status for batch in pool.map(officer_files, officers) for status in batch]

    assert [s for s in statuses if s >= 500] == [], "no 5xx"
    assert statuses == [302] * REFERRALS
    assert sql("SELECT count(*) FROM referrals_referral") == [(REFERRALS,)]
    assert sql("SELECT count(DISTINCT client_token) FROM referrals_referral") == [(REFERRALS,)]
