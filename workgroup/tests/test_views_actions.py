"""/workgroup/actions/: action items by owner and due date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from workgroup.models import ActionItem
from workgroup.services import action_item_create

pytestmark = pytest.mark.django_db


def test_a_due_date_before_the_meeting_is_refused_beside_the_field(client, past_meeting, coordinator, members, officer):
    client.force_login(coordinator)
    before = past_meeting.local_date - timedelta(days=1)

    response = client.post(
        f"/workgroup/actions/new/?meeting={past_meeting.pk}",
        {"description": "Call dispatch", "owner": officer.pk, "due_on": before.isoformat(), "meeting": past_meeting.pk},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_due_on_error"' in content
    assert f"The due date cannot be before the meeting ({past_meeting.local_date:%Y-%m-%d})." in content
    assert not ActionItem.objects.exists()


def test_the_coordinator_assigns_and_the_owner_marks_it_done(client, past_meeting, coordinator, members, officer):
    client.force_login(coordinator)
    due = timezone.localdate() + timedelta(days=7)
    response = client.post(
        f"/workgroup/actions/new/?meeting={past_meeting.pk}",
        {"description": "Call dispatch", "owner": officer.pk, "due_on": due.isoformat(), "meeting": past_meeting.pk},
    )
    item = ActionItem.objects.get()
    assert response["Location"] == past_meeting.get_absolute_url() and item.meeting == past_meeting

    client.force_login(officer)
    client.post(f"/workgroup/actions/{item.pk}/status/", {"status": "done", "next": "/workgroup/actions/?mine=1"})
    item.refresh_from_db()
    assert item.status == "done"


def test_only_the_owner_or_a_coordinator_changes_an_action_item(client, workgroup, coordinator, members, officer):
    item = action_item_create(
        workgroup=workgroup, actor=coordinator, description="Call", owner=officer, due_on=timezone.localdate()
    )
    client.force_login(members["sergeant"])

    response = client.post(f"/workgroup/actions/{item.pk}/status/", {"status": "dropped"}, follow=True)

    assert "Only the owner or a coordinator" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "open"


def test_outsiders_do_not_see_the_workgroup_s_action_items(client, workgroup, coordinator, members, officer, make_user):
    from lead_ops.accounts.roles import Role

    item = action_item_create(
        workgroup=workgroup, actor=coordinator, description="Call", owner=officer, due_on=timezone.localdate()
    )
    client.force_login(make_user(Role.OFFICER))
    assert client.get("/workgroup/actions/").context["actions"] == []
    assert client.post(f"/workgroup/actions/{item.pk}/status/", {"status": "done"}).status_code == 404


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_does_not_grow_with_rows(
    client, workgroup, coordinator, members, officer, rows, django_assert_num_queries
):
    for n in range(rows):
        action_item_create(
            workgroup=workgroup,
            actor=coordinator,
            description=f"Task {n}",
            owner=officer,
            due_on=timezone.localdate() + timedelta(days=n),
        )
    client.force_login(officer)

    # session, user, groups, unread notifications, count, page (with owner, meeting, issue, workgroup)
    with django_assert_num_queries(6):
        client.get("/workgroup/actions/?status=open")
