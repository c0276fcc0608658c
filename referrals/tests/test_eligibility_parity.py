"""The device's screening (static/js/offline/eligibility.js) agrees with the
engine (referrals/eligibility.py) on every case Hypothesis makes: the status,
the headline and every criterion's outcome, explanation and finding. The
JavaScript runs under Node, one process for the whole test, many cases a call."""

import json
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referrals.eligibility import Answers, Criterion, evaluate
from referrals.selectors.offline import answers_data, criterion_data, result_data

RUNNER = Path(__file__).with_name("run_eligibility.cjs")
ROUTES = ["arrest", "social", "community"]
AGENCIES = [1, 2, 3]
OFFENSES = ["possession", "trespass", "theft", "prostitution", "bus"]
DRUGS = ["methamphetamine", "heroin", "fentanyl", "prescription"]
KINDS = ["offense_allowed", "quantity_limit", "exclusion", "minimum_age", "prior_activity_lookback"]
WORDS = st.text(alphabet="abcdefgh ;:,.'-éß", max_size=12)
# Dates as a site can hold them (Python prints years under 1000 unpadded).
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
# Quantities and limits as the form and the model take them: 7 digits, 3 places.
GRAMS = st.decimals(min_value=0, max_value=Decimal("9999.999"), places=3, allow_nan=False, allow_infinity=False)
# Lookbacks and ages: a few common ones, so that boundaries meet them.
MONTHS = st.sampled_from([0, 1, 11, 12, 24, 120, 216]) | st.integers(0, 240)
SUBSET = lambda values: st.frozensets(st.sampled_from(values), max_size=len(values))  # noqa: E731


@st.composite
def criterion(draw, code):
    kind = draw(st.sampled_from(KINDS))
    offenses = draw(SUBSET(OFFENSES)) if kind == "offense_allowed" else frozenset()
    scoped = draw(st.lists(st.sampled_from(sorted(offenses)), unique=True)) if offenses else []
    return Criterion(
        code=code,
        kind=kind,
        wording=draw(WORDS),
        question=draw(WORDS),
        sergeant_may_override=draw(st.booleans()),
        routes=draw(st.just(frozenset()) | SUBSET(ROUTES)),
        agencies=draw(st.just(frozenset()) | SUBSET(AGENCIES)),
        offenses=offenses,
        offense_agencies=tuple((code, draw(SUBSET(AGENCIES))) for code in scoped),
        limit_grams=draw(GRAMS) if kind == "quantity_limit" else None,
        exempt_drug_types=draw(SUBSET(DRUGS)) if kind == "quantity_limit" else frozenset(),
        lookback_months=draw(MONTHS) if kind == "prior_activity_lookback" else None,
        minimum_age=draw(st.sampled_from([16, 18, 21]) | st.integers(0, 120)) if kind == "minimum_age" else None,
    )


@st.composite
def near_boundary(draw, contact: date, turning: list[int]):
    """A day as many months before the contact as a criterion's lookback or
    minimum age, give or take a day: where results turn (month ends, 29 February)."""
    months = draw(st.sampled_from(turning) if turning else MONTHS)
    days = draw(st.integers(-1, 1))
    day = contact - relativedelta(months=months) + timedelta(days=days)
    return max(day, date(1900, 1, 1))


@st.composite
def case(draw):
    codes = draw(st.lists(st.text(alphabet="abcdz-_09", min_size=1, max_size=4), unique=True, max_size=6))
    criteria = [draw(criterion(code)) for code in codes]
    contact = draw(DAYS)
    turning = [c.lookback_months for c in criteria if c.lookback_months is not None]
    turning += [c.minimum_age * 12 for c in criteria if c.minimum_age is not None]
    near = near_boundary(contact, turning)
    answers = Answers(
        route=draw(st.sampled_from(ROUTES)),
        agency=draw(st.none() | st.sampled_from(AGENCIES)),
        contact_date=contact,
        date_of_birth=draw(st.one_of(near, near, st.none(), DAYS)),
        offenses=draw(SUBSET(OFFENSES)),
        drug_type=draw(st.just("") | st.sampled_from(DRUGS)),
        quantity_grams=draw(st.none() | GRAMS),
        exclusions=draw(st.dictionaries(st.sampled_from(codes or ["x"]), st.none() | st.booleans())),
        prior_activity_date=draw(st.one_of(near, near, st.none(), DAYS)),
        prior_activity_in_area=draw(st.none() | st.booleans()),
        drug_offense=draw(st.booleans()),
    )
    return answers, criteria


@pytest.fixture(scope="module")
def node_engine():
    node = shutil.which("node")
    assert node, "Node.js is needed for the parity test (it runs the device's evaluator): install nodejs."
    process = subprocess.Popen([node, str(RUNNER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def run(cases):
        batch = [[answers_data(answers), [criterion_data(c) for c in criteria]] for answers, criteria in cases]
        process.stdin.write(json.dumps(batch) + "\n")
        return json.loads(process.stdout.readline())

    yield run
    process.stdin.close()
    process.wait(timeout=10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases=st.lists(case(), min_size=1, max_size=40))
def test_the_device_and_the_server_screen_every_case_alike(node_engine, cases):
    device_results = node_engine(cases)

    for (answers, criteria), device in zip(cases, device_results, strict=True):
        assert device == result_data(evaluate(answers, criteria)), (answers, criteria)


def test_the_boundaries_the_readme_names(node_engine):
    """Born on 29 February: 18 on 28 February of a common year; activity exactly
    24 calendar months before the contact is inside a 24-month lookback."""
    adults = Criterion(code="adults", kind="minimum_age", wording="Under 18", minimum_age=18)
    prior = Criterion(code="prior", kind="prior_activity_lookback", wording="Old", lookback_months=24)
    cases = [
        (Answers(route="a", contact_date=date(2026, 2, 28), date_of_birth=date(2008, 2, 29)), [adults]),
        (Answers(route="a", contact_date=date(2026, 2, 27), date_of_birth=date(2008, 2, 29)), [adults]),
        (
            Answers(
                route="a",
                contact_date=date(2026, 3, 31),
                prior_activity_date=date(2024, 3, 31),
                prior_activity_in_area=True,
            ),
            [prior],
        ),
        (
            Answers(
                route="a",
                contact_date=date(2026, 3, 31),
                prior_activity_date=date(2024, 3, 30),
                prior_activity_in_area=True,
            ),
            [prior],
        ),
    ]

    statuses = [result["status"] for result in node_engine(cases)]

    assert statuses == ["eligible", "not_eligible", "eligible", "not_eligible"]
    assert statuses == [evaluate(answers, criteria).status.value for answers, criteria in cases]
