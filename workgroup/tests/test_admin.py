"""Admin: saves go through the services; meeting records are read-only, so
approved minutes cannot change there either."""

import pytest
from django.utils import timezone

from lead_ops.audit.models import AuditEvent
from workgroup.models import AgendaItem, Membership, OperationalIssue
from workgroup.services import agenda_item_add, issue_raise, minutes_approve, minutes_record

pytestmark = pytest.mark.django_db

MODELS = [
    "workgroup",
    "membership",
    "meetingseries",
    "meeting",
    "agendaitem",
    "attendance",
    "minutesaddendum",
    "operationalissue",
    "actionitem",
    "calendarfeed",
    "agendadelivery",
]


@pytest.mark.parametrize("model", MODELS)
def test_every_admin_list_opens(admin_client_for, model):
    assert admin_client_for.get(f"/admin/workgroup/{model}/").status_code == 200


@pytest.fixture
def admin_client_for(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def locked_item(past_meeting, coordinator):
    item = agenda_item_add(meeting=past_meeting, actor=coordinator, kind="other", title="Briefing")
    minutes_record(meeting=past_meeting, actor=coordinator, minutes={item.pk: "Original."})
    minutes_approve(meeting=past_meeting, actor=coordinator)
    return item


def test_locked_minutes_are_read_only_in_admin(admin_client_for, locked_item):
    page = admin_client_for.get(f"/admin/workgroup/agendaitem/{locked_item.pk}/change/")
    assert page.status_code == 200 and 'name="minutes"' not in page.content.decode()

    posted = admin_client_for.post(
        f"/admin/workgroup/agendaitem/{locked_item.pk}/change/",
        {"minutes": "Rewritten.", "title": "Briefing", "kind": "other", "position": 1},
    )
    assert posted.status_code == 403
    meeting = admin_client_for.post(
        f"/admin/workgroup/meeting/{locked_item.meeting_id}/change/", {"place": "Elsewhere"}
    )
    assert meeting.status_code == 403
    assert (
        admin_client_for.post(f"/admin/workgroup/agendaitem/{locked_item.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    locked_item.refresh_from_db()
    assert locked_item.minutes == "Original." and AgendaItem.objects.count() == 1


def test_an_issue_is_changed_in_admin_through_its_service(admin_client_for, officer, administrator):
    issue = issue_raise(raised_by=officer, what_happened="Radio dead zone.")
    url = f"/admin/workgroup/operationalissue/{issue.pk}/change/"

    refused = admin_client_for.post(url, {"status": "resolved", "resolution": ""})
    assert refused.status_code == 200
    assert "Say how the issue was resolved" in refused.content.decode()
    issue.refresh_from_db()
    assert issue.status == "open"

    saved = admin_client_for.post(url, {"status": "resolved", "resolution": "Repeater installed."})
    assert saved.status_code == 302
    issue.refresh_from_db()
    assert issue.status == OperationalIssue.Status.RESOLVED and issue.resolved_by == administrator
    assert AuditEvent.objects.filter(summary="Issue status: Resolved", actor=administrator).exists()


def test_a_membership_added_in_admin_goes_through_the_service(admin_client_for, workgroup, officer):
    response = admin_client_for.post(
        "/admin/workgroup/membership/add/", {"workgroup": workgroup.pk, "user": officer.pk, "role": "officer"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.user == officer and membership.joined_on == timezone.localdate()
    assert AuditEvent.objects.filter(object_type="workgroup.membership", action="create").exists()


def test_cancelling_a_started_meeting_in_the_admin_names_the_meeting_and_why(
    admin_client_for, past_meeting, next_meeting
):
    response = admin_client_for.post(
        "/admin/workgroup/meeting/",
        {"action": "cancel_meetings", "_selected_action": [past_meeting.pk, next_meeting.pk]},
        follow=True,
    )

    shown = [str(message) for message in response.context["messages"]]
    assert shown == [f"{past_meeting}: A meeting that has already started cannot be cancelled."]
    past_meeting.refresh_from_db()
    next_meeting.refresh_from_db()
    assert not past_meeting.is_cancelled and next_meeting.is_cancelled
