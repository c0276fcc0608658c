"""The eligibility engine, criterion kind by criterion kind, and its properties."""

from datetime import date
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from referrals.eligibility import (
    Answers,
    Choice,
    Criterion,
    DecisionAnswers,
    Outcome,
    Status,
    age_on,
    decision_problems,
    evaluate,
    headline,
    recorded_as,
    within_months,
)

CONTACT = date(2026, 3, 31)

OFFENSES = Criterion(
    code="offenses",
    kind="offense_allowed",
    wording="Offense not covered",
    offenses=frozenset({"possession", "trespass"}),
)
QUANTITY = Criterion(
    code="quantity",
    kind="quantity_limit",
    wording="More than 3 grams",
    limit_grams=Decimal("3"),
    exempt_drug_types=frozenset({"prescription"}),
)
PROFIT = Criterion(code="profit", kind="exclusion", wording="Delivery for profit", question="For profit?")
VIOLENT = Criterion(
    code="violent", kind="exclusion", wording="Violent history", question="Violent?", sergeant_may_override=True
)
ADULTS = Criterion(code="adults", kind="minimum_age", wording="Under 18", minimum_age=18)
PRIOR = Criterion(
    code="prior",
    kind="prior_activity_lookback",
    wording="No recent activity in the area",
    lookback_months=24,
    routes=frozenset({"social"}),
)


def answers(**fields) -> Answers:
    base = dict(route="arrest", contact_date=CONTACT, date_of_birth=date(1990, 1, 1))
    base.update(fields)
    return Answers(**base)


@pytest.mark.parametrize(
    ("criterion", "given_answers", "outcome"),
    [
        (OFFENSES, answers(offenses=frozenset({"possession"})), Outcome.PASS),
        (OFFENSES, answers(offenses=frozenset({"possession", "trespass"})), Outcome.PASS),
        (OFFENSES, answers(offenses=frozenset({"possession", "burglary"})), Outcome.FAIL),
        (OFFENSES, answers(offenses=frozenset()), Outcome.UNANSWERED),
        (QUANTITY, answers(drug_type="opioids", quantity_grams=Decimal("3")), Outcome.PASS),
        (QUANTITY, answers(drug_type="opioids", quantity_grams=Decimal("3.001")), Outcome.FAIL),
        (QUANTITY, answers(drug_type="prescription", quantity_grams=Decimal("40")), Outcome.PASS),
        (QUANTITY, answers(drug_type="opioids"), Outcome.UNANSWERED),
        (QUANTITY, answers(), Outcome.PASS),
        (PROFIT, answers(exclusions={"profit": False}), Outcome.PASS),
        (PROFIT, answers(exclusions={"profit": True}), Outcome.FAIL),
        (PROFIT, answers(exclusions={}), Outcome.UNANSWERED),
        (PROFIT, answers(exclusions={"profit": None}), Outcome.UNANSWERED),
        (VIOLENT, answers(exclusions={"violent": True}), Outcome.OVERRIDABLE),
        (VIOLENT, answers(exclusions={"violent": False}), Outcome.PASS),
        (ADULTS, answers(date_of_birth=date(2008, 3, 31)), Outcome.PASS),  # 18 that very day
        (ADULTS, answers(date_of_birth=date(2008, 4, 1)), Outcome.FAIL),  # 18 tomorrow
        (ADULTS, answers(date_of_birth=None), Outcome.UNANSWERED),
        (
            PRIOR,
            answers(route="social", prior_activity_date=date(2024, 3, 31), prior_activity_in_area=True),
            Outcome.PASS,
        ),
        (
            PRIOR,
            answers(route="social", prior_activity_date=date(2024, 3, 30), prior_activity_in_area=True),
            Outcome.FAIL,
        ),
        (
            PRIOR,
            answers(route="social", prior_activity_date=date(2026, 1, 1), prior_activity_in_area=False),
            Outcome.FAIL,
        ),
        (PRIOR, answers(route="social", prior_activity_date=None, prior_activity_in_area=True), Outcome.UNANSWERED),
    ],
)
def test_each_criterion_kind(criterion, given_answers, outcome):
    result = evaluate(given_answers, [criterion])

    assert [r.outcome for r in result.results] == [outcome]
    assert result.results[0].explanation


def test_a_criterion_for_another_route_does_not_apply():
    assert evaluate(answers(route="arrest"), [PRIOR]).results == ()
    assert evaluate(answers(route="arrest"), [PRIOR]).status == Status.ELIGIBLE


@pytest.mark.parametrize(
    ("exclusions", "status", "text"),
    [
        ({"profit": False, "violent": False}, Status.ELIGIBLE, "Eligible"),
        ({"profit": True, "violent": False}, Status.NOT_ELIGIBLE, "Not eligible: Delivery for profit"),
        ({"profit": False, "violent": True}, Status.SERGEANT_DECISION, "Sergeant decision needed: Violent history"),
        ({"profit": True, "violent": True}, Status.NOT_ELIGIBLE, "Not eligible: Delivery for profit"),
        ({"violent": True}, Status.INCOMPLETE, "Answers missing: Delivery for profit"),
        ({"profit": True}, Status.NOT_ELIGIBLE, "Not eligible: Delivery for profit"),
    ],
)
def test_precedence_and_headline(exclusions, status, text):
    result = evaluate(answers(exclusions=exclusions), [PROFIT, VIOLENT])

    assert result.status == status
    assert result.headline == text


def test_stored_results_give_the_same_headline():
    result = evaluate(answers(exclusions={"profit": True, "violent": False}), [PROFIT, VIOLENT])

    assert headline(result.status.value, result.as_json()) == result.headline


# --- properties ------------------------------------------------------------------

exclusion_codes = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), unique=True, min_size=1, max_size=6)
answer_value = st.sampled_from([True, False, None])


@st.composite
def criteria_and_answers(draw):
    codes = draw(exclusion_codes)
    criteria = [
        Criterion(
            code=c, kind="exclusion", wording=f"rule {c}", question="?", sergeant_may_override=draw(st.booleans())
        )
        for c in codes
    ]
    given_answers = {c: draw(answer_value) for c in codes}
    return criteria, given_answers


@given(criteria_and_answers(), st.sampled_from(["g", "h"]), st.booleans(), st.sampled_from([True, False, None]))
def test_adding_an_exclusion_never_makes_an_ineligible_person_eligible(case, new_code, overridable, new_answer):
    criteria, given_answers = case
    before = evaluate(answers(exclusions=given_answers), criteria)
    extra = Criterion(code=new_code, kind="exclusion", wording="new", question="?", sergeant_may_override=overridable)

    after = evaluate(answers(exclusions={**given_answers, new_code: new_answer}), [*criteria, extra])

    if before.status != Status.ELIGIBLE:
        assert after.status != Status.ELIGIBLE
    if before.status == Status.NOT_ELIGIBLE:
        assert after.status == Status.NOT_ELIGIBLE


@given(criteria_and_answers(), st.randoms())
def test_the_order_answers_and_criteria_arrive_in_never_changes_the_result(case, random):
    criteria, given_answers = case
    shuffled_items = list(given_answers.items())
    random.shuffle(shuffled_items)
    shuffled_criteria = list(criteria)
    random.shuffle(shuffled_criteria)

    first = evaluate(answers(exclusions=given_answers), criteria)
    second = evaluate(answers(exclusions=dict(shuffled_items)), shuffled_criteria)

    assert first == second


@given(st.decimals(min_value=0, max_value=1000, places=3), st.decimals(min_value=0, max_value=1000, places=3))
def test_more_drug_never_makes_someone_eligible(smaller, larger):
    smaller, larger = sorted([smaller, larger])
    at_smaller = evaluate(answers(drug_type="opioids", quantity_grams=smaller), [QUANTITY]).status
    at_larger = evaluate(answers(drug_type="opioids", quantity_grams=larger), [QUANTITY]).status

    if at_smaller == Status.NOT_ELIGIBLE:
        assert at_larger == Status.NOT_ELIGIBLE


# --- boundaries, on a contact day that is not today -----------------------------------

LEAP_CONTACT = date(2025, 2, 28)  # a common year: a 29 February birthday falls on the 28th


@pytest.mark.parametrize(
    ("criterion", "given_answers", "outcome"),
    [
        # Minimum age: the 18th birthday is the first eligible day, counted on the day of contact.
        (ADULTS, answers(date_of_birth=date(2008, 3, 30)), Outcome.PASS),  # inside: 18 yesterday
        (ADULTS, answers(date_of_birth=date(2008, 3, 31)), Outcome.PASS),  # at: 18 that day
        (ADULTS, answers(date_of_birth=date(2008, 4, 1)), Outcome.FAIL),  # outside: 18 tomorrow
        (ADULTS, answers(contact_date=LEAP_CONTACT, date_of_birth=date(2007, 2, 28)), Outcome.PASS),
        (ADULTS, answers(contact_date=LEAP_CONTACT, date_of_birth=date(2007, 3, 1)), Outcome.FAIL),
        # Lookback: activity exactly 24 calendar months before the contact is inside.
        (PRIOR, answers(route="social", prior_activity_date=date(2024, 4, 1), prior_activity_in_area=True), "pass"),
        (PRIOR, answers(route="social", prior_activity_date=date(2024, 3, 31), prior_activity_in_area=True), "pass"),
        (PRIOR, answers(route="social", prior_activity_date=date(2024, 3, 30), prior_activity_in_area=True), "fail"),
        (
            PRIOR,
            answers(route="social", contact_date=LEAP_CONTACT, prior_activity_date=date(2023, 2, 28)),
            Outcome.UNANSWERED,  # in-area not answered
        ),
        (
            PRIOR,
            answers(
                route="social",
                contact_date=LEAP_CONTACT,
                prior_activity_date=date(2023, 2, 28),
                prior_activity_in_area=True,
            ),
            Outcome.PASS,
        ),
        (
            PRIOR,
            answers(
                route="social",
                contact_date=LEAP_CONTACT,
                prior_activity_date=date(2023, 2, 27),
                prior_activity_in_area=True,
            ),
            Outcome.FAIL,
        ),
        # Quantity: at the limit is within it.
        (QUANTITY, answers(drug_type="opioids", quantity_grams=Decimal("2.999")), Outcome.PASS),
        (QUANTITY, answers(drug_type="opioids", quantity_grams=Decimal("3.000")), Outcome.PASS),
        (QUANTITY, answers(drug_type="opioids", quantity_grams=Decimal("3.001")), Outcome.FAIL),
        (QUANTITY, answers(drug_offense=True), Outcome.UNANSWERED),  # a drug offense must name the drug
        # Overridable criteria outside their boundary ask a sergeant.
        (
            Criterion(code="a", kind="minimum_age", wording="Under 18", minimum_age=18, sergeant_may_override=True),
            answers(date_of_birth=date(2008, 4, 1)),
            Outcome.OVERRIDABLE,
        ),
    ],
)
def test_each_criterion_at_just_inside_and_just_outside_its_boundary(criterion, given_answers, outcome):
    assert evaluate(given_answers, [criterion]).results[0].outcome == outcome


def test_ages_and_lookbacks_count_calendar_months_the_same_way():
    born = date(2004, 2, 29)
    for months in range(0, 400):
        day = born + relativedelta(months=months)
        assert within_months(born, day, months)
        assert age_on(born, day) == months // 12


def test_criterion_lines_are_positive_questions_with_their_answer():
    result = evaluate(
        answers(route="social", exclusions={"profit": False}, prior_activity_date=date(2026, 1, 5)),
        [PROFIT, ADULTS, Criterion(**{**PRIOR.__dict__, "routes": frozenset()})],
    )

    findings = {r.code: r.finding for r in result.results}
    assert findings["profit"] == "Delivery for profit: no"
    assert findings["adults"] == "Aged 18 or over on the day of contact: yes"
    assert findings["prior"] == "Verified activity inside the LEAD area within 24 months: not answered"


# --- the decision rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exclusions", "decision", "messages"),
    [
        ({"profit": True, "violent": False}, DecisionAnswers(choice="divert"), ["This person cannot be diverted."]),
        ({"profit": True, "violent": False}, DecisionAnswers(choice="screened_out"), []),
        ({"profit": True, "violent": False}, DecisionAnswers(), []),
        ({"profit": False, "violent": False}, DecisionAnswers(choice="screened_out"), ["This person is eligible"]),
        ({"profit": False, "violent": False}, DecisionAnswers(), ["Choose to divert or not to divert."]),
        ({"profit": False, "violent": False}, DecisionAnswers(choice="divert"), []),
        ({"profit": False, "violent": False}, DecisionAnswers(choice="not_divert"), ["at least one reason"]),
        (
            {"profit": False, "violent": False},
            DecisionAnswers(choice="not_divert", reasons_given=True, narrative_required=True, narrative=" "),
            ["needs a few words"],
        ),
        ({"profit": False, "violent": True}, DecisionAnswers(choice="divert"), []),  # a sergeant decides
        ({"violent": False}, DecisionAnswers(choice="divert"), ["Not answered: For profit?"]),
    ],
)
def test_decision_problems(exclusions, decision, messages):
    result = evaluate(answers(exclusions=exclusions), [PROFIT, VIOLENT])

    problems = decision_problems(result, decision)

    assert len(problems) == len(messages)
    for problem, message in zip(problems, messages, strict=True):
        assert message in problem.message


@given(criteria_and_answers())
def test_every_complete_contact_can_be_recorded(case):
    criteria, given_answers = case
    complete = {code: bool(value) for code, value in given_answers.items()}
    result = evaluate(answers(exclusions=complete), criteria)

    recordable = [
        choice
        for choice in (Choice.DIVERT, Choice.SCREENED_OUT)
        if not decision_problems(result, DecisionAnswers(choice=choice))
    ]

    assert recordable == ([Choice.SCREENED_OUT] if result.status == Status.NOT_ELIGIBLE else [Choice.DIVERT])
    assert recorded_as(result, Choice.DIVERT) == (
        Choice.SCREENED_OUT if result.status == Status.NOT_ELIGIBLE else Choice.DIVERT
    )
