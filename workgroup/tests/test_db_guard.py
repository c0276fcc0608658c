"""The database itself keeps approved minutes as approved. CI runs this file on
SQLite and again on PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from workgroup.models import AgendaItem, Attendance, Meeting, MemberRole
from workgroup.services import agenda_item_add, agenda_item_remove, attendance_record, minutes_approve, minutes_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(past_meeting, coordinator, officer):
    item = agenda_item_add(meeting=past_meeting, actor=coordinator, kind="other", title="Briefing")
    minutes_record(meeting=past_meeting, actor=coordinator, minutes={item.pk: "Original."})
    attendance_record(meeting=past_meeting, actor=coordinator, attendees=[(officer, MemberRole.OFFICER)])
    minutes_approve(meeting=past_meeting, actor=coordinator)
    return past_meeting, item


def refused(change) -> bool:
    with pytest.raises(DatabaseError, match="approved minutes are locked"), transaction.atomic():
        change()
    return True


def test_minutes_and_agenda_cannot_be_rewritten_by_a_raw_update(approved):
    _meeting, item = approved
    assert refused(lambda: AgendaItem.objects.filter(pk=item.pk).update(minutes="Rewritten."))
    assert refused(lambda: AgendaItem.objects.filter(pk=item.pk).update(position=7))

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE workgroup_agendaitem SET title = 'x' WHERE id = %s", [item.pk])

    assert refused(raw)
    item.refresh_from_db()
    assert (item.minutes, item.position, item.title) == ("Original.", 1, "Briefing")


def test_nothing_is_added_to_an_approved_meeting(approved, coordinator, sergeant):
    meeting, _item = approved
    assert refused(
        lambda: AgendaItem.objects.create(meeting=meeting, position=2, kind="other", title="Late", added_by=coordinator)
    )
    assert refused(
        lambda: Attendance.objects.create(meeting=meeting, user=sergeant, role="sergeant", recorded_by=coordinator)
    )
    assert refused(lambda: Attendance.objects.filter(meeting=meeting).update(role="sergeant"))


def test_the_approval_and_the_meeting_s_time_stay(approved):
    meeting, _item = approved
    assert refused(lambda: Meeting.objects.filter(pk=meeting.pk).update(minutes_approved_at=None))
    assert refused(lambda: Meeting.objects.filter(pk=meeting.pk).update(place="Elsewhere"))
    Meeting.objects.filter(pk=meeting.pk).update(agenda_sent_at=timezone.now())  # not part of the record


def test_rows_of_an_approved_meeting_cannot_be_removed(approved, coordinator):
    meeting, item = approved
    # The service refuses on both databases.
    with pytest.raises(ValidationError, match="approved"):
        agenda_item_remove(item=item, actor=coordinator)
    if connection.vendor == "postgresql":
        # And PostgreSQL refuses any other path too.
        assert refused(lambda: AgendaItem.objects.filter(pk=item.pk).delete())
        assert refused(lambda: Attendance.objects.filter(meeting=meeting).delete())
    else:
        # SQLite leaves removal to the services and PROTECT keys (the test flush deletes rows there).
        AgendaItem.objects.filter(pk=item.pk).delete()
    assert AgendaItem.objects.filter(pk=item.pk).exists() == (connection.vendor == "postgresql")


def test_an_unapproved_meeting_changes_freely(past_meeting, coordinator):
    item = agenda_item_add(meeting=past_meeting, actor=coordinator, kind="other", title="Briefing")
    AgendaItem.objects.filter(pk=item.pk).update(position=3)
    AgendaItem.objects.filter(pk=item.pk).delete()
