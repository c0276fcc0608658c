"""Workgroup attendance by role against the hand-built `workgroup_year`
(reports/tests/conftest.py): four meetings held in the range, two of them
without a line officer or without a sergeant."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from reports.figures import workgroup
from reports.filters import ReportFilters
from reports.selectors import report_scope
from workgroup.services import attendance_record, meeting_schedule

HEADER = ("Seat", "Attendances", "Meetings attended", "Share of meetings held")


def _filters(program, **extra):
    return ReportFilters(date_from=(program.early - timedelta(days=1)).date(), date_to=program.today, **extra)


def _figure(user, program, **filters):
    meetings = workgroup.meetings_held(report_scope(user), _filters(program, **filters))
    return workgroup.attendance_by_role(workgroup.attendance_counts(meetings))


def test_attendance_by_seat_over_the_meetings_held(analyst, workgroup_year):
    figure = _figure(analyst, workgroup_year)

    assert figure.table.header == HEADER
    assert figure.table.rows == (
        ("Line officer", 3, 3, "75%"),
        ("Sergeant", 3, 3, "75%"),
        ("Case manager", 3, 3, "75%"),
        ("Prosecutor", 1, 1, "25%"),
        ("Public defender", 0, 0, "0%"),
        ("Community representative", 0, 0, "0%"),
        ("Coordinator", 2, 2, "50%"),
        ("Other / guest", 0, 0, "0%"),
        ("All seats", 12, "", ""),
        ("Meetings held", "", 4, ""),
        ("Meetings without a line officer", "", 1, "25%"),
        ("Meetings without a sergeant", "", 1, "25%"),
        ("Meetings missing a line officer or a sergeant", "", 2, "50%"),
    )
    assert figure.headline == "4 meetings held; 1 without a line officer, 1 without a sergeant."
    assert figure.chart["data"]["datasets"] == [{"label": "Attendances", "data": [3, 3, 3, 1, 0, 0, 2, 0]}]


def test_a_sergeant_sees_the_workgroups_of_their_precinct_and_the_site_wide_ones(workgroup_year):
    figure = _figure(workgroup_year.users["sam"], workgroup_year)  # North and site-wide

    rows = {row[0]: row[1:] for row in figure.table.rows}
    assert rows["Line officer"] == (3, 3, "100%")
    assert rows["Sergeant"] == (2, 2, "67%")
    assert rows["Prosecutor"] == (0, 0, "0%")
    assert figure.headline == "3 meetings held; 0 without a line officer, 1 without a sergeant."


@pytest.mark.parametrize(
    ("choose", "held"),
    [
        (lambda p: {"precinct_id": p.units["patrol"].precinct_id}, 1),  # South only: not the site-wide one
        (lambda p: {"unit_id": p.units["proactive"].pk}, 2),  # the unit's precinct: North
        (lambda p: {"unit_kind": "patrol"}, 4),  # does not apply
        (lambda p: {"route_id": p.referrals["c1"].route_id}, 4),  # does not apply
    ],
)
def test_precinct_and_unit_narrow_to_their_precincts_workgroups(analyst, workgroup_year, choose, held):
    figure = _figure(analyst, workgroup_year, **choose(workgroup_year))

    assert {row[0]: row[2] for row in figure.table.rows}["Meetings held"] == held


def test_future_and_cancelled_meetings_are_not_counted(analyst, workgroup_year):
    # Five days from now, the meeting in 3 days has been held; the one in 4 was cancelled.
    filters = ReportFilters(
        date_from=workgroup_year.today - timedelta(days=20), date_to=workgroup_year.today + timedelta(days=10)
    )
    meetings = workgroup.meetings_held(report_scope(analyst), filters, now=timezone.now() + timedelta(days=5))

    assert set(meetings.values_list("pk", flat=True)) == {
        workgroup_year.meetings[key].pk for key in ("s1", "w1", "n2", "n3")
    }


def test_a_sergeant_without_units_sees_no_meeting(make_user, workgroup_year):
    figure = _figure(make_user(Role.SERGEANT), workgroup_year)

    assert figure.headline == "No workgroup meeting was held in the period."


@pytest.mark.parametrize("extra", [0, 20])
def test_one_query_however_many_meetings(analyst, workgroup_year, coordinator, extra, django_assert_num_queries):
    site = workgroup_year.meetings["w1"].workgroup
    for index in range(extra):
        starts_at = timezone.now() - timedelta(days=1, hours=index)
        meeting = meeting_schedule(
            workgroup=site,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=30),
            place="Room",
            actor=coordinator,
        )
        attendance_record(meeting=meeting, actor=coordinator, attendees=[(workgroup_year.users["casey"], "officer")])
    meetings = workgroup.meetings_held(report_scope(analyst), _filters(workgroup_year))

    with django_assert_num_queries(1):
        counts = workgroup.attendance_counts(meetings)

    assert counts["held"] == 4 + extra and counts["attendances_officer"] == 3 + extra
