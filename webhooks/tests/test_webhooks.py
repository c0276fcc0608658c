"""Webhooks against a real receiver on loopback: signed, retried with back-off
while the receiver fails, delivered once, replayed from the admin, and only to
the clients whose agency the event is about."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from api import scopes
from api.services import integration_client_create
from lead_ops import events
from referrals.services.review import review_approve
from referrals.tests.factories import file_referral
from webhooks import signing
from webhooks.models import Delivery, Event
from webhooks.services import backoff, subscription_create, url_problem, webhook_sweep

from .receiver import Receiver, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings):
    settings.LEAD_WEBHOOK_HTTP_HOSTS = ["127.0.0.1"]
    made = Receiver()
    server = start(made)
    yield made
    server.shutdown()
    server.server_close()


def subscribe(receiver, agency, kinds=events.KINDS, name="RMS"):
    client, _ = integration_client_create(name=name, agency=agency, scopes=[scopes.WEBHOOKS, scopes.STATUS])
    subscription, secret = subscription_create(client=client, url=receiver.url, kinds=list(kinds))
    receiver.secret = secret
    return subscription


def test_the_signature_is_checked_over_the_exact_body_and_the_time():
    secret, body, now = "whsec_test", b'{"id":"1"}', 1_767_225_600
    header = signing.signature_header(secret, now, body)
    assert signing.verify(secret, header, body, now=now + 299)
    assert not signing.verify(secret, header, body + b" ", now=now), "a changed body"
    assert not signing.verify("whsec_other", header, body, now=now), "another secret"
    assert not signing.verify(secret, header, body, now=now + 301), "a replay after five minutes"
    for broken in ("", "t=x,v1=00", "v1=00", f"t={now}"):
        assert not signing.verify(secret, broken, body, now=now)


def test_back_off_doubles_to_a_cap_and_outlasts_an_hour_down(settings):
    waits = [backoff(n).total_seconds() for n in range(1, settings.LEAD_WEBHOOK_MAX_ATTEMPTS)]
    assert waits[:6] == [30, 60, 120, 240, 480, 900] and max(waits) == 900
    assert sum(waits) > 2 * 3600, "a receiver down for an hour loses nothing"


def test_only_https_or_a_named_local_host(settings):
    settings.LEAD_WEBHOOK_HTTP_HOSTS = ["127.0.0.1"]
    assert url_problem("https://rms.example.org/hook") is None
    assert url_problem("http://127.0.0.1:9000/hook") is None
    assert url_problem("http://rms.example.org/hook") and url_problem("file:///etc/passwd") and url_problem("")


def test_a_receiver_that_fails_twice_then_succeeds_gets_the_event_once(receiver, officer, police_agency, told):
    receiver.answers = [500, 503]
    subscribe(receiver, police_agency, kinds=[events.REFERRAL_FILED])
    with told(execute=True):
        referral = file_referral(officer=officer)  # sent once committed (tasks run in-process): 500

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    later = timezone.now() + timedelta(seconds=31)
    assert webhook_sweep(now=later) == 1  # 503
    assert webhook_sweep(now=later) == 0, "not due again before its back-off"
    assert webhook_sweep(now=later + timedelta(seconds=61)) == 1  # 200
    assert webhook_sweep(now=later + timedelta(hours=5)) == 0, "delivered: never sent again"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.times_delivered) == ("delivered", 3, 1)
    assert len(receiver.received) == 3 and all(r.signature_ok for r in receiver.received)
    assert len({r.event_id for r in receiver.received}) == 1, "every attempt carries the same event id"
    payload = receiver.received[-1].body
    assert payload["type"] == "referral.filed" and payload["data"] == {"referral_id": referral.pk}
    assert set(payload) == {"id", "type", "occurred_at", "data"}, "ids only, never personal data"


def test_a_receiver_down_for_an_hour_loses_nothing(receiver, officer, police_agency, told):
    receiver.answers = [503] * 9
    subscribe(receiver, police_agency, kinds=[events.REFERRAL_FILED])
    with told(execute=True):
        file_referral(officer=officer)
    clock = timezone.now()
    for _ in range(40):  # the beat sweep, every minute for 40 minutes of simulated time... and on
        clock += timedelta(minutes=3)
        webhook_sweep(now=clock)
    delivery = Delivery.objects.get()
    assert delivery.status == "delivered" and clock - delivery.event.occurred_at > timedelta(hours=1)
    assert len(receiver.accepted()) == 1


def test_events_go_only_to_clients_of_the_agency_they_are_about(receiver, officer, sergeant, police_agency, told):
    from lead_ops.accounts.tests.factories import PoliceAgencyFactory

    subscribe(receiver, PoliceAgencyFactory(name="Another department"), name="Other RMS")
    with told(execute=True):
        referral = file_referral(officer=officer, route_code="arrest-diversion")
        review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)
    assert not Event.objects.exists() and not receiver.received, "nobody of that agency subscribed"

    subscribe(receiver, police_agency, name="Own RMS")
    with told(execute=True):
        again = file_referral(officer=officer, route_code="arrest-diversion")
        review_approve(referral=again, decision_id=again.current_decision_id, sergeant=sergeant)
    assert sorted(r.kind for r in receiver.received) == ["referral.filed", "referral.reviewed"]


def test_a_community_referral_the_project_team_screened_is_no_agency_s_to_hear(receiver, police_agency, told):
    from community.tests.factories import make_project_manager, make_referrer, refer, screen

    subscribe(receiver, police_agency)
    with told(execute=True):
        referral = screen(refer(make_referrer()), make_project_manager())
    assert referral.agency_id is None
    assert not Event.objects.exists() and not receiver.received
    with told(execute=True):
        events.publish(events.ISSUE_RESOLVED, key="workgroup.issue.resolved:1:x", issue_id=1)
    assert [r.kind for r in receiver.received] == ["workgroup.issue.resolved"], "the program's events reach everyone"


def test_an_event_is_told_once_however_often_it_is_published(receiver, police_agency, told):
    from django.db import transaction

    subscribe(receiver, police_agency)
    with told(execute=True):
        for _ in range(3):
            with transaction.atomic():
                events.publish(
                    events.INTAKE_DEADLINE_MISSED,
                    key="intake.deadline_missed:7",
                    agency_id=police_agency.pk,
                    referral_id=7,
                )
    with told(execute=True):
        rolled_back(police_agency)
    assert [r.body["data"] for r in receiver.received] == [{"referral_id": 7}]


def rolled_back(agency):
    from django.db import transaction

    try:
        with transaction.atomic():
            events.publish(
                events.INTAKE_DEADLINE_MISSED, key="intake.deadline_missed:8", agency_id=agency.pk, referral_id=8
            )
            raise RuntimeError("rolled back: nobody is told")
    except RuntimeError:
        pass


def test_the_admin_replays_a_delivery_with_the_same_event_id(receiver, officer, police_agency, admin_client, told):
    subscribe(receiver, police_agency, kinds=[events.REFERRAL_FILED])
    with told(execute=True):
        file_referral(officer=officer)
    delivery = Delivery.objects.get()
    assert delivery.status == "delivered"

    with told(execute=True):
        response = admin_client.post(
            "/admin/webhooks/delivery/", {"action": "replay", "_selected_action": [delivery.pk]}
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.times_delivered == 2 and len(receiver.accepted()) == 2
    assert receiver.received[0].event_id == receiver.received[1].event_id
    assert abs(int(receiver.received[1].headers["X-Lead-Signature"].split(",")[0][2:]) - time.time()) < 60
