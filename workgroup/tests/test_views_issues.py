"""/workgroup/issues/: open to everyone signed in; coordinators move issues along."""

import pytest

from lead_ops.accounts.roles import Role
from workgroup.models import OperationalIssue
from workgroup.services import issue_raise, issue_update

pytestmark = pytest.mark.django_db


def test_anyone_signed_in_may_raise_an_issue(client, make_user):
    analyst = make_user(Role.ANALYST)
    client.force_login(analyst)

    response = client.post(
        "/workgroup/issues/new/",
        {"what_happened": "The report export times out.", "location": "", "suggestion": "Smaller pages."},
    )

    issue = OperationalIssue.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workgroup/issues/{issue.pk}/"
    assert issue.raised_by == analyst and issue.suggestion == "Smaller pages."
    page = client.get(response["Location"]).content.decode()
    assert f"Thank you: issue {issue.pk} is with the operational workgroup." in page


def test_an_empty_description_is_refused_beside_the_field(client, officer):
    client.force_login(officer)

    response = client.post("/workgroup/issues/new/", {"what_happened": "   ", "location": "W2"})

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_what_happened_error"' in content
    assert "Say what happened: the issue cannot be empty." in content
    assert not OperationalIssue.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get("/workgroup/issues/").status_code == 302


def test_the_list_filters_by_status_and_by_mine(client, officer, sergeant, coordinator):
    mine = issue_raise(raised_by=officer, what_happened="Mine")
    theirs = issue_raise(raised_by=sergeant, what_happened="Theirs")
    issue_update(issue=theirs, actor=coordinator, status="resolved", resolution="Done.")
    client.force_login(officer)

    assert [i.pk for i in client.get("/workgroup/issues/").context["issues"]] == [theirs.pk, mine.pk]
    assert [i.pk for i in client.get("/workgroup/issues/?mine=1").context["issues"]] == [mine.pk]
    assert [i.pk for i in client.get("/workgroup/issues/?status=resolved").context["issues"]] == [theirs.pk]
    assert client.get("/workgroup/issues/?status=teleported").status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_does_not_grow_with_rows(client, officer, rows, django_assert_num_queries):
    for n in range(rows):
        issue_raise(raised_by=officer, what_happened=f"Issue {n}")
    client.force_login(officer)

    # session, user, groups, unread notifications, count, page of issues (with raiser and protocol version)
    with django_assert_num_queries(6):
        client.get("/workgroup/issues/")


def test_the_coordinator_resolves_and_the_officer_sees_it(client, officer, coordinator):
    issue = issue_raise(raised_by=officer, what_happened="Radio dead zone under the bridge.")
    client.force_login(coordinator)

    refused = client.post(f"/workgroup/issues/{issue.pk}/", {"status": "resolved", "resolution": ""})
    assert "Say how the issue was resolved" in refused.content.decode()
    issue.refresh_from_db()
    assert issue.status == "open"

    client.post(f"/workgroup/issues/{issue.pk}/", {"status": "resolved", "resolution": "Dispatch added a repeater."})

    client.force_login(officer)
    home = client.get("/").content.decode()
    assert "Dispatch added a repeater." in home and "Resolved" in home
    detail = client.get(f"/workgroup/issues/{issue.pk}/").content.decode()
    assert 'data-testid="issue-resolution"' in detail and "Update (coordinator)" not in detail


def test_an_officer_cannot_change_an_issue(client, officer):
    issue = issue_raise(raised_by=officer, what_happened="Radio dead zone.")
    client.force_login(officer)

    response = client.post(f"/workgroup/issues/{issue.pk}/", {"status": "resolved", "resolution": "Fixed it."})

    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.status == "open"


def test_an_unknown_issue_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get("/workgroup/issues/999/").status_code == 404
