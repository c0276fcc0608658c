"""Calendar feeds: made and revoked by their owner; read without sign-in."""

import icalendar
import pytest

from lead_ops.audit.models import AuditEvent
from workgroup.services import calendar_feed_create, calendar_feed_revoke

pytestmark = pytest.mark.django_db


def test_the_feed_works_without_sign_in_and_lists_the_member_s_meetings(client, next_meeting, members, officer):
    _feed, token = calendar_feed_create(user=officer)

    response = client.get(f"/workgroup/calendar/{token}.ics")

    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == next_meeting.starts_at
    assert AuditEvent.objects.filter(action="view", summary="Calendar feed read", actor=officer).exists()


def test_a_revoked_or_stale_link_is_refused_with_a_clear_message(client, officer):
    _feed, stale = calendar_feed_create(user=officer)
    _feed, revoked = calendar_feed_create(user=officer)
    calendar_feed_revoke(user=officer)

    for token in (stale, revoked, "A" * 43):
        response = client.get(f"/workgroup/calendar/{token}.ics")
        assert response.status_code == 404
        assert "This calendar link is not valid: it was revoked or replaced" in response.content.decode()
    assert AuditEvent.objects.filter(action="permission_denied", object_type="workgroup.calendarfeed").count() == 3


def test_the_link_is_shown_once_and_can_be_revoked(client, officer):
    client.force_login(officer)

    made = client.post("/workgroup/calendar/new/")
    url = made.context["new_url"]
    assert url.startswith("http://testserver/workgroup/calendar/") and url.endswith(".ics")
    assert url not in client.get("/workgroup/calendar/").content.decode()

    client.logout()
    assert client.get(url).status_code == 200
    client.force_login(officer)
    client.post("/workgroup/calendar/revoke/")
    client.logout()
    assert client.get(url).status_code == 404


def test_revoking_without_a_link_says_so(client, officer):
    client.force_login(officer)
    response = client.post("/workgroup/calendar/revoke/", follow=True)
    assert "You have no calendar link to revoke." in response.content.decode()
