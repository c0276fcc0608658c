"""/notifications/: one line per kind and day with a count, a group's notices,
mark read (all or a group), and the e-mail preference."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.models import User
from lead_ops.audit.models import AuditEvent
from lead_ops.notifications.models import Notification
from lead_ops.notifications.services import notify

pytestmark = pytest.mark.django_db


def notices(user, kind, count, *, days_ago=0):
    made = [notify(recipient=user, kind=kind, subject=f"{kind} {n}") for n in range(count)]
    Notification.objects.filter(pk__in=[n.pk for n in made]).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )


def test_notices_are_grouped_by_kind_and_day_with_a_count(client, sergeant):
    notices(sergeant, "review_waiting", 14)
    notices(sergeant, "review_waiting", 3, days_ago=1)
    notices(sergeant, "intake_overdue", 2)
    client.force_login(sergeant)

    response = client.get("/notifications/")

    groups = [(g.label, g.day, g.total, g.unread) for g in response.context["groups"]]
    today = timezone.localdate()
    assert sorted(groups) == sorted(
        [
            ("Decisions waiting for your review", today, 14, 14),
            ("Intakes overdue", today, 2, 2),
            ("Decisions waiting for your review", today - timedelta(days=1), 3, 3),
        ]
    )
    page = response.content.decode()
    assert page.count('data-testid="notice-group"') == 3
    assert "review_waiting 0" not in page  # the lines are the groups, not the notices


def test_a_group_lists_its_notices(client, sergeant):
    notices(sergeant, "review_waiting", 2)
    notices(sergeant, "intake_overdue", 1)
    client.force_login(sergeant)

    page = client.get(f"/notifications/?kind=review_waiting&day={timezone.localdate()}").content.decode()

    assert "Decisions waiting for your review" in page
    assert "review_waiting 0" in page and "review_waiting 1" in page
    assert "intake_overdue 0" not in page


def test_a_bad_group_in_the_address_is_a_message_not_an_error(client, sergeant):
    client.force_login(sergeant)

    response = client.get("/notifications/?kind=x&day=yesterday", follow=True)

    assert response.status_code == 200
    assert "That group of notices is not one of yours; here are all of them." in response.content.decode()


def test_mark_one_group_read_then_all(client, sergeant):
    notices(sergeant, "review_waiting", 4)
    notices(sergeant, "intake_overdue", 2)
    client.force_login(sergeant)

    response = client.post(
        "/notifications/read/", {"kind": "review_waiting", "day": timezone.localdate().isoformat()}, follow=True
    )

    assert "4 notices marked read." in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    assert "2 notices marked read." in client.post("/notifications/read/", follow=True).content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_marking_read_touches_only_one_s_own(client, sergeant, officer):
    notices(officer, "review_waiting", 1)
    client.force_login(sergeant)

    client.post("/notifications/read/", {"kind": "review_waiting", "day": timezone.localdate().isoformat()})

    assert Notification.objects.get(recipient=officer).read_at is None


def test_the_group_count_query_count_is_fixed(client, sergeant, django_assert_num_queries):
    for kind in ("a", "b", "c"):
        notices(sergeant, kind, 20)
    client.force_login(sergeant)

    # session, user, groups, the grouped counts, unread (navigation)
    with django_assert_num_queries(5):
        client.get("/notifications/")


def test_the_user_chooses_the_daily_digest(client, sergeant):
    client.force_login(sergeant)
    page = client.get("/notifications/").content.decode()
    assert 'value="each" id="id_delivery_0" required class="form-check-input" checked' in page

    response = client.post("/notifications/delivery/", {"delivery": "daily_digest"}, follow=True)

    assert "Saved: one e-mail a day with every notice since the last." in response.content.decode()
    sergeant.refresh_from_db()
    assert sergeant.notification_delivery == User.NotificationDelivery.DAILY_DIGEST
    event = AuditEvent.objects.filter(summary="Notification e-mail preference").get()
    assert event.detail == {"from": "each", "to": "daily_digest"}


def test_a_bad_preference_is_refused_with_a_message(client, sergeant):
    client.force_login(sergeant)

    response = client.post("/notifications/delivery/", {"delivery": "hourly"}, follow=True)

    assert "Choose how notices should reach you by e-mail." in response.content.decode()
    sergeant.refresh_from_db()
    assert sergeant.notification_delivery == User.NotificationDelivery.EACH
