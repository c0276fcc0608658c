"""The issue tracker and action items, with reminders that are safe to run twice."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lead_ops.notifications.models import Notification
from workgroup.models import ActionItem, OperationalIssue
from workgroup.services import (
    action_item_create,
    action_item_reminders_send,
    action_item_update_status,
    issue_raise,
    issue_update,
)
from workgroup.tasks import action_item_reminders_task

pytestmark = pytest.mark.django_db


def test_anyone_raises_an_issue_in_three_fields(officer, coordinator, workgroup):
    issue = issue_raise(raised_by=officer, what_happened="  Hand-off took 2 hours. ", location="W2", suggestion="")

    assert issue.what_happened == "Hand-off took 2 hours." and issue.status == OperationalIssue.Status.OPEN
    assert issue.workgroup == workgroup  # the only workgroup takes it
    assert Notification.objects.filter(recipient=coordinator, kind="issue_raised").count() == 1


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_empty_issue_is_refused(officer, text):
    with pytest.raises(ValidationError) as refused:
        issue_raise(raised_by=officer, what_happened=text, location="W2")
    assert refused.value.message_dict == {"what_happened": ["Say what happened: the issue cannot be empty."]}
    assert not OperationalIssue.objects.exists()


def test_resolving_needs_a_resolution_which_goes_back_to_the_officer(officer, coordinator):
    issue = issue_raise(raised_by=officer, what_happened="Radio dead zone.")

    with pytest.raises(ValidationError, match="how the issue was resolved"):
        issue_update(issue=issue, actor=coordinator, status="resolved", resolution=" ")
    issue.refresh_from_db()
    assert issue.status == OperationalIssue.Status.OPEN

    issue = issue_update(issue=issue, actor=coordinator, status="resolved", resolution="Dispatch added a repeater.")

    assert issue.resolved_by == coordinator and issue.resolved_at is not None
    notice = Notification.objects.get(recipient=officer, kind="issue_progress")
    assert notice.subject == f"Your issue {issue.pk} is now: resolved"
    assert notice.body == "Resolution: Dispatch added a repeater."


def test_history_is_loaded_with_the_moment_it_was_closed(officer, coordinator):
    raised_at = timezone.now() - timedelta(days=30)
    issue = issue_raise(raised_by=officer, what_happened="Radio dead zone.", raised_at=raised_at)

    issue = issue_update(
        issue=issue, actor=coordinator, status="resolved", resolution="A repeater.", now=raised_at + timedelta(days=4)
    )

    assert issue.resolved_at - issue.created_at == timedelta(days=4)


def test_reopening_clears_the_resolution_time(officer, coordinator):
    issue = issue_raise(raised_by=officer, what_happened="Radio dead zone.")
    issue_update(issue=issue, actor=coordinator, status="wont_fix", resolution="Out of our hands.")
    issue = issue_update(issue=issue, actor=coordinator, status="in_progress")
    assert issue.resolved_at is None and issue.resolved_by is None


def test_only_coordinators_move_issues(officer):
    issue = issue_raise(raised_by=officer, what_happened="Radio dead zone.")
    with pytest.raises(PermissionDenied):
        issue_update(issue=issue, actor=officer, status="resolved", resolution="I fixed it myself.")


def test_a_due_date_before_the_meeting_is_refused(past_meeting, coordinator, members, officer):
    with pytest.raises(ValidationError) as refused:
        action_item_create(
            workgroup=past_meeting.workgroup,
            actor=coordinator,
            description="Call dispatch",
            owner=officer,
            due_on=past_meeting.local_date - timedelta(days=1),
            meeting=past_meeting,
        )
    assert refused.value.message_dict == {
        "due_on": [f"The due date cannot be before the meeting ({past_meeting.local_date:%Y-%m-%d})."]
    }
    assert not ActionItem.objects.exists()


def test_an_owner_must_sit_in_the_workgroup(workgroup, coordinator, make_user):
    from lead_ops.accounts.roles import Role

    outsider = make_user(Role.OFFICER)
    with pytest.raises(ValidationError, match="does not sit in"):
        action_item_create(
            workgroup=workgroup,
            actor=coordinator,
            description="Call",
            owner=outsider,
            due_on=timezone.localdate(),
        )


def test_the_owner_is_told_and_may_mark_it_done(workgroup, coordinator, members, officer, sergeant):
    item = action_item_create(
        workgroup=workgroup, actor=coordinator, description="Call dispatch", owner=officer, due_on=timezone.localdate()
    )
    assert Notification.objects.filter(recipient=officer, kind="action_assigned").exists()

    item = action_item_update_status(item=item, actor=officer, status="done")
    assert item.completed_at is not None
    with pytest.raises(PermissionDenied):
        action_item_update_status(item=item, actor=sergeant, status="open")


def test_reminders_before_due_and_when_overdue_once_each(workgroup, coordinator, members, officer, sergeant, settings):
    settings.LEAD_ACTION_REMINDER_DAYS = 2
    today = timezone.localdate()
    soon = action_item_create(
        workgroup=workgroup, actor=coordinator, description="Soon", owner=officer, due_on=today + timedelta(days=2)
    )
    later = action_item_create(
        workgroup=workgroup, actor=coordinator, description="Later", owner=officer, due_on=today + timedelta(days=9)
    )
    late = action_item_create(workgroup=workgroup, actor=coordinator, description="Late", owner=sergeant, due_on=today)
    ActionItem.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=1))
    done = action_item_create(workgroup=workgroup, actor=coordinator, description="Done", owner=officer, due_on=today)
    action_item_update_status(item=done, actor=officer, status="done")

    assert action_item_reminders_task.delay().get() == 2
    assert action_item_reminders_send() == 0  # the second run sends nothing

    due = Notification.objects.get(kind="action_due")
    assert due.recipient == officer and "Soon" in due.subject
    overdue = Notification.objects.get(kind="action_overdue")
    assert overdue.recipient == sergeant and overdue.subject.startswith("Action item overdue since")
    assert not Notification.objects.filter(subject__contains="Later").exists()

    # A new due date re-arms the reminder.
    ActionItem.objects.filter(pk=later.pk).update(due_on=today + timedelta(days=1))
    assert action_item_reminders_send(today=today) == 1
    assert soon.pk != later.pk
