"""The same referral form posted twice (a double tap, a resend after a timeout),
at the same moment and again later: one referral, one person, and every post
lands the officer on it."""

import uuid
from functools import partial

import pytest

from .browser import Browser, referral_form
from .timing import at_once

pytestmark = [pytest.mark.faults, pytest.mark.xdist_group("faults")]

FORMS = 10


def test_one_form_posted_twice_files_one_referral(stack, sql, world):
    stack.gunicorn()
    officer = world["units"][0][0][0]
    for _ in range(FORMS):
        token = uuid.uuid4()
        form = referral_form(token=token)
        # Two tabs of one officer: one session, both with the CSRF cookie already.
        tabs = [Browser(stack.port, world["officers"][officer]) for _ in range(2)]
        for tab in tabs:
            tab.get("/health/page/")
        replies = at_once([partial(tab.post, "/referrals/new/", form) for tab in tabs])
        replies.append(tabs[0].post("/referrals/new/", form))
        assert [reply.status for reply in replies] == [302, 302, 302], replies
        assert len({reply.location for reply in replies}) == 1, "every post lands on the same referral"
        assert replies[0].location.startswith("/referrals/")
        assert sql("SELECT count(*) FROM referrals_referral WHERE client_token = %s", (str(token),)) == [(1,)]
        assert sql("SELECT count(*) FROM referrals_person WHERE first_name = %s", (form["first_name"],)) == [(1,)]
    assert sql("SELECT count(*) FROM referrals_referral") == [(FORMS,)]
