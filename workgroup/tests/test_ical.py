"""The .ics the app writes parses with icalendar and carries the site's local times."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from workgroup import ical
from workgroup.services import meeting_cancel, meeting_schedule

pytestmark = pytest.mark.django_db


def at(settings, *args):
    return datetime(*args, tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.fixture
def winter_and_summer(workgroup, coordinator, settings):
    winter = at(settings, 2026, 1, 15, 10, 0)
    summer = at(settings, 2026, 7, 16, 10, 0)
    return [
        meeting_schedule(
            workgroup=workgroup,
            starts_at=start,
            ends_at=start + timedelta(minutes=90),
            place="Room 2",
            actor=coordinator,
        )
        for start in (winter, summer)
    ]


def test_the_feed_parses_and_keeps_local_wall_clock_times(winter_and_summer, settings):
    calendar = icalendar.Calendar.from_ical(ical.feed_ics(winter_and_summer, owner_name="Olivia Ortega"))

    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    zone = ZoneInfo(settings.TIME_ZONE)
    for event, meeting in zip(events, winter_and_summer, strict=True):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start == meeting.starts_at and end == meeting.ends_at
        assert str(event["dtstart"].params["TZID"]) == settings.TIME_ZONE
        assert (start.astimezone(zone).hour, start.astimezone(zone).minute) == (10, 0)
        assert str(event["location"]) == "Room 2"
        assert str(event["uid"]).startswith(f"workgroup-meeting-{meeting.pk}@")
    assert [e.decoded("dtstart").utcoffset() for e in events] == [timedelta(hours=-8), timedelta(hours=-7)]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [settings.TIME_ZONE]


def test_a_cancelled_meeting_is_cancelled_in_calendars(next_meeting, coordinator):
    meeting_cancel(meeting=next_meeting, actor=coordinator)
    next_meeting.refresh_from_db()

    (event,) = icalendar.Calendar.from_ical(ical.feed_ics([next_meeting], owner_name="x")).walk("VEVENT")

    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1


def test_the_invitation_names_the_member_and_asks_for_a_reply(next_meeting):
    calendar = icalendar.Calendar.from_ical(
        ical.invitation_ics(next_meeting, attendee_email="olivia@example.invalid", attendee_name="Olivia")
    )
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["attendee"]) == "mailto:olivia@example.invalid"
    assert event.decoded("dtstart") == next_meeting.starts_at
    assert timezone.is_aware(event.decoded("dtstart"))


def test_calendars_never_carry_the_agenda(next_meeting, coordinator):
    from workgroup.services import agenda_item_add

    agenda_item_add(meeting=next_meeting, actor=coordinator, kind="other", title="Secret topic")
    assert b"Secret topic" not in ical.feed_ics([next_meeting], owner_name="x")
