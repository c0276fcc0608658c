"""/reports/, /reports/discretion/, /reports/equity/: who may open them, what
each scope sees, bad input, and query counts that do not grow with the data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from lead_ops.accounts.roles import Role
from referrals.tests.factories import file_referral
from reports.figures.base import DASH
from training.models import Topic
from training.tests.factories import TrainingRecordFactory
from workgroup.models import MemberRole
from workgroup.services import attendance_record, issue_raise, issue_update, meeting_schedule

from .conftest import make_officer, moment, report_query_string

PAGES = ["/reports/", "/reports/discretion/", "/reports/equity/", "/reports/exports/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    "role", [Role.OFFICER, Role.CASE_MANAGER, Role.PROSECUTOR, Role.PUBLIC_DEFENDER, Role.COMMUNITY_REFERRER]
)
def test_roles_without_reports_are_refused(client, make_user, path, role):
    client.force_login(make_user(role))

    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    "role", [Role.ANALYST, Role.COORDINATOR, Role.PROJECT_MANAGER, Role.SERGEANT, Role.ADMINISTRATOR]
)
def test_report_roles_open_every_page(client, make_user, path, role):
    client.force_login(make_user(role))

    response = client.get(path)

    assert response.status_code == 200
    assert b'href="/reports/"' in response.content  # the nav item


def test_signed_out_is_sent_to_sign_in(client):
    response = client.get("/reports/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_analyst_sees_the_whole_program(client, analyst, program):
    client.force_login(analyst)

    response = client.get("/reports/", report_query_string(program))

    content = response.content.decode()
    assert "14 referrals filed in the period." in content
    assert "11 of 13 eligible contacts were diverted (85%)." in content
    assert "The whole program" in content
    assert 'id="chart-data-referrals-by-route" type="application/json"' in content
    assert 'data-chart="chart-data-referrals-by-route"' in content


def test_a_sergeant_sees_their_units_only(client, program):
    client.force_login(program.users["sam"])  # Proactive: Avery's 8 and Blake's 3

    dashboard = client.get("/reports/", report_query_string(program)).content.decode()
    discretion = client.get("/reports/discretion/", report_query_string(program)).content.decode()

    assert "11 referrals filed in the period." in dashboard
    assert "Your units only" in dashboard
    assert "Avery Ames" in discretion and "Blake Bell" in discretion
    assert "Casey Cole" not in discretion
    units_offered = discretion.split('name="unit"')[1].split("</select>")[0]
    assert "Proactive" in units_offered and "Patrol" not in units_offered


def _figure_html(content: str, key: str) -> str:
    return content.split(f'data-testid="figure-{key}"')[1].split("</section>")[0]


def test_the_project_manager_sees_the_doors_side_by_side(client, settings, community_door):
    """The project team runs the program: the whole program's figures, the
    community door's own counts among them."""
    settings.LEAD_SMALL_CELL_MIN = 1
    client.force_login(community_door.users["pat"])

    content = client.get("/reports/", report_query_string(community_door)).content.decode()

    assert "The whole program" in content
    doors = _figure_html(content, "referrals-by-door")
    header = doors.split("<thead>")[1].split("</thead>")[0]
    names = ["Arrest diversion (pre-booking)", "Social contact referral", "Community referral"]
    assert [header.index(name) for name in names] == sorted(header.index(name) for name in names)
    assert "Received and declined at triage" in doors
    assert "Filed in the period by door: Arrest diversion (pre-booking) 3, Social contact referral 11, " in doors
    organisations = _figure_html(content, "community-by-organisation")
    assert "Downtown outreach" in organisations and "Business district" in organisations
    contact = _figure_html(content, "community-first-contact")
    assert "Median 3.5 days, 90th percentile 4.7 days over 2 people met after a community referral." in contact


def test_a_sergeant_is_not_shown_the_programs_community_door(client, settings, community_door):
    settings.LEAD_SMALL_CELL_MIN = 1
    client.force_login(community_door.users["sam"])

    content = client.get("/reports/", report_query_string(community_door)).content.decode()

    organisations = _figure_html(content, "community-by-organisation")
    assert "Not counted in this report." in organisations
    assert "Downtown outreach" not in content
    assert "counted only in the program&#x27;s reports" in _figure_html(content, "referrals-by-door")


def test_the_dashboard_shows_training_and_the_workgroup(client, analyst, settings, trained, workgroup_year):
    settings.LEAD_SMALL_CELL_MIN = 1
    client.force_login(analyst)

    content = client.get("/reports/", report_query_string(trained)).content.decode()

    assert 'data-testid="section-training"' in content and 'data-testid="section-workgroup"' in content
    assert "5 of 7 officers and sergeants (71%) are current on every required topic." in content
    assert "4 meetings held; 1 without a line officer, 1 without a sergeant." in content
    assert "5 opened and 4 resolved in the period; median 7.5 days to resolve" in content
    for key in ("training-coverage", "workgroup-attendance", "operational-issues"):
        figure = _figure_html(content, key)
        assert f'id="chart-data-{key}" type="application/json"' in figure and "<table" in figure


def test_a_sergeant_sees_training_and_the_workgroup_of_their_units_only(client, settings, trained, workgroup_year):
    settings.LEAD_SMALL_CELL_MIN = 1
    client.force_login(trained.users["terry"])  # Patrol, in the South precinct

    content = client.get("/reports/", report_query_string(trained)).content.decode()

    training = _figure_html(content, "training-coverage")
    assert "Patrol" in training and "Proactive" not in training and "Night" not in training
    assert "2 meetings held; 1 without a line officer, 0 without a sergeant." in content  # South and site-wide
    assert "3 opened and 2 resolved in the period" in content  # South's i2 and i5 (won't fix), and i3 of no workgroup


def test_a_sergeant_cannot_pick_another_unit(client, program):
    client.force_login(program.users["sam"])

    response = client.get("/reports/", report_query_string(program, unit=program.units["patrol"].pk))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in content
    assert "Fix the filters above to see the figures." in content
    assert "filed in the period" not in content


def test_a_sergeant_without_units_sees_nothing(client, make_user, program):
    client.force_login(make_user(Role.SERGEANT))

    content = client.get("/reports/", report_query_string(program)).content.decode()

    assert "0 referrals filed in the period." in content


def test_the_discretion_page_shows_rates_intervals_and_overrides(client, analyst, program):
    client.force_login(analyst)

    content = client.get("/reports/discretion/", report_query_string(program)).content.decode()

    assert "10 of 13 eligible contacts diverted by the officer's own decision (77%)" in content
    assert "sergeants overrode 1 decision." in content
    assert f"41{DASH}93%" in content  # Avery, 6 of 8
    assert "flagged" not in content.split("<table")[1]  # too few decisions to flag anyone


def test_the_equity_page_suppresses_small_counts(client, analyst, program):
    client.force_login(analyst)

    content = client.get("/reports/equity/", report_query_string(program)).content.decode()

    assert "fewer than 5" in content
    assert 'id="chart-data-equity-race"' in content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-05-01", "date_to": "2026-04-01"}, "The &#x27;Filed from&#x27; date is after"),
        ({"date_from": "1890-01-01", "date_to": "2020-01-01"}, "outside any program"),
        ({"date_from": "2001-01-01", "date_to": "2020-01-01"}, "at most ten years"),
        ({"date_from": "soon"}, "Enter a valid date."),
        ({"unit": "999999"}, "Select a valid choice"),
        ({"unit": "not-a-number"}, "Select a valid choice"),
        ({"route": "-1", "precinct": "'; drop table"}, "Select a valid choice"),
        ({"unit_kind": "teleport"}, "Select a valid choice"),
    ],
)
@pytest.mark.parametrize("path", ["/reports/", "/reports/discretion/", "/reports/equity/"])
def test_bad_filters_are_a_message_not_an_error(client, analyst, path, params, message):
    client.force_login(analyst)

    response = client.get(path, params)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Fix the filters above to see the figures." in response.content.decode()


def test_filters_narrow_the_figures(client, analyst, program):
    client.force_login(analyst)
    query = report_query_string(program)

    by_unit = client.get("/reports/", {**query, "unit": program.units["patrol"].pk}).content.decode()
    by_kind = client.get("/reports/", {**query, "unit_kind": "proactive"}).content.decode()
    by_route = client.get("/reports/", {**query, "route": program.referrals["c1"].route_id}).content.decode()
    by_precinct = client.get("/reports/", {**query, "precinct": program.units["proactive"].precinct_id}).content

    assert "3 referrals filed in the period." in by_unit
    assert "11 referrals filed in the period." in by_kind
    assert "3 referrals filed in the period." in by_route
    assert b"0 referrals filed in the period." in by_precinct  # referrals are filed without a precinct here


def test_figures_are_cached_per_scope_and_filters(client, analyst, program, django_assert_num_queries):
    client.force_login(analyst)
    query = report_query_string(program)
    client.get("/reports/", query)
    file_referral(officer=program.users["avery"], submitted_at=program.late)

    with django_assert_num_queries(4):  # session, user, groups, unread notifications: the rest is cached
        content = client.get("/reports/", query).content.decode()

    assert "14 referrals filed in the period." in content  # the cached figures, for a minute


def test_a_sergeant_never_gets_figures_cached_for_the_program(client, analyst, program):
    query = report_query_string(program)
    client.force_login(analyst)
    client.get("/reports/", query)
    client.force_login(program.users["terry"])

    content = client.get("/reports/", query).content.decode()

    assert "3 referrals filed in the period." in content


@pytest.fixture
def small(trained, workgroup_year, community_door):
    """The hand-built program, with its training, meetings, issues and community door."""
    return trained


@pytest.fixture
def many(small, coordinator):
    """Twenty more referrals, with decisions, across both units; fifty more
    officers with training, meetings with attendance, and resolved issues;
    twenty more community referrals from ten more organisations, half
    screened and handed off."""
    program = small
    more_at_the_door(program)
    for index in range(20):
        officer = program.users["avery" if index % 2 else "casey"]
        file_referral(officer=officer, submitted_at=program.late + timedelta(hours=index))
    topics = list(Topic.objects.filter(is_active=True))
    site = program.meetings["w1"].workgroup
    for index in range(50):
        officer = make_officer(f"extra{index}", program.units["night"])
        for topic in topics:
            TrainingRecordFactory(person=officer, topic=topic, completed_on=program.today)
        starts_at = moment(index % 50 + 1, hours=-3)
        meeting = meeting_schedule(
            workgroup=site, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), place="Room", actor=coordinator
        )
        attendance_record(meeting=meeting, actor=coordinator, attendees=[(officer, MemberRole.OFFICER)])
        issue = issue_raise(raised_by=officer, what_happened="Another issue", raised_at=moment(index % 50 + 2))
        issue_update(issue=issue, actor=coordinator, status="resolved", resolution="Done.", now=moment(index % 50 + 1))
    return program


def more_at_the_door(program):
    from community.tests.factories import make_organisation, make_referrer, refer, screen
    from referrals.services.handoff import referral_hand_off

    pat, morgan = program.users["pat"], program.users["morgan"]
    for index in range(20):
        referrer = make_referrer(f"partner{index}", organisation=make_organisation(f"Partner {index % 10}"))
        row = refer(referrer)
        if index % 2:
            referral = screen(row, pat)
            referral_hand_off(
                referral=referral, actor=pat, agency=morgan.agency, case_manager=morgan, called_at=timezone.now()
            )


@pytest.mark.parametrize("size", ["small", "many"])
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # session, user, groups, unread notifications; filter choices (precincts,
        # units, routes); figures: referrals per month, diversion by route,
        # reasons, review counts, hand-off counts, intake outcomes under a
        # release, caseload per case manager under a release and per agency,
        # training coverage, workgroup attendance, issues opened and closed per
        # month and their time to resolve; the doors: routes, outcomes by route,
        # intake under a release by route, community referrals by route and
        # organisation, time to first contact; and on SQLite, which has no
        # percentile_cont, the review, hand-off and first-contact percentiles.
        ("/reports/", {"postgresql": 25, "sqlite": 28}),
        # session, user, groups, unread notifications; filter choices; one grouped query.
        ("/reports/discretion/", 8),
        ("/reports/equity/", 8),
    ],
)
def test_query_counts_do_not_grow_with_the_data(
    client, analyst, request, size, path, queries, django_assert_num_queries
):
    program = request.getfixturevalue(size)
    client.force_login(analyst)
    if isinstance(queries, dict):
        queries = queries[connection.vendor]

    with django_assert_num_queries(queries):
        client.get(path, report_query_string(program))


def test_a_sergeants_page_adds_one_query_for_their_units(client, program, django_assert_num_queries):
    client.force_login(program.users["sam"])

    with django_assert_num_queries(9):  # as the analyst's, and the units they supervise
        client.get("/reports/discretion/", report_query_string(program))


def test_default_range_is_the_last_twelve_months(client, analyst, program):
    client.force_login(analyst)

    response = client.get("/reports/")

    filters = response.context["filters"]
    assert filters.date_to == timezone.localdate() and filters.date_from.day == 1
    assert len(filters.months()) == 12


@pytest.mark.parametrize("path", ["/reports/", "/reports/discretion/", "/reports/equity/"])
def test_the_date_boxes_show_the_dates_in_force(client, analyst, path):
    from reports.filters import default_range

    client.force_login(analyst)
    start, end = default_range()

    page = client.get(path).content.decode()
    assert f'name="date_from" value="{start.isoformat()}"' in page
    assert f'name="date_to" value="{end.isoformat()}"' in page

    chosen = client.get(f"{path}?date_to=2026-03-31").content.decode()
    assert 'name="date_from" value="2025-04-01"' in chosen and 'name="date_to" value="2026-03-31"' in chosen


@pytest.mark.parametrize("path", ["/reports/", "/reports/discretion/", "/reports/equity/"])
def test_scrollable_tables_are_named_regions_reached_by_keyboard(client, analyst, program, path):
    client.force_login(analyst)

    page = client.get(path).content.decode()

    assert '<div class="table-responsive">' not in page
    assert 'class="table-responsive" role="region" aria-label="' in page and 'tabindex="0"' in page
