"""Operational issues opened and resolved, and the time to resolve, against
the hand-built `workgroup_year` (reports/tests/conftest.py). Days to resolve
in the range: 10, 2, 5 and 175, so the median is 7.5 and the 90th percentile
10 + 0.7 x 165 = 125.5 (the continuous percentile, as percentile_cont)."""

from collections import Counter
from datetime import timedelta

import pytest

from lead_ops.accounts.roles import Role
from reports.figures import issues
from reports.filters import ReportFilters
from reports.selectors import report_scope
from workgroup.services import issue_raise

DAY = 86400


def _filters(program, **extra):
    return ReportFilters(date_from=(program.early - timedelta(days=1)).date(), date_to=program.today, **extra)


def _counts(user, program, **filters):
    return issues.issue_counts(
        issues.issues_in_view(report_scope(user), _filters(program, **filters)), _filters(program, **filters)
    )


def _figure(user, program, **filters):
    return issues.issues_opened_and_resolved(*_counts(user, program, **filters), _filters(program, **filters))


def _rows(figure):
    return {row[0]: row[1:] for row in figure.table.rows}


def test_opened_and_resolved_per_month_and_the_time_to_resolve(analyst, workgroup_year):
    _, _, quantiles = _counts(analyst, workgroup_year)
    figure = _figure(analyst, workgroup_year)

    assert quantiles[0.5] == pytest.approx(7.5 * DAY) and quantiles[0.9] == pytest.approx(125.5 * DAY)
    rows = _rows(figure)
    assert rows["Total"] == (5, 4, 1)
    assert rows["Opened in the period and still open"] == (1, "", "")
    assert rows["Median time to resolve"] == ("", "7.5 days", "")
    assert rows["90th percentile time to resolve"] == ("", "125.5 days", "")
    assert (
        figure.headline
        == "5 opened and 4 resolved in the period; median 7.5 days to resolve, 90th percentile 125.5 days."
    )

    def by_month(days_ago):
        return Counter(f"{workgroup_year.today - timedelta(days=days):%b %Y}" for days in days_ago)

    raised, resolved, wont_fix = by_month([50, 30, 20, 10, 12]), by_month([40, 28, 15, 25]), by_month([11])
    months = [f"{month:%b %Y}" for month in _filters(workgroup_year).months()]
    month_rows = figure.table.rows[: len(months)]
    assert [row[0] for row in month_rows] == months
    assert [row[1:] for row in month_rows] == [(raised[m], resolved[m], wont_fix[m]) for m in months]
    assert figure.chart["data"]["datasets"][1] == {"label": "Resolved", "data": [resolved[m] for m in months]}


def test_a_sergeant_sees_their_precincts_issues_and_those_of_no_workgroup(workgroup_year):
    figure = _figure(workgroup_year.users["sam"], workgroup_year)  # i1, i3, i4, i6 (and i7, raised before the range)

    rows = _rows(figure)
    assert rows["Total"] == (3, 3, 0)
    assert rows["Opened in the period and still open"][0] == 1
    assert rows["Median time to resolve"][1] == "10.0 days"
    assert rows["90th percentile time to resolve"][1] == "142.0 days"  # 10 + 0.8 x 165


def test_a_precinct_narrows_to_its_workgroups_issues(analyst, workgroup_year):
    figure = _figure(analyst, workgroup_year, precinct_id=workgroup_year.units["patrol"].precinct_id)  # i2, i5

    rows = _rows(figure)
    assert rows["Total"] == (2, 1, 1)
    assert rows["Median time to resolve"][1] == rows["90th percentile time to resolve"][1] == "2.0 days"


def test_nothing_raised_or_closed(make_user, workgroup_year):
    figure = _figure(make_user(Role.SERGEANT), workgroup_year)

    assert figure.headline == "No operational issue was raised or closed in the period."
    assert _rows(figure)["Median time to resolve"] == ("", "\u2013", "")


@pytest.mark.parametrize("extra", [0, 20])
def test_three_queries_however_many_issues(analyst, workgroup_year, extra, django_assert_num_queries):
    for _ in range(extra):
        issue_raise(raised_by=workgroup_year.users["casey"], what_happened="Another one")
    in_view = issues.issues_in_view(report_scope(analyst), _filters(workgroup_year))

    with django_assert_num_queries(3):  # opened per month, closed per month, percentiles
        opened, _, _ = issues.issue_counts(in_view, _filters(workgroup_year))

    assert sum(group["opened"] for group in opened) == 5 + extra
