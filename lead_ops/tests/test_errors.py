"""Refusals are audited once, whichever view refused."""

import pytest

from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_403_is_one_audit_event(client, make_user):
    user = make_user(Role.ANALYST)
    client.force_login(user)

    response = client.get("/referrals/new/")

    assert response.status_code == 403
    denial = AuditEvent.objects.get(action=AuditEvent.Action.PERMISSION_DENIED)
    assert denial.actor == user and denial.outcome == AuditEvent.Outcome.DENIED
    assert denial.summary == "GET /referrals/new/"


def test_a_record_that_is_not_yours_is_a_404_and_an_audited_attempt(client, officer, make_user, lead_protocol):
    from referrals.tests.factories import file_referral

    referral = file_referral(officer=officer)
    intruder = make_user(Role.OFFICER)
    client.force_login(intruder)

    response = client.get(f"/referrals/{referral.pk}/")

    assert response.status_code == 404
    denial = AuditEvent.objects.get(action=AuditEvent.Action.PERMISSION_DENIED)
    assert denial.actor == intruder
    assert denial.object_type == "referrals.referral" and denial.id_list == [str(referral.pk)]


def test_a_plain_404_is_not_a_denial(client, officer):
    client.force_login(officer)

    assert client.get("/no-such-page/").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED).exists()
