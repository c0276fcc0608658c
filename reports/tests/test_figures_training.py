"""Training coverage by unit against the hand-built `trained` program
(reports/tests/conftest.py): Night 0 people, Patrol 3 with 2 current,
Proactive 4 with 3 current."""

from datetime import timedelta

import pytest

from lead_ops.accounts.roles import Role
from reports.figures import training
from reports.figures.base import DASH
from reports.filters import ReportFilters
from reports.results import report_query
from reports.sections.training import SECTION
from reports.selectors import report_scope

HEADER = ("Unit", "Officers and sergeants", "Current on all required topics", "Share current")


@pytest.fixture
def no_suppression(settings):
    settings.LEAD_SMALL_CELL_MIN = 1  # the counts here are all small; suppression has its own tests below


def _figure(user, trained, **filters):
    query = report_query(user, report_scope(user), _filters(trained, **filters))
    return SECTION.figures(query)[0]


def _filters(program, **extra):
    return ReportFilters(date_from=(program.early - timedelta(days=1)).date(), date_to=program.today, **extra)


@pytest.mark.usefixtures("no_suppression")
def test_the_share_of_each_units_officers_and_sergeants_current(analyst, trained):
    figure = _figure(analyst, trained)

    assert figure.table.header == HEADER
    assert figure.table.rows == (
        ("Night", 0, 0, DASH),
        ("Patrol", 3, 2, "67%"),
        ("Proactive", 4, 3, "75%"),
        ("All units in view", 7, 5, "71%"),
    )
    assert figure.headline == "5 of 7 officers and sergeants (71%) are current on every required topic."
    assert figure.chart["data"] == {
        "labels": ["Night", "Patrol", "Proactive"],
        "datasets": [{"label": "Current on all required topics (%)", "data": [None, 66.7, 75.0]}],
    }


@pytest.mark.usefixtures("no_suppression")
def test_a_sergeant_sees_the_units_they_supervise(trained):
    figure = _figure(trained.users["sam"], trained)

    assert figure.table.rows == (("Proactive", 4, 3, "75%"), ("All units in view", 4, 3, "75%"))


@pytest.mark.usefixtures("no_suppression")
@pytest.mark.parametrize(
    ("filter_name", "unit_names"),
    [
        ("precinct", ["Night", "Patrol"]),
        ("unit", ["Patrol"]),
        ("unit_kind", ["Night", "Patrol"]),
    ],
)
def test_the_unit_filters_choose_the_units(analyst, trained, filter_name, unit_names):
    patrol = trained.units["patrol"]
    value = {"precinct": {"precinct_id": patrol.precinct_id}, "unit": {"unit_id": patrol.pk}}.get(
        filter_name, {"unit_kind": "patrol"}
    )

    figure = _figure(analyst, trained, **value)

    assert [row[0] for row in figure.table.rows[:-1]] == unit_names


@pytest.mark.usefixtures("no_suppression")
def test_the_route_filter_does_not_apply(analyst, trained):
    route = trained.referrals["c1"].route_id

    assert _figure(analyst, trained, route_id=route).table.rows[-1] == ("All units in view", 7, 5, "71%")


def test_a_unit_with_few_people_shows_no_count_of_who_is_current(analyst, trained):
    figure = _figure(analyst, trained)  # the default minimum of 5

    assert figure.table.rows == (
        ("Night", 0, 0, DASH),
        ("Patrol", 3, "suppressed", DASH),
        ("Proactive", 4, "suppressed", DASH),
        ("All units in view", 7, "suppressed", DASH),
    )
    assert figure.headline == "Too few officers and sergeants in view to show how many are current."
    assert figure.chart is None  # nothing to draw


def _group(name, police, current):
    return {"pk": hash(name), "name": name, "police": police, "police_current": current}


def test_a_second_unit_is_hidden_so_the_total_cannot_give_the_first_back():
    # A: 12 of 20 shown. C: 3 of 10 is small, hidden. B: 9 of 15 is the next
    # smallest and hidden with it. All: 24 of 45, rest 21, shown.
    figure = training.training_coverage([_group("A", 20, 12), _group("B", 15, 9), _group("C", 10, 3)])

    assert [row[1:] for row in figure.table.rows] == [
        (20, 12, "60%"),
        (15, "suppressed", DASH),
        (10, "suppressed", DASH),
        (45, 24, "53%"),
    ]


def test_the_total_is_hidden_when_the_other_units_have_no_one_current():
    # C: 7 of 10 hides (3 not current); with A at 0 of 10, 7 of 20 would give C back.
    figure = training.training_coverage([_group("A", 10, 0), _group("C", 10, 7)])

    assert [row[1:] for row in figure.table.rows] == [(10, 0, "0%"), (10, "suppressed", DASH), (20, "suppressed", DASH)]


def test_nothing_in_view(make_user):
    figure = training.training_coverage([])

    assert figure.table.rows == () and figure.chart is None
    assert figure.headline == "No officers or sergeants in the units in view."


@pytest.mark.parametrize("extra", [0, 20])
def test_one_query_however_many_people(analyst, trained, make_user, extra, django_assert_num_queries):
    for _ in range(extra):
        make_user(Role.OFFICER, unit=trained.units["night"])
    units = _filters(trained).apply_to_units(report_scope(analyst).units())

    with django_assert_num_queries(1):
        groups = training.coverage_groups(units)

    assert [g["police"] for g in groups] == [extra, 3, 4]
