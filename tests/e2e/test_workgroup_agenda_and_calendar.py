"""The coordinator reorders the agenda in place (htmx); a member who may not see a
participant's referral sees the case conference as restricted; a member makes a
calendar link and a calendar app reads it without signing in."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UserFactory
from workgroup.models import AgendaItem, MemberRole
from workgroup.services import agenda_item_add, meeting_schedule, membership_add, workgroup_create
from workgroup.tests.factories import handed_off_referral

from .journeys import screenshot, sign_in, visit, wait_until

pytestmark = pytest.mark.usefixtures("lead_protocol")


@pytest.fixture
def defender(db):
    return UserFactory(username="defender", first_name="Dana", roles=[Role.PUBLIC_DEFENDER])


@pytest.fixture
def meeting(officer, sergeant, coordinator, defender):
    workgroup = workgroup_create(name="North LEAD workgroup", actor=coordinator)
    for user, role in (
        (officer, MemberRole.OFFICER),
        (sergeant, MemberRole.SERGEANT),
        (defender, MemberRole.DEFENDER),
        (coordinator, MemberRole.COORDINATOR),
    ):
        membership_add(workgroup=workgroup, user=user, role=role, actor=coordinator)
    starts_at = timezone.now() + timedelta(days=3)
    return meeting_schedule(
        workgroup=workgroup,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        place="Room 2",
        actor=coordinator,
    )


def test_reorder_restricted_case_conference_and_calendar_feed(
    page, another_page, meeting, coordinator, officer, sergeant
):
    referral = handed_off_referral(officer=officer, sergeant=sergeant)
    agenda_item_add(meeting=meeting, actor=coordinator, kind=AgendaItem.Kind.OTHER, title="Welcome and introductions")
    agenda_item_add(meeting=meeting, actor=coordinator, kind=AgendaItem.Kind.CASE_CONFERENCE, referral=referral)

    sign_in(page, "coordinator")
    visit(page, meeting.get_absolute_url())
    titles = page.get_by_test_id("agenda-title")
    assert titles.nth(1).inner_text() == f"2. Participant case conference: referral {referral.pk}"
    page.get_by_role("button", name="Move item 2 up").click()
    titles.first.filter(has_text="case conference").wait_for()
    assert titles.nth(1).inner_text() == "2. Welcome and introductions"
    wait_until(page, "() => document.activeElement.getAttribute('aria-label') === 'Move item 1 down'")
    page.a11y.check()
    screenshot(page, "workgroup-agenda-coordinator")

    member = another_page("defender")
    sign_in(member, "defender")
    visit(member, meeting.get_absolute_url())
    assert member.get_by_test_id("agenda-title").first.inner_text() == "1. Participant case conference (restricted)"
    assert referral.person.full_name not in member.content()
    screenshot(member, "workgroup-agenda-restricted-defender")

    member.get_by_role("link", name="Calendar").click()
    member.wait_for_url("**/workgroup/calendar/")
    member.a11y.check()
    member.get_by_role("button", name="Make a calendar link").click()
    member.wait_for_load_state("load")
    member.a11y.check()
    url = member.get_by_label("Calendar link").input_value()
    screenshot(member, "workgroup-calendar-link")

    feed = another_page("calendar app").request.get(url)
    assert feed.status == 200
    (event,) = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    assert event.decoded("dtstart") == meeting.starts_at

    member.once("dialog", lambda dialog: dialog.accept())
    member.get_by_role("button", name="Revoke the link").click()
    member.wait_for_load_state("load")
    member.a11y.check()
    assert member.get_by_text("Calendar link revoked").is_visible()
    assert another_page("calendar app again").request.get(url).status == 404
