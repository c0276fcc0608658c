"""A Celery worker killed (SIGKILL) in the middle of a task: the task is run
again and completes exactly once. The task here is the e-mail of a
notification, held mid-send (mail.py) until the kill; each of the two sergeants
told of the referral gets one e-mail, not none and not two."""

import os
import signal
import time
from pathlib import Path

import pytest

from tests.processes import stop

from .browser import referral_form
from .mail import HOLD_ENV, sent_messages
from .timing import eventually

pytestmark = [pytest.mark.faults, pytest.mark.xdist_group("faults")]

SEND = "lead_ops.notifications.tasks.notification_email_send"


@pytest.fixture
def hold(tmp_path):
    """While this file exists, whoever sends e-mail stops mid-send and writes its pid to hold.taken."""
    path = tmp_path / "hold"
    path.touch()
    return path


def _file_a_referral_two_sergeants_hear_of(browser, world, declined_reason) -> None:
    officer = world["units"][0][0][0]
    assert browser(officer).post("/referrals/new/", referral_form(declined_reason=declined_reason)).status == 302


def _wait_for_the_sender(hold: Path) -> int:
    taken = Path(f"{hold}.taken")
    eventually(taken.exists, seconds=30, what="the worker started sending the e-mail")
    return int(taken.read_text())


def _assert_each_sent_once(stack, sql) -> None:
    def statuses():
        return sql("SELECT email_status, email_attempts FROM notifications_notification ORDER BY id")

    eventually(lambda: statuses() == [("sent", 1), ("sent", 1)], seconds=60, what="both e-mails sent", detail=statuses)
    expected = sql(
        "SELECT u.email, '[LEAD Ops] ' || n.subject FROM notifications_notification n "
        "JOIN accounts_user u ON u.id = n.recipient_id"
    )
    assert sorted(sent_messages(stack.mail_dir)) == sorted(expected)
    # Delivered again (a redelivery after the work was done): nothing more is sent.
    client = stack.celery_client()
    for (notification_id,) in sql("SELECT id FROM notifications_notification"):
        assert client.send_task(SEND, args=[notification_id], ignore_result=False).get(timeout=30) is False
    assert len(sent_messages(stack.mail_dir)) == 2


def test_pool_process_killed_mid_task_the_task_runs_again_once(stack, sql, world, browser, declined_reason, hold):
    stack.gunicorn()
    worker = stack.worker(pool="prefork", **{HOLD_ENV: str(hold)})
    _file_a_referral_two_sergeants_hear_of(browser, world, declined_reason)

    sender = _wait_for_the_sender(hold)
    assert sender != worker.pid, "the task runs in the pool's child process"
    os.kill(sender, signal.SIGKILL)  # as the kernel's OOM killer would
    hold.unlink()

    _assert_each_sent_once(stack, sql)
    assert "WorkerLostError" in stack.log("worker.log")
    assert worker.poll() is None, "the worker itself carries on"


def test_worker_killed_mid_task_the_next_worker_runs_it_once(stack, sql, world, browser, declined_reason, hold):
    visibility = 3  # seconds an unacknowledged task waits in Redis before another worker may take it
    settings = {HOLD_ENV: str(hold), "CELERY_VISIBILITY_TIMEOUT": str(visibility)}
    stack.gunicorn()
    first = stack.worker(**settings)
    _file_a_referral_two_sergeants_hear_of(browser, world, declined_reason)

    assert _wait_for_the_sender(hold) == first.pid
    stop(first, kill=True)  # the whole worker, SIGKILL: no goodbye to the broker
    hold.unlink()
    assert sql("SELECT count(*) FROM notifications_notification WHERE email_status = 'sent'")[0][0] == 0

    time.sleep(visibility + 0.5)
    stack.worker(**settings)
    _assert_each_sent_once(stack, sql)
