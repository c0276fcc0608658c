"""The retention purge is the one way audit events leave, and only old ones."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from lead_ops.audit.services import audit_events_purge

pytestmark = pytest.mark.django_db


def event_at(days_ago: int, actor) -> AuditEvent:
    event = audit.record(action=AuditEvent.Action.VIEW, actor=actor, object_type="x.y", object_ids=[days_ago])
    # Back-dated the only way the table allows: a fresh insert at that time.
    old = AuditEvent.objects.create(
        occurred_at=timezone.now() - timedelta(days=days_ago),
        actor=actor,
        actor_username=actor.username,
        action=AuditEvent.Action.VIEW,
        object_type="x.y",
        object_ids=f",{days_ago},",
    )
    return old if days_ago else event


def test_the_purge_removes_only_events_before_the_cutoff_and_is_recorded(officer):
    ancient, recent = event_at(800, officer), event_at(10, officer)

    removed = audit_events_purge(before=timezone.now() - timedelta(days=365))

    assert removed == 1
    assert not AuditEvent.objects.filter(pk=ancient.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, object_type="audit.auditevent").exists()


def test_outside_the_purge_deleting_is_still_refused(officer):
    ancient = event_at(800, officer)
    audit_events_purge(before=timezone.now() - timedelta(days=365 * 5))  # a purge that leaves it

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [ancient.pk])
    assert AuditEvent.objects.filter(pk=ancient.pk).exists()
