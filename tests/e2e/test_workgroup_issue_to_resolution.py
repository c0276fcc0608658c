"""The officer raises an operational issue from the street; the coordinator builds
the meeting's agenda from it, records minutes and attendance, approves the
minutes and resolves the issue; the officer sees the resolution on their home page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from workgroup.models import MemberRole, OperationalIssue
from workgroup.services import meeting_schedule, membership_add, workgroup_create

from .journeys import screenshot, sign_in, visit


@pytest.fixture
def meeting(officer, sergeant, coordinator):
    workgroup = workgroup_create(name="North LEAD workgroup", default_place="North precinct", actor=coordinator)
    for user, role in ((officer, MemberRole.OFFICER), (sergeant, MemberRole.SERGEANT), (coordinator, "coordinator")):
        membership_add(workgroup=workgroup, user=user, role=role, actor=coordinator)
    starts_at = timezone.now() - timedelta(minutes=30)
    return meeting_schedule(
        workgroup=workgroup,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=90),
        place="North precinct, room 2",
        actor=coordinator,
    )


def test_an_officer_s_issue_is_taken_up_resolved_and_reported_back(phone, another_page, meeting, officer, sergeant):
    sign_in(phone, "officer")
    phone.get_by_test_id("panel-my-issues").get_by_role("link", name="Raise an issue").click()
    phone.wait_for_url("**/workgroup/issues/new/")
    phone.a11y.check()
    phone.get_by_role("button", name="Send to the workgroup").click()
    phone.wait_for_load_state("load")
    phone.a11y.check()
    assert "Say what happened: the issue cannot be empty." in phone.get_by_text("Say what happened").first.inner_text()
    phone.get_by_label("What happened?").fill("The on-call case manager did not answer twice on Friday night.")
    phone.get_by_label("Where? (optional)").fill("West precinct, 3rd watch")
    phone.get_by_label("What would fix it? (optional)").fill("A second on-call number for nights.")
    screenshot(phone, "workgroup-raise-issue-phone")
    phone.get_by_role("button", name="Send to the workgroup").click()
    phone.wait_for_url("**/workgroup/issues/*/")
    phone.a11y.check()
    issue = OperationalIssue.objects.get()
    assert phone.get_by_test_id("issue-status").inner_text() == "Open"

    desk = another_page("coordinator")
    sign_in(desk, "coordinator")
    visit(desk, meeting.get_absolute_url())
    desk.get_by_role("link", name="Build agenda").click()
    desk.wait_for_url("**/agenda/build/")
    desk.a11y.check()
    proposal = desk.get_by_test_id("proposal").filter(has_text="on-call case manager")
    assert proposal.get_by_role("checkbox").is_checked()
    screenshot(desk, "workgroup-build-agenda")
    desk.get_by_role("button", name="Add the kept items to the agenda").click()
    desk.wait_for_url(f"**/workgroup/meetings/{meeting.pk}/#agenda")
    desk.a11y.check()
    assert desk.get_by_text("1 item added to the agenda, 0 dropped.").is_visible()
    assert "on-call case manager" in desk.get_by_test_id("agenda-item").inner_text()

    desk.get_by_role("link", name="Record minutes").click()
    desk.wait_for_url("**/minutes/")
    desk.a11y.check()
    desk.get_by_label(f"1. Issue {issue.pk}:").fill(
        "Harbor will add a second on-call number; sergeants tell roll call."
    )
    desk.get_by_role("button", name="Save minutes").click()
    desk.wait_for_url(f"**/workgroup/meetings/{meeting.pk}/")
    desk.a11y.check()

    desk.get_by_role("link", name="Record attendance").click()
    desk.wait_for_url("**/attendance/")
    desk.a11y.check()
    desk.get_by_role("checkbox", name=officer.get_full_name()).check()
    desk.get_by_role("checkbox", name=sergeant.get_full_name()).check()
    desk.get_by_role("button", name="Save attendance").click()
    desk.wait_for_url(f"**/workgroup/meetings/{meeting.pk}/")
    desk.a11y.check()
    assert desk.get_by_text("Attendance recorded: 2 present.").is_visible()
    assert desk.get_by_test_id("police-flag").count() == 0

    desk.once("dialog", lambda dialog: dialog.accept())
    desk.get_by_role("button", name="Approve minutes").click()
    desk.wait_for_load_state("load")
    desk.a11y.check()
    assert desk.get_by_test_id("meeting-status").inner_text() == "Minutes approved"
    assert desk.get_by_role("link", name="Record minutes").count() == 0
    screenshot(desk, "workgroup-meeting-approved")

    phone.reload()
    phone.a11y.check()
    assert phone.get_by_test_id("issue-status").inner_text() == "On an agenda"

    visit(desk, f"/workgroup/issues/{issue.pk}/")
    desk.get_by_label("Status").select_option(label="Resolved")
    desk.get_by_label("Resolution").fill("Harbor Case Management added a second on-call number for nights.")
    desk.get_by_role("button", name="Save").click()
    desk.wait_for_load_state("load")
    desk.a11y.check()
    assert desk.get_by_test_id("issue-status").inner_text() == "Resolved"

    visit(phone, "/")
    panel = phone.get_by_test_id("panel-my-issues")
    assert panel.get_by_test_id("my-issue-status").inner_text() == "Resolved"
    assert "second on-call number for nights" in panel.get_by_test_id("my-issue-resolution").inner_text()
    screenshot(phone, "workgroup-officer-sees-resolution-phone")
    panel.get_by_role("link", name=f"Issue {issue.pk}").click()
    phone.wait_for_url(f"**/workgroup/issues/{issue.pk}/")
    phone.a11y.check()
    assert phone.get_by_test_id("issue-meetings").get_by_role("link").count() == 1
