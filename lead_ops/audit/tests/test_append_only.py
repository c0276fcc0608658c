"""The database itself refuses to change or remove audit events. CI runs this
file on SQLite and again on PostgreSQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from lead_ops import audit
from lead_ops.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(officer):
    return audit.record(action=AuditEvent.Action.VIEW, actor=officer, object_type="referrals.person", object_ids=[7])


def refused(sql: str, params=()) -> bool:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return True


def test_update_is_refused_by_the_database(event):
    assert refused("UPDATE audit_auditevent SET actor_username = 'someone else' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.actor_username == "officer"


def test_delete_is_refused_by_the_database(event):
    assert refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_orm_update_and_delete_are_refused_too(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(outcome=AuditEvent.Outcome.DENIED)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).outcome == AuditEvent.Outcome.SUCCESS


def test_emptying_the_table_is_refused(event):
    # PostgreSQL's TRUNCATE skips row triggers, so it has a statement trigger of its own.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own pending FK checks
        assert refused("TRUNCATE audit_auditevent")
    else:
        assert refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_inserting_stays_allowed(officer):
    before = AuditEvent.objects.count()
    audit.record(action=AuditEvent.Action.LIST, actor=officer, object_type="referrals.person", object_ids=[1, 2])
    assert AuditEvent.objects.count() == before + 1
