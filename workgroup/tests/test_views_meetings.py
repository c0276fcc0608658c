"""Meeting pages: who sees what, the coordinator's agenda, minutes and attendance,
print and CSV; refusals are messages, never a 500, and nothing half-saved."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from referrals.tests.factories import file_referral
from workgroup.models import ActionItem, AgendaItem, Attendance, MemberRole
from workgroup.services import (
    action_item_create,
    agenda_item_add,
    attendance_record,
    issue_raise,
    minutes_approve,
    minutes_record,
)

from .conftest import schedule
from .factories import handed_off_referral, overdue_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lead_protocol")]


def test_members_see_their_workgroup_s_meetings_and_others_do_not(client, next_meeting, members, make_user):
    client.force_login(members["officer"])
    assert client.get(f"/workgroup/meetings/{next_meeting.pk}/").status_code == 200
    assert [m.pk for m in client.get("/workgroup/meetings/").context["upcoming"]] == [next_meeting.pk]

    outsider = make_user(Role.OFFICER)
    client.force_login(outsider)
    assert client.get(f"/workgroup/meetings/{next_meeting.pk}/").status_code == 404
    assert client.get("/workgroup/meetings/").context["upcoming"] == []


def test_a_member_without_access_sees_the_case_conference_as_restricted(
    client, next_meeting, members, coordinator, officer, sergeant
):
    referral = handed_off_referral(officer=officer, sergeant=sergeant)
    agenda_item_add(
        meeting=next_meeting,
        actor=coordinator,
        kind=AgendaItem.Kind.CASE_CONFERENCE,
        referral=referral,
        detail="Housing",
    )

    client.force_login(members["case_manager"])
    restricted = client.get(f"/workgroup/meetings/{next_meeting.pk}/").content.decode()
    assert "Participant case conference (restricted)" in restricted
    assert referral.person.full_name not in restricted and "Housing" not in restricted

    client.force_login(officer)
    shown = client.get(f"/workgroup/meetings/{next_meeting.pk}/").content.decode()
    assert referral.person.full_name in shown and "restricted" not in shown
    event = AuditEvent.objects.filter(action="view", object_type="workgroup.meeting").latest("id")
    assert event.detail == {"referrals_shown": [referral.pk]}


@pytest.mark.parametrize("rows", [1, 25])
def test_meeting_list_query_count_does_not_grow_with_rows(
    client, workgroup, coordinator, officer, members, rows, django_assert_num_queries
):
    for n in range(rows):
        schedule(workgroup, actor=coordinator, starts_in=timedelta(days=n + 1))
        schedule(workgroup, actor=coordinator, starts_in=-timedelta(days=n + 1))
    client.force_login(officer)

    # session, user, groups, unread notifications, past count, past page, upcoming
    with django_assert_num_queries(7):
        client.get("/workgroup/meetings/")


@pytest.mark.parametrize("rows", [1, 25])
def test_attendance_report_query_count_does_not_grow_with_rows(
    client, workgroup, coordinator, rows, django_assert_num_queries
):
    for n in range(rows):
        schedule(workgroup, actor=coordinator, starts_in=-timedelta(days=n + 1))
    client.force_login(coordinator)

    # session, user, groups, unread notifications, count, page
    with django_assert_num_queries(6):
        client.get("/workgroup/meetings/attendance/")


def test_every_page_of_past_meetings_counts_its_own_rows_attendance(
    client, workgroup, coordinator, officer, sergeant, case_manager, members, monkeypatch
):
    """The attendance of a page's meetings is counted for those rows alone
    (attendance_rows): on every page of the meetings list and of the
    attendance report, each meeting once, newest first, with its own counts."""
    from workgroup.views import meetings as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    present = [
        [(officer, MemberRole.OFFICER)],
        [],
        [(officer, MemberRole.OFFICER), (sergeant, MemberRole.SERGEANT), (case_manager, MemberRole.CASE_MANAGER)],
        [(sergeant, MemberRole.SERGEANT)],
        [(case_manager, MemberRole.CASE_MANAGER)],
    ]
    expected = []
    for days, attendees in enumerate(present, start=1):
        meeting = schedule(workgroup, actor=coordinator, starts_in=-timedelta(days=days))
        if attendees:
            attendance_record(meeting=meeting, actor=coordinator, attendees=attendees)
        roles = {role for _, role in attendees}
        seats = ((MemberRole.OFFICER, "line officer"), (MemberRole.SERGEANT, "sergeant"))
        missing = [label for role, label in seats if role not in roles]
        expected.append((meeting.pk, len(attendees), missing))
    client.force_login(coordinator)

    for path, key in (("/workgroup/meetings/", "past_rows"), ("/workgroup/meetings/attendance/", "rows")):
        seen = []
        for number in (1, 2, 3):
            rows = client.get(path, {"page": number}).context[key]
            assert len(rows) == (2 if number < 3 else 1), (path, number)
            seen += [(row["meeting"].pk, row["meeting"].attendees, row["missing"]) for row in rows]
        assert seen == expected, path
    report = client.get("/workgroup/meetings/attendance/", {"page": 2}).context["rows"]
    assert [(r["meeting"].officers_present, r["meeting"].sergeants_present) for r in report] == [(1, 1), (0, 1)]


def test_the_report_and_the_meeting_flag_a_meeting_without_a_sergeant(
    client, past_meeting, coordinator, officer, members
):
    attendance_record(meeting=past_meeting, actor=coordinator, attendees=[(officer, MemberRole.OFFICER)])
    client.force_login(coordinator)

    report = client.get("/workgroup/meetings/attendance/")
    assert report.context["rows"][0]["missing"] == ["sergeant"]
    assert "No sergeant" in report.content.decode()
    page = client.get(f"/workgroup/meetings/{past_meeting.pk}/").content.decode()
    assert "This meeting was held without a sergeant." in page


def test_an_agenda_item_linking_a_referral_the_coordinator_may_not_see_is_refused(
    client, next_meeting, coordinator, officer
):
    unseen = file_referral(officer=officer)
    client.force_login(coordinator)

    for number in (unseen.pk, 999999):
        response = client.post(
            f"/workgroup/meetings/{next_meeting.pk}/agenda/add/",
            {"kind": "case_conference", "referral_number": number},
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert f"There is no referral {number} that you may see, so it cannot go on the agenda." in content
        assert 'id="id_referral_number_error"' in content
    assert not AgendaItem.objects.exists()


def test_the_coordinator_builds_the_agenda_keeping_some_and_dropping_others(client, next_meeting, coordinator, officer):
    kept = issue_raise(raised_by=officer, what_happened="Keep me")
    dropped = issue_raise(raised_by=officer, what_happened="Drop me")
    client.force_login(coordinator)

    page = client.get(f"/workgroup/meetings/{next_meeting.pk}/agenda/build/")
    assert [p.key for p in page.context["proposals"]] == [f"issue:{kept.pk}", f"issue:{dropped.pk}"]

    response = client.post(f"/workgroup/meetings/{next_meeting.pk}/agenda/build/", {"keep": [f"issue:{kept.pk}"]})

    assert response.status_code == 302
    assert list(next_meeting.agenda_items.values_list("issue_id", flat=True)) == [kept.pk]
    assert "1 item added to the agenda, 1 dropped." in client.get(response["Location"]).content.decode()


def test_build_ticks_only_open_issues_and_overdue_actions_grouped_by_kind(
    client, next_meeting, coordinator, officer, sergeant, members
):
    issue = issue_raise(raised_by=officer, what_happened="The hand-off line rings out")
    overdue = action_item_create(
        workgroup=next_meeting.workgroup,
        actor=coordinator,
        owner=officer,
        description="Late",
        due_on=timezone.localdate(),
    )
    ActionItem.objects.filter(pk=overdue.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    later = action_item_create(
        workgroup=next_meeting.workgroup,
        actor=coordinator,
        owner=officer,
        description="Not yet due",
        due_on=timezone.localdate() + timedelta(days=9),
    )
    conference = overdue_referral(officer=officer, sergeant=sergeant)
    client.force_login(coordinator)

    response = client.get(f"/workgroup/meetings/{next_meeting.pk}/agenda/build/")

    assert response.context["form"]["keep"].value() == [f"issue:{issue.pk}", f"action:{overdue.pk}"]
    groups = [(group.label, [p.key for p in members]) for group, members in response.context["groups"]]
    assert groups == [
        ("Open operational issues", [f"issue:{issue.pk}"]),
        ("Overdue action items", [f"action:{overdue.pk}"]),
        ("Action items not yet due", [f"action:{later.pk}"]),
        ("Participant case conferences", [f"referral:{conference.pk}"]),
    ]
    page = response.content.decode()
    assert (
        f'value="referral:{conference.pk}" id="keep-referral{conference.pk}" data-group="case_conference" aria' in page
    )
    assert f'value="issue:{issue.pk}" id="keep-issue{issue.pk}" data-group="issue" checked' in page
    assert "Tick all 1" in page


def test_items_move_with_htmx(client, next_meeting, coordinator):
    first = agenda_item_add(meeting=next_meeting, actor=coordinator, kind="other", title="First")
    second = agenda_item_add(meeting=next_meeting, actor=coordinator, kind="other", title="Second")
    client.force_login(coordinator)

    response = client.post(
        f"/workgroup/meetings/{next_meeting.pk}/agenda/{second.pk}/move/", {"direction": "up"}, HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    assert response.status_code == 200 and content.strip().startswith('<div id="agenda-list"')
    assert content.index("1. Second") < content.index("2. First") and "data-moved" in content
    first.refresh_from_db()
    assert first.position == 2


def test_members_cannot_change_the_agenda(client, next_meeting, members, officer):
    client.force_login(officer)
    assert client.post(f"/workgroup/meetings/{next_meeting.pk}/agenda/add/", {"kind": "other"}).status_code == 403
    assert client.get(f"/workgroup/meetings/{next_meeting.pk}/minutes/").status_code == 403


def test_minutes_attendance_and_approval_through_the_pages(client, past_meeting, coordinator, officer, members):
    item = agenda_item_add(meeting=past_meeting, actor=coordinator, kind="other", title="Briefing")
    client.force_login(coordinator)

    client.post(f"/workgroup/meetings/{past_meeting.pk}/minutes/", {f"item_{item.pk}": "Agreed to brief."})
    client.post(
        f"/workgroup/meetings/{past_meeting.pk}/attendance/",
        {
            f"present_{officer.pk}": "on",
            f"role_{officer.pk}": "officer",
            f"role_{members['sergeant'].pk}": "sergeant",
            "guest_role": "other",
        },
    )
    response = client.post(f"/workgroup/meetings/{past_meeting.pk}/minutes/approve/")

    past_meeting.refresh_from_db()
    assert past_meeting.minutes_locked
    assert list(Attendance.objects.values_list("user_id", "role")) == [(officer.pk, "officer")]
    page = client.get(response["Location"]).content.decode()
    assert "Minutes approved and locked." in page and "Agreed to brief." in page


def test_locked_minutes_cannot_change_through_the_pages(client, past_meeting, coordinator):
    item = agenda_item_add(meeting=past_meeting, actor=coordinator, kind="other", title="Briefing")
    minutes_record(meeting=past_meeting, actor=coordinator, minutes={item.pk: "Original."})
    minutes_approve(meeting=past_meeting, actor=coordinator)
    client.force_login(coordinator)

    response = client.post(f"/workgroup/meetings/{past_meeting.pk}/minutes/", {f"item_{item.pk}": "Rewritten."})
    assert response.status_code == 302
    assert "approved and locked" in client.get(response["Location"]).content.decode()
    removed = client.post(f"/workgroup/meetings/{past_meeting.pk}/agenda/{item.pk}/remove/", follow=True)
    assert "are locked: nothing was changed" in removed.content.decode()
    client.post(f"/workgroup/meetings/{past_meeting.pk}/attendance/", {"guest_role": "other"})

    item.refresh_from_db()
    assert item.minutes == "Original." and AgendaItem.objects.count() == 1

    added = client.post(
        f"/workgroup/meetings/{past_meeting.pk}/minutes/addendum/", {"agenda_item": item.pk, "text": "Correction."}
    )
    assert added.status_code == 302 and item.addenda.get().text == "Correction."


def test_printable_minutes_and_csv_export(client, past_meeting, coordinator, officer, sergeant, members):
    referral = handed_off_referral(officer=officer, sergeant=sergeant)
    item = agenda_item_add(meeting=past_meeting, actor=coordinator, kind="other", title='=HYPERLINK("x")')
    conference = agenda_item_add(meeting=past_meeting, actor=coordinator, kind="case_conference", referral=referral)
    minutes_record(
        meeting=past_meeting,
        actor=coordinator,
        minutes={item.pk: "-2+3 officers", conference.pk: f"{referral.person.full_name} is engaged."},
    )
    client.force_login(members["case_manager"])

    printable = client.get(f"/workgroup/meetings/{past_meeting.pk}/minutes/print/")
    assert printable.status_code == 200 and "css/workgroup.css" in printable.content.decode()
    assert referral.person.full_name not in printable.content.decode()

    response = client.get(f"/workgroup/meetings/{past_meeting.pk}/minutes.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["meeting", "item", "kind", "title"]
    assert rows[1][3] == '\'=HYPERLINK("x")' and rows[1][5] == "'-2+3 officers"
    assert rows[2][3] == "restricted" and rows[2][5] == "restricted"
    assert referral.person.full_name not in response.content.decode()
    assert AuditEvent.objects.filter(action="export", object_type="workgroup.meeting").exists()


def test_schedule_a_meeting_and_a_series(client, workgroup, coordinator):
    client.force_login(coordinator)

    bad = client.post(
        "/workgroup/meetings/new/",
        {"workgroup": workgroup.pk, "date": "2026-12-03", "start_time": "10:00", "end_time": "09:00", "place": "Room"},
    )
    assert "The meeting must end after it starts." in bad.content.decode() and not workgroup.meetings.exists()

    good = client.post(
        "/workgroup/meetings/new/",
        {"workgroup": workgroup.pk, "date": "2030-12-05", "start_time": "10:00", "end_time": "11:30", "place": "Room"},
    )
    assert good.status_code == 302 and workgroup.meetings.count() == 1

    series = client.post(
        "/workgroup/meetings/series/new/",
        {
            "workgroup": workgroup.pk,
            "first_meeting_on": "2030-01-03",
            "start_time": "10:00",
            "duration_minutes": 90,
            "interval_weeks": 2,
            "place": "Room",
        },
    )
    assert series.status_code == 302 and workgroup.series.count() == 1


def test_members_may_not_schedule(client, workgroup, members, officer):
    client.force_login(officer)
    assert client.get("/workgroup/meetings/new/").status_code == 403


def test_building_the_agenda_of_an_approved_meeting_goes_back_to_it(client, past_meeting, coordinator):
    item = agenda_item_add(meeting=past_meeting, actor=coordinator, kind="other", title="Briefing")
    minutes_record(meeting=past_meeting, actor=coordinator, minutes={item.pk: "Done."})
    minutes_approve(meeting=past_meeting, actor=coordinator)
    client.force_login(coordinator)

    response = client.get(f"/workgroup/meetings/{past_meeting.pk}/agenda/build/", follow=True)

    assert "This meeting&#x27;s agenda can no longer change." in response.content.decode()
    assert response.redirect_chain[-1][0] == past_meeting.get_absolute_url()
