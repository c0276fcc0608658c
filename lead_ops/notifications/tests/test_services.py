"""The in-app list and the e-mail outbox: nothing lost when the broker is down,
nothing sent twice."""

import pytest
from django.core import mail
from django.utils import timezone

from lead_ops.notifications.models import Notification
from lead_ops.notifications.selectors import notifications_for
from lead_ops.notifications.services import (
    notification_email_send,
    notifications_deliver_pending,
    notifications_digest_send,
    notify,
)

pytestmark = pytest.mark.django_db


def test_notify_records_and_emails_after_commit(officer, django_capture_on_commit_callbacks):
    officer.email = "o@example.invalid"
    officer.save()

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=officer, kind="k", subject="Referral returned", url="/referrals/1/")

    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[LEAD Ops] Referral returned"
    assert "http://127.0.0.1:8000/referrals/1/" in mail.outbox[0].body


def test_the_same_event_notifies_once(officer):
    first = notify(recipient=officer, kind="k", subject="s", dedupe_key="event-1")
    second = notify(recipient=officer, kind="k", subject="s", dedupe_key="event-1")

    assert first is not None and second is None
    assert Notification.objects.count() == 1


def test_sending_twice_sends_once(officer):
    officer.email = "o@example.invalid"
    officer.save()
    notification = notify(recipient=officer, kind="k", subject="s")

    assert notification_email_send(notification_id=notification.pk) is True
    assert notification_email_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_a_user_without_an_address_still_sees_it_in_the_app(officer, client):
    officer.email = ""
    officer.save()
    notify(recipient=officer, kind="k", subject="Visible in the app")
    client.force_login(officer)

    day = timezone.localdate().isoformat()
    content = client.get(f"/notifications/?kind=k&day={day}").content.decode()

    assert "Visible in the app" in content
    assert Notification.objects.get().email_status == Notification.EmailStatus.NOT_SENT


@pytest.fixture
def broker_down(monkeypatch):
    """Publishing fails as it does when Redis is unreachable. (The fault tests
    stop a real Redis; this keeps the unit test fast and deterministic.)"""
    from kombu.exceptions import OperationalError

    from lead_ops.notifications import tasks

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.notification_email_send, "delay", refuse)


def test_broker_down_keeps_the_notice_in_the_outbox_until_the_sweep(
    officer, broker_down, django_capture_on_commit_callbacks
):
    """Redis down when a decision is made: the notice is saved and sent later, once."""
    officer.email = "o@example.invalid"
    officer.save()

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=officer, kind="k", subject="Waiting for review")

    assert Notification.objects.get(pk=notification.pk).email_status == Notification.EmailStatus.PENDING
    assert mail.outbox == []

    assert notifications_deliver_pending(older_than_seconds=0) == 1
    assert notifications_deliver_pending(older_than_seconds=0) == 0
    assert len(mail.outbox) == 1


def test_unread_count_in_the_navigation_and_mark_read(officer, client):
    notify(recipient=officer, kind="k", subject="one")
    notify(recipient=officer, kind="k", subject="two")
    client.force_login(officer)

    assert '2<span class="visually-hidden"> unread</span>' in client.get("/").content.decode()
    client.post("/notifications/read/")
    assert " unread</span>" not in client.get("/").content.decode()


def test_nobody_sees_anyone_elses_notifications(officer, make_user, client):
    from lead_ops.accounts.roles import Role

    notify(recipient=officer, kind="k", subject="Private to the officer")
    client.force_login(make_user(Role.OFFICER))

    day = timezone.localdate().isoformat()
    assert "Private to the officer" not in client.get(f"/notifications/?kind=k&day={day}").content.decode()
    assert 'data-testid="notice-group"' not in client.get("/notifications/").content.decode()


def test_who_prefers_the_digest_gets_no_e_mail_per_notice(officer, django_capture_on_commit_callbacks):
    officer.notification_delivery = officer.NotificationDelivery.DAILY_DIGEST
    officer.save()

    with django_capture_on_commit_callbacks(execute=True):
        notice = notify(recipient=officer, kind="k", subject="Held")

    assert notice.email_status == Notification.EmailStatus.IN_DIGEST
    assert notifications_deliver_pending(older_than_seconds=0) == 0
    assert mail.outbox == []
    assert notice in notifications_for(officer)  # the app still lists it


def test_the_daily_digest_sends_one_e_mail_grouped_by_kind_once(officer, make_user):
    from lead_ops.accounts.roles import Role

    officer.notification_delivery = officer.NotificationDelivery.DAILY_DIGEST
    officer.save()
    each = make_user(Role.OFFICER)
    for n in range(3):
        notify(recipient=officer, kind="review_waiting", subject=f"Decision {n}", url=f"/referrals/{n}/")
    notify(recipient=officer, kind="intake_overdue", subject="Late intake")
    notify(recipient=each, kind="review_waiting", subject="Not in a digest")

    assert notifications_digest_send() == 1
    assert notifications_digest_send() == 0

    (digest,) = [m for m in mail.outbox if m.to == [officer.email]]
    assert digest.subject.endswith("Daily digest: 4 notices")
    assert "Decisions waiting for your review (3)" in digest.body
    assert "Intakes overdue (1)" in digest.body
    assert "Decision 2 http" in digest.body
    assert not Notification.objects.filter(email_status=Notification.EmailStatus.IN_DIGEST).exists()


def test_a_failed_digest_waits_for_the_next_run(officer, monkeypatch):
    from lead_ops.notifications import services

    officer.notification_delivery = officer.NotificationDelivery.DAILY_DIGEST
    officer.save()
    notify(recipient=officer, kind="k", subject="Held")

    def refuse(**kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", refuse)
    assert notifications_digest_send() == 0
    monkeypatch.undo()

    assert notifications_digest_send() == 1
