"""The screening engine: the one home of every filing rule. Pure functions of an
officer's answers, the criteria of a protocol version and the day of contact. No
database, no clock: the same inputs always give the same result, whatever order
the answers or criteria arrive in. The live panel, the form's clean() and
referral_submit all call it, and nothing else decides.

Screening (`evaluate`). Precedence: a criterion that fails and may not be
overridden makes the person not eligible; otherwise an unanswered question
leaves the result incomplete; otherwise a failing criterion a sergeant may
override asks for a sergeant's decision; otherwise the person is eligible.

Every contact is judged on the day of contact (the caller gives that day in the
site's time zone), never on the day the form is sent. Ages and lookbacks are
both measured as the calendar time elapsed between two days (`_elapsed`), so a
birthday and a lookback boundary fall on the same kind of day everywhere: a
person born on 29 February turns a year older on 28 February of a common year.

The decision (`decision_problems`). A disqualifying answer is an outcome, not
an error: a person who is not eligible can always be recorded as screened not
eligible; an eligible one (or one a sergeant must decide on) always ends in a
decision to divert or not to divert, the latter with reasons (core principles:
documenting the decision to divert or not divert).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta


class Status(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    SERGEANT_DECISION = "sergeant_decision"
    INCOMPLETE = "incomplete"


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105  (an outcome, not a password)
    FAIL = "fail"
    OVERRIDABLE = "overridable"
    UNANSWERED = "unanswered"


@dataclass(frozen=True)
class Criterion:
    code: str
    kind: str
    wording: str
    question: str = ""
    sergeant_may_override: bool = False
    routes: frozenset[str] = frozenset()
    offenses: frozenset[str] = frozenset()
    limit_grams: Decimal | None = None
    exempt_drug_types: frozenset[str] = frozenset()
    lookback_months: int | None = None
    minimum_age: int | None = None
    agencies: frozenset[int] = frozenset()  # empty: every agency
    # offenses only some agencies charge (a city ordinance): code -> those agencies
    offense_agencies: tuple[tuple[str, frozenset[int]], ...] = ()

    def applies_to(self, route: str, agency: int | None = None) -> bool:
        """For this route and the referring agency: a criterion naming agencies
        applies only to their referrals."""
        return (not self.routes or route in self.routes) and (not self.agencies or agency in self.agencies)

    def offenses_for(self, agency: int | None) -> frozenset[str]:
        """The offenses this criterion allows for a referral of that agency."""
        scoped = dict(self.offense_agencies)
        return frozenset(code for code in self.offenses if code not in scoped or agency in scoped[code])


@dataclass(frozen=True)
class Answers:
    route: str
    contact_date: date
    date_of_birth: date | None = None
    offenses: frozenset[str] = frozenset()
    drug_type: str = ""
    quantity_grams: Decimal | None = None
    exclusions: Mapping[str, bool | None] = field(default_factory=dict)
    prior_activity_date: date | None = None
    prior_activity_in_area: bool | None = None
    drug_offense: bool = False  # one of the offenses involves drugs: the drug must be named
    agency: int | None = None  # the referring officer's law-enforcement agency


@dataclass(frozen=True)
class CriterionResult:
    code: str
    wording: str
    outcome: Outcome
    explanation: str
    finding: str = ""  # the criterion as a plain question answered yes or no, e.g. "Aged 18 or over: yes"
    kind: str = ""


@dataclass(frozen=True)
class Result:
    status: Status
    results: tuple[CriterionResult, ...]

    @property
    def deciding(self) -> list[CriterionResult]:
        """The results that made the status what it is."""
        wanted = {
            Status.NOT_ELIGIBLE: Outcome.FAIL,
            Status.INCOMPLETE: Outcome.UNANSWERED,
            Status.SERGEANT_DECISION: Outcome.OVERRIDABLE,
        }.get(self.status)
        return [r for r in self.results if r.outcome == wanted]

    @property
    def headline(self) -> str:
        return headline(self.status, [{"outcome": r.outcome, "wording": r.wording} for r in self.results])

    @classmethod
    def from_json(cls, status: str, results: list[dict]) -> "Result":
        """A stored screening, as it was judged."""
        return cls(
            status=Status(status),
            results=tuple(
                CriterionResult(
                    r["code"],
                    r["wording"],
                    Outcome(r["outcome"]),
                    r["explanation"],
                    r.get("finding", ""),
                    r.get("kind", ""),
                )
                for r in results
            ),
        )

    def as_json(self) -> list[dict]:
        return [
            {
                "code": r.code,
                "kind": r.kind,
                "wording": r.wording,
                "outcome": r.outcome.value,
                "explanation": r.explanation,
                "finding": r.finding,
            }
            for r in self.results
        ]

    @property
    def failed(self) -> list[CriterionResult]:
        """The criteria the person did not meet (overridable or not)."""
        return [r for r in self.results if r.outcome in (Outcome.FAIL, Outcome.OVERRIDABLE)]


_STATUS_TEXT = {
    Status.ELIGIBLE: "Eligible",
    Status.NOT_ELIGIBLE: "Not eligible",
    Status.SERGEANT_DECISION: "Sergeant decision needed",
    Status.INCOMPLETE: "Answers missing",
}
_DECIDING = {
    Status.NOT_ELIGIBLE: Outcome.FAIL,
    Status.SERGEANT_DECISION: Outcome.OVERRIDABLE,
    Status.INCOMPLETE: Outcome.UNANSWERED,
}


def headline(status: str, results: Iterable[Mapping]) -> str:
    """'Eligible', 'Not eligible: <wording>', 'Sergeant decision needed: <wording>'."""
    status = Status(status)
    wanted = _DECIDING.get(status)
    reasons = [r["wording"] for r in results if wanted and r["outcome"] == wanted]
    return f"{_STATUS_TEXT[status]}: {'; '.join(reasons)}" if reasons else _STATUS_TEXT[status]


def _grams(quantity: Decimal) -> str:
    return f"{Decimal(quantity).normalize():f}"


def _elapsed(since: date, until: date) -> tuple[int, int]:
    """Whole calendar months and the days left over from one day to a later one:
    the one measure behind ages and lookbacks."""
    span = relativedelta(until, since)
    return span.years * 12 + span.months, span.days


def age_on(born: date, day: date) -> int:
    """Age in whole years on a day (a birthday counts from its own day)."""
    months, _ = _elapsed(born, day)
    return months // 12


def within_months(earlier: date, later: date, months: int) -> bool:
    """Whether `earlier` falls no more than `months` calendar months before `later`."""
    if earlier > later:
        return True
    elapsed_months, days = _elapsed(earlier, later)
    return (elapsed_months, days) <= (months, 0)


def _offense_allowed(criterion: Criterion, answers: Answers) -> tuple[Outcome, str]:
    if not answers.offenses:
        return Outcome.UNANSWERED, "No offense chosen."
    outside = sorted(answers.offenses - criterion.offenses_for(answers.agency))
    if outside:
        return Outcome.FAIL, f"Not an offense this route allows: {', '.join(outside)}."
    return Outcome.PASS, "Every offense is one this route allows."


def _quantity_limit(criterion: Criterion, answers: Answers) -> tuple[Outcome, str]:
    if answers.drug_offense and not answers.drug_type:
        return Outcome.UNANSWERED, "Drug not named for a drug offense."
    if answers.drug_type and answers.drug_type in criterion.exempt_drug_types:
        return Outcome.PASS, f"The limit does not apply to {answers.drug_type}."
    if answers.quantity_grams is None:
        if not answers.drug_type:
            return Outcome.PASS, "No drug involved."
        return Outcome.UNANSWERED, "Quantity not given."
    if answers.quantity_grams > criterion.limit_grams:
        return Outcome.FAIL, f"{_grams(answers.quantity_grams)} g is over the {_grams(criterion.limit_grams)} g limit."
    return Outcome.PASS, f"{_grams(answers.quantity_grams)} g is within the {_grams(criterion.limit_grams)} g limit."


def _exclusion(criterion: Criterion, answers: Answers) -> tuple[Outcome, str]:
    applies = answers.exclusions.get(criterion.code)
    if applies is None:
        return Outcome.UNANSWERED, f"Not answered: {criterion.question or criterion.wording}"
    if applies:
        return Outcome.FAIL, "The officer answered yes."
    return Outcome.PASS, "The officer answered no."


def _minimum_age(criterion: Criterion, answers: Answers) -> tuple[Outcome, str]:
    if answers.date_of_birth is None:
        return Outcome.UNANSWERED, "Date of birth not given."
    age = age_on(answers.date_of_birth, answers.contact_date)
    if age < criterion.minimum_age:
        return Outcome.FAIL, f"Aged {age} on the day of contact; the minimum is {criterion.minimum_age}."
    return Outcome.PASS, f"Aged {age} on the day of contact."


def _prior_activity(criterion: Criterion, answers: Answers) -> tuple[Outcome, str]:
    if answers.prior_activity_date is None or answers.prior_activity_in_area is None:
        return Outcome.UNANSWERED, "Prior activity not verified."
    if not answers.prior_activity_in_area:
        return Outcome.FAIL, "The prior activity was outside the LEAD area."
    if answers.prior_activity_date > answers.contact_date:
        return Outcome.UNANSWERED, "The verified activity must be on or before the day of contact."
    if not within_months(answers.prior_activity_date, answers.contact_date, criterion.lookback_months):
        return Outcome.FAIL, (
            f"Verified activity on {answers.prior_activity_date:%Y-%m-%d} is more than "
            f"{criterion.lookback_months} months before the contact on {answers.contact_date:%Y-%m-%d}."
        )
    return Outcome.PASS, f"Verified activity on {answers.prior_activity_date:%Y-%m-%d}, inside the LEAD area."


def _finding(criterion: Criterion, outcome: Outcome) -> str:
    """The criterion as a plain question with its answer, never a double negative:
    "Aged 18 or over: yes", "Delivery for profit: no"."""
    if criterion.kind == "exclusion":
        question = criterion.wording
        answer = {Outcome.PASS: "no", Outcome.FAIL: "yes", Outcome.OVERRIDABLE: "yes"}.get(outcome)
    else:
        question = {
            "offense_allowed": "Every offense one LEAD covers",
            "quantity_limit": f"Within the {_grams(criterion.limit_grams or 0)} g limit",
            "minimum_age": f"Aged {criterion.minimum_age} or over on the day of contact",
            "prior_activity_lookback": (
                f"Verified activity inside the LEAD area within {criterion.lookback_months} months"
            ),
        }[criterion.kind]
        answer = {Outcome.PASS: "yes", Outcome.FAIL: "no", Outcome.OVERRIDABLE: "no"}.get(outcome)
    if answer is None:
        return f"{question}: not answered"
    if outcome == Outcome.OVERRIDABLE:
        return f"{question}: {answer} (a sergeant may still approve)"
    return f"{question}: {answer}"


_CHECKS = {
    "offense_allowed": _offense_allowed,
    "quantity_limit": _quantity_limit,
    "exclusion": _exclusion,
    "minimum_age": _minimum_age,
    "prior_activity_lookback": _prior_activity,
}


def evaluate(answers: Answers, criteria: Iterable[Criterion]) -> Result:
    applicable = sorted((c for c in criteria if c.applies_to(answers.route, answers.agency)), key=lambda c: c.code)
    results = []
    for criterion in applicable:
        outcome, explanation = _CHECKS[criterion.kind](criterion, answers)
        if outcome == Outcome.FAIL and criterion.sergeant_may_override:
            outcome = Outcome.OVERRIDABLE
        results.append(
            CriterionResult(
                criterion.code,
                criterion.wording,
                outcome,
                explanation,
                _finding(criterion, outcome),
                criterion.kind,
            )
        )
    outcomes = {r.outcome for r in results}
    if Outcome.FAIL in outcomes:
        status = Status.NOT_ELIGIBLE
    elif Outcome.UNANSWERED in outcomes:
        status = Status.INCOMPLETE
    elif Outcome.OVERRIDABLE in outcomes:
        status = Status.SERGEANT_DECISION
    else:
        status = Status.ELIGIBLE
    return Result(status=status, results=tuple(results))


# --- the decision -------------------------------------------------------------------


class Choice(StrEnum):
    """What the officer records at the end of the screening."""

    DIVERT = "divert"
    NOT_DIVERT = "not_divert"
    SCREENED_OUT = "screened_out"


@dataclass(frozen=True)
class DecisionAnswers:
    choice: str = ""  # a Choice, or "" when none was chosen
    reasons_given: bool = False
    narrative_required: bool = False  # one of the reasons chosen needs words
    narrative: str = ""


@dataclass(frozen=True)
class Problem:
    """Why the answers cannot be recorded as they stand. `about` names what it
    concerns: a criterion's code (an unanswered screening question), "reasons",
    "narrative", or "" for the decision as a whole."""

    message: str
    about: str = ""
    kind: str = ""  # the criterion's kind, for a problem about a criterion


def recorded_as(result: Result, choice: str) -> Choice:
    """What will be recorded: a person who is not eligible is screened out,
    whatever button was pressed (a diversion of them is a problem, below)."""
    if result.status == Status.NOT_ELIGIBLE:
        return Choice.SCREENED_OUT
    return Choice(choice) if choice in Choice.__members__.values() else Choice.SCREENED_OUT


def decision_problems(result: Result, decision: DecisionAnswers) -> list[Problem]:
    """Every reason the officer's decision cannot be recorded; none means it can."""
    if result.status == Status.NOT_ELIGIBLE:
        if decision.choice == Choice.DIVERT:
            return [Problem(f"This person cannot be diverted. {result.headline}.")]
        return []
    if result.status == Status.INCOMPLETE:
        return [Problem(r.explanation, about=r.code, kind=r.kind) for r in result.deciding]
    if decision.choice == Choice.DIVERT:
        return []
    if decision.choice == Choice.NOT_DIVERT:
        if not decision.reasons_given:
            return [Problem("Give at least one reason for not diverting an eligible person.", about="reasons")]
        if decision.narrative_required and not decision.narrative.strip():
            return [Problem("The reason you chose needs a few words of explanation.", about="narrative")]
        return []
    if decision.choice == Choice.SCREENED_OUT:
        return [Problem("This person is eligible: record a decision to divert or not to divert.")]
    return [Problem("Choose to divert or not to divert.")]
