"""iCalendar (RFC 5545) for meetings: the personal feed and the invitation that
travels with the agenda e-mail. Times carry the site's time zone (TZID and a
VTIMEZONE), so a 10:00 meeting is 10:00 in every client, on both sides of DST.

Only the meeting's time, place and link go into calendars: a feed URL works
without sign-in, so no agenda item, let alone a participant, is ever in one."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Meeting

PRODID = "-//LEAD Ops//Operational workgroup//EN"


def _uid(meeting: Meeting) -> str:
    host = settings.LEAD_SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "lead-ops"
    return f"workgroup-meeting-{meeting.pk}@{host}"


def meeting_event(meeting: Meeting, *, now: datetime | None = None) -> icalendar.Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    event = icalendar.Event()
    event.add("uid", _uid(meeting))
    event.add("dtstamp", (now or timezone.now()).astimezone(ZoneInfo("UTC")))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", f"{meeting.workgroup.name} meeting")
    event.add("location", meeting.place)
    event.add(
        "description", f"Agenda and minutes: {settings.LEAD_SITE_URL}{reverse('workgroup:meeting', args=[meeting.pk])}"
    )
    event.add("url", f"{settings.LEAD_SITE_URL}{reverse('workgroup:meeting', args=[meeting.pk])}")
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def _calendar(name: str, method: str | None = None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _finish(calendar: icalendar.Calendar, meetings) -> bytes:
    if meetings:
        # VTIMEZONE for the years the meetings span, not 1970-2038.
        first = min(m.starts_at for m in meetings) - timedelta(days=366)
        last = max(m.ends_at for m in meetings) + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first.date(), last_date=last.date())
    return calendar.to_ical()


def feed_ics(meetings: list[Meeting], *, owner_name: str) -> bytes:
    calendar = _calendar(f"{settings.LEAD_SITE_NAME}: workgroup meetings ({owner_name})")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    return _finish(calendar, meetings)


def invitation_ics(meeting: Meeting, *, attendee_email: str, attendee_name: str) -> bytes:
    calendar = _calendar(f"{meeting.workgroup.name} meeting", method="REQUEST")
    event = meeting_event(meeting)
    organizer = icalendar.vCalAddress(f"mailto:{_address_of(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = icalendar.vText(settings.LEAD_SITE_NAME)
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{attendee_email}")
    attendee.params["cn"] = icalendar.vText(attendee_name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return _finish(calendar, [meeting])


def _address_of(from_email: str) -> str:
    return from_email.rsplit("<", 1)[-1].rstrip(">").strip()
