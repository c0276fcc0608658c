import pytest
from django.contrib.auth.models import AnonymousUser

from lead_ops import audit
from lead_ops.accounts.tests.factories import UnitFactory
from lead_ops.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_record_names_the_type_and_every_id_touched(officer):
    units = [UnitFactory(), UnitFactory()]

    event = audit.record(action=AuditEvent.Action.LIST, actor=officer, targets=units)

    assert event.object_type == "accounts.unit"
    assert event.id_list == [str(units[0].pk), str(units[1].pk)]
    assert event.object_ids == f",{units[0].pk},{units[1].pk},"
    assert event.actor == officer and event.actor_username == "officer"
    assert event.occurred_at.tzinfo is not None


def test_one_id_can_be_found_without_matching_a_longer_one(officer):
    audit.record(action=AuditEvent.Action.VIEW, actor=officer, object_type="referrals.person", object_ids=[12])
    audit.record(action=AuditEvent.Action.VIEW, actor=officer, object_type="referrals.person", object_ids=[112])

    assert AuditEvent.objects.filter(object_ids__contains=",12,").count() == 1


def test_anonymous_actor_is_recorded_as_nobody():
    event = audit.record(action=AuditEvent.Action.PERMISSION_DENIED, actor=AnonymousUser(), outcome="denied")

    assert event.actor is None and event.actor_username == ""


def test_request_id_and_address_come_from_the_request(client, officer):
    client.force_login(officer)
    response = client.get("/", HTTP_X_REQUEST_ID="req-1234567890", REMOTE_ADDR="10.1.2.3")

    assert response["X-Request-ID"] == "req-1234567890"


def test_sign_in_and_failure_are_audited(client, officer):
    client.post("/accounts/login/", {"username": "officer", "password": "wrong-password-here"})
    client.post("/accounts/login/", {"username": "officer", "password": "lead-demo-password"}, REMOTE_ADDR="10.9.8.7")

    failed = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert failed.actor is None and failed.actor_username == "officer"
    assert failed.outcome == AuditEvent.Outcome.FAILURE
    signed_in = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN)
    assert signed_in.actor == officer
    assert signed_in.ip_address == "10.9.8.7"
    assert len(signed_in.request_id) >= 8


def test_client_ip_header_is_believed_only_when_configured(client, officer, settings):
    client.post(
        "/accounts/login/",
        {"username": "officer", "password": "lead-demo-password"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_REAL_IP="203.0.113.9",
    )
    settings.LEAD_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    client.logout()
    client.post(
        "/accounts/login/",
        {"username": "officer", "password": "lead-demo-password"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_REAL_IP="203.0.113.9",
    )

    addresses = list(
        AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN).order_by("id").values_list("ip_address", flat=True)
    )
    assert addresses == ["10.0.0.1", "203.0.113.9"]


def test_admin_offers_no_way_to_change_or_delete_events(client, administrator):
    event = audit.record(action=AuditEvent.Action.VIEW, actor=administrator, object_type="x.y", object_ids=[1])
    client.force_login(administrator)

    listing = client.get("/admin/audit/auditevent/")
    detail = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    delete = client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200
    assert detail.status_code == 200 and b"Save" not in detail.content
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
