"""Every workgroup page a coordinator and a member open, with real rows in them,
passes axe; the record of a past meeting reads well on screen and in print."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UserFactory
from workgroup.models import MemberRole
from workgroup.services import (
    action_item_create,
    addendum_add,
    agenda_item_add,
    attendance_record,
    issue_raise,
    issue_update,
    meeting_schedule,
    membership_add,
    minutes_approve,
    minutes_record,
    workgroup_create,
)

from .journeys import screenshot, sign_in, visit


@pytest.fixture
def record(officer, sergeant, coordinator):
    """A past meeting held without a sergeant, approved and corrected; an upcoming one."""
    prosecutor = UserFactory(username="prosecutor", first_name="Priya", roles=[Role.PROSECUTOR])
    workgroup = workgroup_create(name="North LEAD workgroup", default_place="Room 2", actor=coordinator)
    for user, role in (
        (officer, MemberRole.OFFICER),
        (sergeant, MemberRole.SERGEANT),
        (prosecutor, MemberRole.PROSECUTOR),
        (coordinator, MemberRole.COORDINATOR),
    ):
        membership_add(workgroup=workgroup, user=user, role=role, actor=coordinator)
    starts_at = timezone.now() - timedelta(days=14)
    past = meeting_schedule(
        workgroup=workgroup,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        place="Room 2",
        actor=coordinator,
    )
    upcoming = meeting_schedule(
        workgroup=workgroup,
        starts_at=starts_at + timedelta(days=28),
        ends_at=starts_at + timedelta(days=28, hours=1),
        place="Room 2",
        actor=coordinator,
    )
    issue = issue_raise(raised_by=officer, what_happened="Radio dead zone under the bridge.", location="Beat N3")
    item = agenda_item_add(meeting=past, actor=coordinator, kind="operational_issue", issue=issue)
    review = agenda_item_add(meeting=past, actor=coordinator, kind="report_review", title="Referrals by route")
    minutes_record(
        meeting=past,
        actor=coordinator,
        minutes={item.pk: "Dispatch to test a repeater.", review.pk: "Social contacts keep rising."},
    )
    attendance_record(
        meeting=past, actor=coordinator, attendees=[(officer, MemberRole.OFFICER), (prosecutor, MemberRole.PROSECUTOR)]
    )
    minutes_approve(meeting=past, actor=coordinator)
    addendum_add(meeting=past, actor=coordinator, agenda_item=item, text="The repeater test is set for next week.")
    action_item_create(
        workgroup=workgroup,
        actor=coordinator,
        description="Ask dispatch about a repeater",
        owner=sergeant,
        due_on=past.local_date + timedelta(days=7),
        meeting=past,
        issue=issue,
    )
    issue_update(issue=issue, actor=coordinator, status="in_progress")
    return {"past": past, "upcoming": upcoming, "issue": issue}


def test_the_coordinator_s_pages(page, record):
    sign_in(page, "coordinator")
    visit(page, "/workgroup/meetings/")
    assert "No sergeant" in page.get_by_test_id("past-meetings").inner_text()
    screenshot(page, "workgroup-meetings")
    visit(page, record["past"].get_absolute_url())
    assert "held without a sergeant" in page.get_by_test_id("police-flag").inner_text()
    assert page.get_by_test_id("addendum").count() == 1
    screenshot(page, "workgroup-meeting-record")
    visit(page, f"/workgroup/meetings/{record['past'].pk}/minutes/print/")
    page.emulate_media(media="print")
    screenshot(page, "workgroup-minutes-print")
    page.emulate_media(media="screen")
    visit(page, "/workgroup/meetings/attendance/")
    screenshot(page, "workgroup-attendance-report")
    visit(page, "/workgroup/actions/")
    assert page.get_by_test_id("action-row").get_by_text("overdue").is_visible()
    screenshot(page, "workgroup-actions")
    for path in (
        "/workgroup/actions/new/",
        "/workgroup/meetings/new/",
        "/workgroup/meetings/series/new/",
        f"/workgroup/meetings/{record['upcoming'].pk}/",
        f"/workgroup/meetings/{record['upcoming'].pk}/agenda/build/",
        f"/workgroup/meetings/{record['upcoming'].pk}/minutes/",
        "/workgroup/issues/",
        f"/workgroup/issues/{record['issue'].pk}/",
        "/workgroup/calendar/",
    ):
        visit(page, path)
    screenshot(page, "workgroup-calendar")


def test_a_member_s_pages_on_a_phone(phone, record):
    sign_in(phone, "officer")
    visit(phone, "/workgroup/meetings/")
    visit(phone, record["past"].get_absolute_url())
    screenshot(phone, "workgroup-meeting-record-phone")
    visit(phone, "/workgroup/issues/?mine=1")
    screenshot(phone, "workgroup-issues-phone")
    visit(phone, "/workgroup/actions/?mine=1")
    assert phone.get_by_test_id("no-actions").is_visible()
