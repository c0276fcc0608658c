"""Redis stops while officers file referrals. Every referral is saved; the
sergeants' notifications wait in the database outbox and are e-mailed once
Redis is back: none lost, none doubled."""

import pytest

from .browser import referral_form
from .mail import sent_messages
from .timing import at_once, eventually

pytestmark = [pytest.mark.faults, pytest.mark.xdist_group("faults")]

SWEEP = "lead_ops.notifications.tasks.notifications_deliver_pending"


def test_referrals_filed_while_redis_is_down_are_saved_and_notified_once(
    stack, redis, sql, world, browser, declined_reason
):
    stack.gunicorn()
    stack.worker()
    officers = [name for unit_officers, _ in world["units"][:4] for name in unit_officers]
    browsers = {name: browser(name) for name in officers}

    def file(username):
        response = browsers[username].post("/referrals/new/", referral_form(declined_reason=declined_reason))
        return response.status, response.location

    def outbox():
        return dict(sql("SELECT email_status, count(*) FROM notifications_notification GROUP BY email_status"))

    # Redis up: filed, and each of the unit's two sergeants e-mailed through the worker.
    assert {file(name)[0] for name in officers[:3]} == {302}
    eventually(lambda: len(sent_messages(stack.mail_dir)) == 6, seconds=30, what="6 e-mails", detail=outbox)

    redis.stop()
    filed = at_once([lambda name=name: file(name) for name in officers])
    assert [status for status, _ in filed] == [302] * len(officers), filed
    # The officer lands on the referral they filed: pages work without Redis.
    landing = browsers[officers[0]].get(filed[0][1])
    assert landing.status == 200 and "Referral filed" in landing.text

    waiting = 2 * len(officers)
    assert sql("SELECT count(*) FROM referrals_referral")[0][0] == 3 + len(officers)
    assert outbox() == {"sent": 6, "pending": waiting}
    assert len(sent_messages(stack.mail_dir)) == 6

    redis.start()  # empty, as after a crash: whatever was queued is gone; the outbox is not
    # The sweep sends what is a minute old; age the outbox rather than wait for the clock.
    sql("UPDATE notifications_notification SET created_at = created_at - interval '2 minutes'")
    client = stack.celery_client()
    assert client.send_task(SWEEP).get(timeout=60) == waiting
    assert client.send_task(SWEEP).get(timeout=60) == 0, "a second sweep sends nothing again"

    assert outbox() == {"sent": 6 + waiting}
    expected = sql(
        "SELECT u.email, '[LEAD Ops] ' || n.subject FROM notifications_notification n "
        "JOIN accounts_user u ON u.id = n.recipient_id"
    )
    sent = sent_messages(stack.mail_dir)
    assert sorted(sent) == sorted(expected), "every notification e-mailed exactly once"
    assert sql("SELECT max(email_attempts) FROM notifications_notification")[0][0] == 1
