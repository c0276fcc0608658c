"""Two sergeants approve the same decision at the same moment, in two gunicorn
processes on two database connections: one review is recorded, and the other
sergeant is told who was first."""

from functools import partial

import pytest

from .browser import QUEUE_ROW, referral_form
from .timing import at_once

pytestmark = [pytest.mark.faults, pytest.mark.xdist_group("faults")]

RACES = 8


def test_two_sergeants_approving_one_decision_record_one_review(stack, sql, world, browser, declined_reason):
    stack.gunicorn(workers=2, threads=1)  # two processes: the race crosses them
    officers, (first, second) = world["units"][0]
    for number in range(RACES):
        filed = browser(officers[number % len(officers)]).post(
            "/referrals/new/", referral_form(declined_reason=declined_reason)
        )
        assert filed.status == 302
    sergeants = [browser(first), browser(second)]
    waiting = QUEUE_ROW.findall(sergeants[0].get("/reviews/").text)
    assert len(waiting) == RACES

    for referral, decision in waiting:
        form = {f"r{referral}-decision_id": decision, f"r{referral}-action": "approve", f"r{referral}-comment": ""}
        path, htmx = f"/reviews/{referral}/", {"HX-Request": "true"}
        replies = at_once([partial(sergeant.post, path, form, headers=htmx) for sergeant in sergeants])
        assert [reply.status for reply in replies] == [200, 200], replies
        told = [reply for reply in replies if "Already reviewed by" in reply.text]
        assert len(told) == 1, f"referral {referral}: exactly one sergeant is told the other was first"

    per_decision = sql("SELECT decision_id, count(*) FROM referrals_review GROUP BY decision_id")
    assert len(per_decision) == RACES and {count for _, count in per_decision} == {1}
    assert sql("SELECT DISTINCT status FROM referrals_referral") == [("closed",)]
