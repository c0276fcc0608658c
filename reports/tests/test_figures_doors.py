"""The doors side by side, the community door by referring organisation and the
time to first contact, against the hand-built program and its community door
(conftest.py: program, doors); and the discretion figures, which are about
officers, untouched by what the project team or a designated officer decides
on the community door."""

from datetime import timedelta

import pytest

from reports.figures import decisions, discretion, doors, reviews, volume
from reports.figures.base import DASH
from reports.filters import ReportFilters
from reports.results import report_query
from reports.sections.community import _doors
from reports.selectors import community_referrals_in_scope, report_scope

ARREST, SOCIAL, COMMUNITY = "Arrest diversion (pre-booking)", "Social contact referral", "Community referral"


@pytest.fixture
def filters(program):
    return ReportFilters(date_from=(program.early - timedelta(days=1)).date(), date_to=program.today)


def _query(user, filters):
    return report_query(user, report_scope(user), filters)


def _by_door(user, filters):
    query = _query(user, filters)
    groups = doors.door_groups(community_referrals_in_scope(query.scope, filters))
    counts = doors.door_counts(query.referrals, groups, route_id=filters.route_id)
    return doors.referrals_by_door(counts)


def _column(figure, route_name) -> dict:
    index = figure.table.header.index(route_name)
    return {row[0]: row[index] for row in figure.table.rows}


@pytest.fixture
def no_floor(settings):
    settings.LEAD_SMALL_CELL_MIN = 1  # every count shown, to check the counting itself


@pytest.mark.usefixtures("no_floor")
def test_the_three_doors_side_by_side(community_door, analyst, filters):
    figure = _by_door(analyst, filters)

    assert figure.table.header == ("", ARREST, SOCIAL, COMMUNITY)
    assert _column(figure, COMMUNITY) == {
        "Received at the door": 8,
        "Received and screened": 3,
        "Received and declined at triage": 2,
        "Received and still in triage": 3,
        "Referrals filed (community door: screened)": 3,
        "Eligible contacts": 3,
        "Diverted": 2,
        "Handed off to case management": 2,
        "Hand-offs with a release of information in force": 1,
        "Intake completed, of those with a release": 1,
    }
    # The police doors have no door of their own to count at: a dash, not a zero.
    social = _column(figure, SOCIAL)
    assert social["Received at the door"] == DASH
    assert (social["Referrals filed (community door: screened)"], social["Eligible contacts"]) == (11, 10)
    assert (social["Diverted"], social["Handed off to case management"]) == (8, 6)
    # a1, a2, a5 completed under a release (conftest: program)
    assert social["Intake completed, of those with a release"] == 3
    assert _column(figure, ARREST)["Diverted"] == 3
    assert figure.headline == f"Filed in the period by door: {ARREST} 3, {SOCIAL} 11, {COMMUNITY} 3."
    assert [d["label"] for d in figure.chart["data"]["datasets"]] == [ARREST, SOCIAL, COMMUNITY]
    assert figure.chart["data"]["datasets"][2]["data"] == [3, 3, 2, 2]


@pytest.mark.usefixtures("no_floor")
def test_a_route_a_site_adds_is_a_door_of_its_own(community_door, analyst, filters):
    from referrals.models import ReferralRoute

    ReferralRoute.objects.create(code="self-referral", name="Self-referral", description="Walk-in.", order=4)

    figure = _by_door(analyst, filters)

    assert figure.table.header == ("", ARREST, SOCIAL, COMMUNITY, "Self-referral")
    assert _column(figure, "Self-referral")["Referrals filed (community door: screened)"] == 0


@pytest.mark.usefixtures("no_floor")
def test_the_route_filter_leaves_one_door(community_door, analyst, filters, routes):
    community = ReportFilters(filters.date_from, filters.date_to, route_id=routes["community"].pk)

    figure = _by_door(analyst, community)

    assert figure.table.header == ("", COMMUNITY)
    assert _column(figure, COMMUNITY)["Received at the door"] == 8


def test_small_counts_at_the_door_are_suppressed(community_door, analyst, filters):
    figure = _by_door(analyst, filters)  # the floor is 5

    community = _column(figure, COMMUNITY)
    assert community["Received at the door"] == 8
    # 3 screened, 2 declined, 3 open: each small, so hidden; 8 received may show (three cells hidden with it).
    assert {community[label] for label in doors.DOOR_LABELS[1:]} == {"suppressed"}
    assert {community[label] for label in doors.OUTCOME_LABELS} == {"suppressed"}
    social = _column(figure, SOCIAL)
    # 10 eligible of 11 filed leaves the 1 not eligible: hidden, and every step after it.
    assert social["Referrals filed (community door: screened)"] == 11
    assert {social[label] for label in doors.OUTCOME_LABELS[1:]} == {"suppressed"}
    assert figure.chart["data"]["datasets"][2]["data"] == [None, None, None, None]


@pytest.mark.usefixtures("no_floor")
def test_a_sergeant_sees_the_community_door_only_as_their_units_screened_it(community_door, filters):
    """Sam supervises Proactive, whose Avery verified and screened d3. What came
    in at the door belongs to no unit: a dash and a note, never the program's counts."""
    figure = _by_door(community_door.users["sam"], filters)

    community = _column(figure, COMMUNITY)
    assert community["Received at the door"] == DASH
    assert community["Referrals filed (community door: screened)"] == 1
    assert community["Diverted"] == 0
    assert doors_note(figure)


def doors_note(figure) -> bool:
    return doors.DOOR_NOT_COUNTED in figure.notes


@pytest.mark.usefixtures("no_floor")
@pytest.mark.parametrize("field", ["unit_id", "precinct_id", "unit_kind", "agency_id"])
def test_a_filter_by_place_leaves_the_door_uncounted(community_door, analyst, filters, field):
    unit = community_door.units["proactive"]
    value = {
        "unit_id": unit.pk,
        "precinct_id": unit.precinct_id,
        "unit_kind": unit.kind,
        "agency_id": unit.precinct.agency_id,
    }[field]
    placed = ReportFilters(filters.date_from, filters.date_to, **{field: value})

    figure = _by_door(analyst, placed)

    assert _column(figure, COMMUNITY)["Received at the door"] == DASH
    assert doors_note(figure)
    assert (
        doors.by_referring_organisation(
            doors.organisation_rows(doors.door_groups(community_referrals_in_scope(report_scope(analyst), placed)))
        ).headline
        == "Not counted in this report."
    )


@pytest.mark.usefixtures("no_floor")
def test_by_referring_organisation(community_door, analyst, filters):
    rows = community_referrals_in_scope(report_scope(analyst), filters)

    figure = doors.by_referring_organisation(doors.organisation_rows(doors.door_groups(rows)))

    assert figure.table.header == ("Referring organisation", "Received", "Screened", "Declined at triage", "Handed off")
    assert figure.table.rows == (
        ("Downtown outreach", 5, 3, 1, 2),
        ("Business district", 2, 0, 1, 0),
        (doors.PUBLIC_REQUESTS, 1, 0, 0, 0),
        ("All organisations", 8, 3, 2, 2),
    )
    assert figure.headline == "8 community referrals from 3 sources; 2 handed off."


def test_small_organisations_are_suppressed_and_cannot_be_worked_out(community_door, analyst, filters):
    rows = community_referrals_in_scope(report_scope(analyst), filters)

    figure = doors.by_referring_organisation(doors.organisation_rows(doors.door_groups(rows)))

    assert figure.table.rows == (
        ("Downtown outreach", 5, "suppressed", "suppressed", "suppressed"),
        ("Business district", "suppressed", "suppressed", "suppressed", "suppressed"),
        (doors.PUBLIC_REQUESTS, "suppressed", "suppressed", "suppressed", "suppressed"),
        ("All organisations", 8, "suppressed", "suppressed", "suppressed"),
    )


def test_time_from_community_referral_to_first_contact(community_door, analyst, filters):
    query = _query(analyst, filters)

    figure = doors.time_to_first_contact(*doors.first_contact_counts(query.referrals))

    # Met 2 and 5 days after the referral came in: median 3.5, 90th percentile 2 + 0.9 x 3 = 4.7.
    assert figure.headline == "Median 3.5 days, 90th percentile 4.7 days over 2 people met after a community referral."
    assert figure.table.rows[:5] == (
        ("Within a day", 0, "0%"),
        ("1 to 3 days", 1, "50%"),
        ("3 to 7 days", 1, "50%"),
        ("7 to 14 days", 0, "0%"),
        ("14 days or more", 0, "0%"),
    )
    assert figure.table.rows[-1] == ("Handed off, first contact not recorded", 0, "")


def test_without_a_community_door_the_time_to_first_contact_says_so(program, analyst, filters):
    figure = doors.time_to_first_contact(*doors.first_contact_counts(_query(analyst, filters).referrals))

    assert figure.headline == "No community referral handed off with a recorded first contact in the period."


def test_the_section_brings_the_three_figures(community_door, analyst, filters):
    assert [figure.key for figure in _doors(_query(analyst, filters))] == [
        "referrals-by-door",
        "community-by-organisation",
        "community-first-contact",
    ]


# --- The discretion figures are about officers ------------------------------------------------


def test_a_designated_officer_screening_a_community_referral_does_not_move_their_discretion(
    community_door, analyst, filters
):
    """Avery screened d3 for the project team and did not divert: her own
    rate stays 6 of 8, her unit's and the program's as they were."""
    figures = discretion.discretion(_query(analyst, filters).referrals)

    avery = next(row for row in figures.officers if row.key == community_door.users["avery"].pk)
    assert (avery.rate.successes, avery.rate.trials) == (6, 8)
    proactive = next(row for row in figures.units if row.name == "Proactive")
    assert (proactive.rate.successes, proactive.rate.trials) == (7, 10)  # Blake's own: 1 of 2
    assert (figures.overall.successes, figures.overall.trials) == (10, 13)
    # The project manager who screened d1 and d2 is no officer of the figures either.
    assert community_door.users["pat"].pk not in {row.key for row in figures.officers}


def test_reasons_for_not_diverting_are_the_officers(community_door, analyst, filters):
    figure = decisions.reasons_not_diverted(_query(analyst, filters).referrals)

    assert figure.table.rows == (("The person declined LEAD (it is voluntary)", "", 2),)  # Avery's two, not d3
    assert decisions.NOT_THE_COMMUNITY_DOOR in figure.notes


def test_patrol_adoption_leaves_the_community_door_out(community_door, analyst, filters):
    query = _query(analyst, filters)

    figure = volume.proactive_and_patrol(volume.monthly_counts(query.referrals, filters), filters)

    assert figure.headline == "Patrol units filed 3 of 14 referrals (21%)."
    # The route figure still counts every door.
    by_route = volume.referrals_by_route(volume.monthly_counts(query.referrals, filters), filters)
    assert by_route.headline == "17 referrals filed in the period."


def test_a_sergeants_override_on_the_community_door_is_no_officers_discretion(community_door, analyst, filters, routes):
    """A site that has sergeants review the community door's decisions not to
    divert (review_no_divert on the route): Sam overrides what Avery decided
    verifying for the project team. Sergeant review and Avery's discretion
    are measured on officers' own referrals, as before."""
    from community.services import triage_request_verification
    from community.tests.factories import make_referrer, refer, screen
    from referrals.models import DecisionReason, Review
    from referrals.services import DecisionInput
    from referrals.services.configuration import referral_route_save
    from referrals.services.review import review_record

    door = routes["community"]
    door.review_no_divert = True
    referral_route_save(route=door, changed=["review_no_divert"])
    users = community_door.users
    row = refer(make_referrer("another", organisation=community_door.community["d1"].organisation))
    triage_request_verification(community_referral=row, manager=users["pat"], agency=users["avery"].police_agency)
    declined = DecisionReason.objects.get(code="declined")
    referral = screen(row, users["avery"], decision=DecisionInput(outcome="not_divert", reasons=(declined,)))
    review_record(
        referral=referral,
        decision_id=referral.current_decision_id,
        sergeant=users["sam"],
        action=Review.Action.OVERRIDE,
        comment="Worth a try.",
    )
    referrals = _query(analyst, filters).referrals
    assert referrals.filter(route=door, reviews__action=Review.Action.OVERRIDE).count() == 1

    figure = reviews.review_turnaround(referrals)
    figures = discretion.discretion(referrals)

    assert figure.headline == "Median 8.0 h, 90th percentile 40.0 h over 6 reviews."
    assert {row[0]: row[1] for row in figure.table.rows}["Overridden"] == 1  # Blake's, only
    assert decisions.NOT_THE_COMMUNITY_DOOR in figure.notes
    avery = next(row for row in figures.officers if row.key == users["avery"].pk)
    assert (avery.rate.successes, avery.rate.trials, avery.overrides) == (6, 8, 0)
    assert figures.overrides == 1


def test_the_diversion_rate_by_route_shows_the_community_door_as_its_own_route(community_door, analyst, filters):
    figure = decisions.diversion_rate(_query(analyst, filters).referrals)

    assert figure.table.rows[2][:3] == (COMMUNITY, 3, 2)
