"""Workgroups, members, meetings and series: through the services only."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lead_ops.audit.models import AuditEvent
from workgroup.models import Meeting, MemberRole
from workgroup.services import (
    meeting_cancel,
    meeting_reschedule,
    meeting_series_create,
    meeting_series_generate,
    meeting_series_generate_all,
    membership_add,
    workgroup_create,
)

from .conftest import schedule

pytestmark = pytest.mark.django_db


def test_only_a_coordinator_or_administrator_creates_workgroups(officer, coordinator):
    with pytest.raises(PermissionDenied):
        workgroup_create(name="Rogue", actor=officer)
    workgroup = workgroup_create(name="South", actor=coordinator)
    assert AuditEvent.objects.filter(action="create", object_type="workgroup.workgroup", actor=coordinator).exists()
    assert str(workgroup) == "South"


def test_a_member_added_twice_keeps_one_seat_with_the_new_role(workgroup, officer, coordinator):
    membership_add(workgroup=workgroup, user=officer, role=MemberRole.OFFICER, actor=coordinator)
    membership_add(workgroup=workgroup, user=officer, role=MemberRole.SERGEANT, actor=coordinator)
    assert workgroup.memberships.get().role == MemberRole.SERGEANT


def test_a_meeting_must_end_after_it_starts_and_have_a_place(workgroup, coordinator):
    with pytest.raises(ValidationError, match="end after it starts"):
        schedule(workgroup, actor=coordinator, starts_in=timedelta(days=1), minutes=0)
    with pytest.raises(ValidationError, match="where the meeting is"):
        schedule(workgroup, actor=coordinator, starts_in=timedelta(days=1), place="  ")
    assert not Meeting.objects.exists()


def test_a_series_makes_a_meeting_every_other_week_up_to_the_horizon(workgroup, coordinator, settings):
    settings.LEAD_MEETING_HORIZON_WEEKS = 8
    today = date(2026, 2, 2)
    series = meeting_series_create(
        workgroup=workgroup,
        first_meeting_on=today,
        start_time=time(10, 0),
        place="Room 2",
        actor=coordinator,
        today=today,
    )
    days = list(series.meetings.order_by("starts_at").values_list("series_date", flat=True))
    assert days == [today + timedelta(weeks=n) for n in (0, 2, 4, 6, 8)]

    assert meeting_series_generate(series=series, today=today) == 0
    assert meeting_series_generate(series=series, today=today + timedelta(weeks=2)) == 1
    assert meeting_series_generate_all(today=today + timedelta(weeks=2)) == 0


def test_series_meetings_keep_their_wall_clock_time_across_daylight_saving(workgroup, coordinator, settings):
    settings.LEAD_MEETING_HORIZON_WEEKS = 4
    series = meeting_series_create(
        workgroup=workgroup,
        first_meeting_on=date(2026, 3, 2),
        start_time=time(10, 0),
        place="Room 2",
        actor=coordinator,
        today=date(2026, 3, 1),
    )
    zone = ZoneInfo(settings.TIME_ZONE)
    local_starts = [m.starts_at.astimezone(zone) for m in series.meetings.order_by("starts_at")]
    assert [(s.hour, s.minute) for s in local_starts] == [(10, 0)] * 2
    # Before and after the change to summer time (8 March 2026 in Los Angeles) the UTC hour moves.
    assert {s.utcoffset() for s in local_starts} == {timedelta(hours=-8), timedelta(hours=-7)}


def test_a_cancelled_series_date_is_not_made_again(workgroup, coordinator, settings):
    settings.LEAD_MEETING_HORIZON_WEEKS = 2
    today = timezone.localdate() + timedelta(days=1)
    series = meeting_series_create(
        workgroup=workgroup,
        first_meeting_on=today,
        start_time=time(10, 0),
        place="Room",
        actor=coordinator,
        today=today,
    )
    first = series.meetings.order_by("starts_at").first()
    meeting_cancel(meeting=first, actor=coordinator)
    assert meeting_series_generate(series=series, today=today) == 0
    assert series.meetings.filter(is_cancelled=True).count() == 1


def test_a_series_cannot_end_before_it_starts(workgroup, coordinator):
    with pytest.raises(ValidationError, match="cannot end before"):
        meeting_series_create(
            workgroup=workgroup,
            first_meeting_on=date(2026, 5, 1),
            ends_on=date(2026, 4, 1),
            start_time=time(10, 0),
            place="Room",
            actor=coordinator,
        )


def test_rescheduling_bumps_the_calendar_sequence(next_meeting, coordinator):
    later = next_meeting.starts_at + timedelta(hours=2)
    meeting = meeting_reschedule(
        meeting=next_meeting, starts_at=later, ends_at=later + timedelta(hours=1), place="Room 5", actor=coordinator
    )
    assert meeting.sequence == 1 and meeting.place == "Room 5"


def test_a_meeting_that_started_cannot_be_cancelled(past_meeting, coordinator):
    with pytest.raises(ValidationError, match="already started"):
        meeting_cancel(meeting=past_meeting, actor=coordinator)
