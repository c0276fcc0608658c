"""Every figure against the hand-built program of conftest.py, with the
expectations worked out by hand there and here."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from referrals.tests.factories import file_referral
from reports.figures import caseload, decisions, discretion, equity, handoffs, reviews, volume
from reports.figures.base import DASH
from reports.filters import ReportFilters
from reports.results import report_query
from reports.selectors import report_scope
from reports.suppression import Cell


@pytest.fixture
def filters(program):
    return ReportFilters(date_from=(program.early - timedelta(days=1)).date(), date_to=program.today)


@pytest.fixture
def query(program, analyst, filters):
    return report_query(analyst, report_scope(analyst), filters)


def _row(table, label):
    return next(row for row in table.rows if row[0] == label)


def test_referrals_per_month_by_route(program, query, filters):
    groups = volume.monthly_counts(query.referrals, filters)
    figure = volume.referrals_by_route(groups, filters)

    assert figure.table.header == ("Month", "Arrest diversion (pre-booking)", "Social contact referral", "Total")
    early, late = f"{program.early:%b %Y}", f"{program.late:%b %Y}"
    assert _row(figure.table, early) == (early, 0, 8, 8)
    assert _row(figure.table, late) == (late, 3, 3, 6)
    assert sum(row[-1] for row in figure.table.rows) == 14
    assert figure.headline == "14 referrals filed in the period."
    assert figure.chart["data"]["datasets"][1] == {
        "label": "Social contact referral",
        "data": [row[2] for row in figure.table.rows],
    }


def test_proactive_and_patrol(program, query, filters):
    figure = volume.proactive_and_patrol(volume.monthly_counts(query.referrals, filters), filters)

    early, late = f"{program.early:%b %Y}", f"{program.late:%b %Y}"
    assert _row(figure.table, early) == (early, 8, 0, "0%")
    assert _row(figure.table, late) == (late, 3, 3, "50%")
    assert figure.headline == "Patrol units filed 3 of 14 referrals (21%)."


def test_diversion_rate_among_eligible_contacts_by_route(query):
    figure = decisions.diversion_rate(query.referrals)

    # Arrest: 3 of 3. Social: Avery 6 of 8, Blake 1 + the override = 2 of 2; the not-eligible one is out.
    # Wilson 95%: 3 of 3 -> 43.9%..100%; 8 of 10 -> 49.0%..94.3%; 11 of 13 -> 57.8%..95.7%.
    assert figure.table.rows == (
        ("Arrest diversion (pre-booking)", 3, 3, "100%", f"44{DASH}100%"),
        ("Social contact referral", 10, 8, "80%", f"49{DASH}94%"),
        ("All routes", 13, 11, "85%", f"58{DASH}96%"),
    )
    assert figure.headline == "11 of 13 eligible contacts were diverted (85%)."


def test_reasons_for_not_diverting(query):
    figure = decisions.reasons_not_diverted(query.referrals)

    # Blake's "profit" no-divert was overridden to a diversion, so only Avery's two "declined" remain.
    assert figure.table.rows == (("The person declined LEAD (it is voluntary)", "", 2),)


def test_review_turnaround_median_and_90th_percentile(query):
    figure = reviews.review_turnaround(query.referrals)

    # Waits in hours: 2, 5, 6, 10, 30, 50. Median: halfway between 6 and 10 = 8.
    # 90th percentile: position 0.9 x 5 = 4.5, halfway between 30 and 50 = 40.
    assert figure.headline == "Median 8.0 h, 90th percentile 40.0 h over 6 reviews."
    assert figure.table.rows[:5] == (
        ("Under 4 hours", 1, "17%"),
        ("4 to 12 hours", 3, "50%"),
        ("12 to 24 hours", 0, "0%"),
        ("24 to 48 hours", 1, "17%"),
        ("48 hours or more", 1, "17%"),
    )
    assert _row(figure.table, "Overridden") == ("Overridden", 1, "17%")
    assert _row(figure.table, "Returned for correction") == ("Returned for correction", 0, "0%")


def test_hand_off_time_against_the_target(query):
    figure = handoffs.handoff_time(*handoffs.handoff_and_intake_counts(query.referrals))

    # Arrivals 10, 20, 25, 30, 45 minutes; a5's was not recorded. Median 25;
    # 90th percentile at position 3.6: 30 + 0.6 x 15 = 39.
    assert figure.headline == "4 of 5 hand-offs (80%) met the target; median 25 min, 90th percentile 39 min."
    assert figure.table.rows[:4] == (
        ("Up to 15 min", 1, "20%"),
        ("15 to 30 min", 3, "60%"),
        ("30 to 60 min", 1, "20%"),
        ("Over 60 min", 0, "0%"),
    )
    assert _row(figure.table, "Arrival not recorded") == ("Arrival not recorded", 1, "")


def test_intake_within_the_deadline_counts_only_hand_offs_under_a_release(query):
    """a1, a2 and a5 were completed with a release in force (a1 and a5 in time);
    a3, a4 and b1 have none, so whether they completed is not counted."""
    figure = handoffs.intake_within_deadline(handoffs.handoff_and_intake_counts(query.referrals)[0])

    assert figure.table.rows == (
        ("Completed within the deadline", 2, "67%"),
        ("Completed after the deadline", 1, "33%"),
        ("Not completed, deadline passed", 0, "0%"),
        ("Not completed, deadline still ahead", 0, ""),
    )
    assert figure.notes[0].startswith("Counted over the 3 of 6 hand-offs whose person has a release")


def test_caseload_per_case_manager_against_the_cap(query, settings):
    """Named only under a release: Morgan a1 and a2, Quinn a5; a3, a4 and b1 go to their agency."""
    settings.LEAD_CASELOAD_CAP = 1

    figure = caseload.caseload(query.referrals_any_date, partial=False)

    assert figure.table.rows == (
        ("Not attributed without a release (Harbor)", "Harbor", 3, ""),
        ("Morgan Moss", "Harbor", 2, "Over the cap"),
        ("Quinn Quist", "Harbor", 1, ""),
    )
    assert figure.table.highlighted == (False, True, False)
    assert figure.headline == "1 case manager is over the cap of 1 participants."


def test_caseload_ignores_the_date_range(program, analyst):
    scope = report_scope(analyst)
    last_week = ReportFilters(date_from=program.today - timedelta(days=7), date_to=program.today)

    figure = caseload.caseload(report_query(analyst, scope, last_week).referrals_any_date, partial=False)

    assert sum(row[2] for row in figure.table.rows) == 6


def test_discretion_counts_the_officers_own_decision_and_overrides_beside_it(query):
    result = discretion.discretion(query.referrals)

    officers = {row.name: row for row in result.officers}
    assert (officers["Avery Ames"].rate.successes, officers["Avery Ames"].rate.trials) == (6, 8)
    # Blake did not divert "bo"; the sergeant's override is counted apart.
    assert (officers["Blake Bell"].rate.successes, officers["Blake Bell"].rate.trials) == (1, 2)
    assert officers["Blake Bell"].overrides == 1
    assert officers["Avery Ames"].compared_with == pytest.approx(0.7)  # the unit: 7 of 10
    assert officers["Avery Ames"].rate.low == pytest.approx(0.4093, abs=1e-4)
    assert officers["Avery Ames"].rate.high == pytest.approx(0.9285, abs=1e-4)
    units = {row.name: row for row in result.units}
    assert (units["Proactive"].rate.successes, units["Proactive"].rate.trials, units["Proactive"].overrides) == (
        7,
        10,
        1,
    )
    assert units["Patrol"].compared_with == pytest.approx(10 / 13)
    assert (result.overall.successes, result.overall.trials, result.overrides) == (10, 13, 1)
    # Too few decisions for anything to be flagged (minimum 10).
    assert not any(row.highlighted for row in (*result.officers, *result.units))


def test_discretion_flags_only_past_the_minimum_and_outside_the_interval(make_user, lead_protocol, settings, analyst):
    from lead_ops.accounts.tests.factories import UnitFactory
    from referrals.models import DecisionReason
    from referrals.services import DecisionInput
    from referrals.tests.factories import file_referral

    unit = UnitFactory(name="Bike squad")
    never = make_user(Role.OFFICER, first_name="Noel", last_name="Never", unit=unit)
    always = make_user(Role.OFFICER, first_name="Alex", last_name="Always", unit=unit)
    declined = DecisionReason.objects.get(code="declined")
    for _ in range(5):
        file_referral(officer=never, decision=DecisionInput(outcome="not_divert", reasons=(declined,)))
        file_referral(officer=always)
    scope = report_scope(analyst)
    today = timezone.localdate()
    referrals = report_query(analyst, scope, ReportFilters(date_from=today, date_to=today)).referrals

    # Unit: 5 of 10 = 50%. Wilson 0 of 5: 0%..43.4%; 5 of 5: 56.6%..100%: both exclude 50%.
    settings.LEAD_DISCRETION_MIN_COUNT = 5
    flagged = {row.name: row.highlighted for row in discretion.discretion(referrals).officers}
    assert flagged == {"Alex Always": True, "Noel Never": True}

    settings.LEAD_DISCRETION_MIN_COUNT = 6
    assert not any(row.highlighted for row in discretion.discretion(referrals).officers)


def test_equity_counts_rates_and_suppression(query):
    race, ethnicity, sex = equity.equity(query.referrals)
    rows = {row.label: row for row in race.rows}

    # Referrals: White 5, Black 8, Asian 1. Asian is small, so it is hidden, and
    # White (the next smallest) too, or 14 - 8 would give it away.
    assert rows["Asian"].referrals == Cell(None)
    assert rows["White"].referrals == Cell(None)
    assert rows["Black or African American"].referrals == Cell(8)
    assert rows["Black or African American"].referral_share == pytest.approx(8 / 14)
    assert rows["Another race"].referrals == Cell(0)
    # Eligible: White 5, Black 8: both shown.
    assert (rows["White"].eligible, rows["Black or African American"].eligible) == (Cell(5), Cell(8))
    assert rows["White"].eligible_share == pytest.approx(5 / 13)
    # Diverted: Black 6 of 8 leaves 2 not diverted, a small count: hidden, and
    # White's 5 with it. No rate where a count is hidden.
    assert rows["Black or African American"].diverted == Cell(None)
    assert rows["White"].diverted == Cell(None)
    assert rows["White"].rate is None
    # The totals: 14 referrals, 13 eligible; 11 diverted of 13 leaves 2: hidden.
    assert (race.total.referrals, race.total.eligible, race.total.diverted) == (Cell(14), Cell(13), Cell(None))
    # Ethnicity was never recorded: one group of 14, 13 eligible.
    not_recorded = next(row for row in ethnicity.rows if row.label == "Not recorded")
    assert (not_recorded.referrals, not_recorded.eligible) == (Cell(14), Cell(13))
    # Sex: 2 women (small) hide the 12 men too.
    by_sex = {row.label: row for row in sex.rows}
    assert by_sex["Female"].referrals == Cell(None) and by_sex["Male"].referrals == Cell(None)


def test_equity_shows_a_rate_with_its_interval_when_counts_allow(make_user, lead_protocol, analyst):
    from lead_ops.accounts.tests.factories import UnitFactory
    from referrals.models import DecisionReason, Person
    from referrals.services import DecisionInput
    from referrals.tests.factories import PersonFactory, file_referral

    officer = make_user(Role.OFFICER, unit=UnitFactory())
    declined = DecisionReason.objects.get(code="declined")
    for index in range(15):
        decision = "divert" if index < 10 else DecisionInput(outcome="not_divert", reasons=(declined,))
        file_referral(officer=officer, person=PersonFactory(race=Person.Race.WHITE), decision=decision)
    today = timezone.localdate()
    referrals = report_query(analyst, report_scope(analyst), ReportFilters(date_from=today, date_to=today)).referrals

    race = equity.equity(referrals)[0]
    white = next(row for row in race.rows if row.label == "White")

    # 10 of 15: Wilson 95% 41.7%..84.8%.
    assert (white.referrals, white.eligible, white.diverted) == (Cell(15), Cell(15), Cell(10))
    assert white.rate.rate == pytest.approx(10 / 15)
    assert (white.rate.low, white.rate.high) == (pytest.approx(0.4171, abs=1e-4), pytest.approx(0.8482, abs=1e-4))


@pytest.mark.parametrize(
    ("minutes", "median", "p90"),
    [
        ([], None, None),
        ([40], 40, 40),
        ([10, 20], 15, 19),  # positions 0.5 and 0.9 between the two
        ([30, 10, 20, 40], 25, 37),  # 0.9 x 3 = 2.7: 30 + 0.7 x 10
    ],
)
def test_percentiles_interpolate_like_percentile_cont(officer, lead_protocol, minutes, median, p90):
    from referrals.models import Referral
    from referrals.tests.factories import social_contact_answers
    from reports.figures.sql import SecondsBetween, percentiles

    now = timezone.now()
    for wait in minutes:
        answers = social_contact_answers(occurred_at=now - timedelta(hours=2))
        file_referral(officer=officer, answers=answers, submitted_at=now - timedelta(hours=2) + timedelta(minutes=wait))

    result = percentiles(Referral.objects.all(), SecondsBetween("submitted_at", "occurred_at"), (0.5, 0.9))

    expected = {0.5: median, 0.9: p90}
    for fraction, value in expected.items():
        assert result[fraction] == (None if value is None else pytest.approx(value * 60, abs=0.01))


def test_discretion_lists_units_by_name_and_officers_without_a_unit_last_on_every_database(
    make_user, lead_protocol, analyst
):
    from lead_ops.accounts.tests.factories import UnitFactory

    zulu, alpha = UnitFactory(name="Zulu squad"), UnitFactory(name="Alpha squad")
    for first, unit in (("Una", None), ("Zed", zulu), ("Abe", alpha), ("Ann", alpha)):
        file_referral(officer=make_user(Role.OFFICER, first_name=first, last_name="Officer", unit=unit))
    today = timezone.localdate()
    referrals = report_query(analyst, report_scope(analyst), ReportFilters(date_from=today, date_to=today)).referrals

    result = discretion.discretion(referrals)

    assert [row.name for row in result.units] == ["Alpha squad", "Zulu squad", "No unit"]
    assert [row.name.split()[0] for row in result.officers] == ["Abe", "Ann", "Zed", "Una"]
