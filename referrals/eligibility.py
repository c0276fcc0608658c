"""The eligibility engine: a pure function of an officer's answers and the
criteria of a protocol version. No database, no clock: the same inputs always
give the same result, whatever order the answers or criteria arrive in.

Precedence: a criterion that fails and may not be overridden makes the person
not eligible; otherwise an unanswered question leaves the result incomplete;
otherwise a failing criterion a sergeant may override asks for a sergeant's
decision; otherwise the person is eligible.
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

    def applies_to(self, route: str) -> bool:
        return not self.routes or route in self.routes


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


@dataclass(frozen=True)
class CriterionResult:
    code: str
    wording: str
    outcome: Outcome
    explanation: str


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
                CriterionResult(r["code"], r["wording"], Outcome(r["outcome"]), r["explanation"]) for r in results
            ),
        )

    def as_json(self) -> list[dict]:
        return [
            {"code": r.code, "wording": r.wording, "outcome": r.outcome.value, "explanation": r.explanation}
            for r in self.results
        ]


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


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _offense_allowed(criterion: Criterion, answers: Answers) -> tuple[Outcome, str]:
    if not answers.offenses:
        return Outcome.UNANSWERED, "No offense chosen."
    outside = sorted(answers.offenses - criterion.offenses)
    if outside:
        return Outcome.FAIL, f"Not an offense this route allows: {', '.join(outside)}."
    return Outcome.PASS, "Every offense is one this route allows."


def _quantity_limit(criterion: Criterion, answers: Answers) -> tuple[Outcome, str]:
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
        return Outcome.UNANSWERED, "Not answered."
    if applies:
        return Outcome.FAIL, "The officer answered yes."
    return Outcome.PASS, "The officer answered no."


def _minimum_age(criterion: Criterion, answers: Answers) -> tuple[Outcome, str]:
    if answers.date_of_birth is None:
        return Outcome.UNANSWERED, "Date of birth not given."
    age = _age_on(answers.date_of_birth, answers.contact_date)
    if age < criterion.minimum_age:
        return Outcome.FAIL, f"Aged {age} on the day of contact; the minimum is {criterion.minimum_age}."
    return Outcome.PASS, f"Aged {age} on the day of contact."


def _prior_activity(criterion: Criterion, answers: Answers) -> tuple[Outcome, str]:
    if answers.prior_activity_date is None or answers.prior_activity_in_area is None:
        return Outcome.UNANSWERED, "Prior activity not verified."
    if not answers.prior_activity_in_area:
        return Outcome.FAIL, "The prior activity was outside the LEAD area."
    earliest = answers.contact_date - relativedelta(months=criterion.lookback_months)
    if answers.prior_activity_date < earliest:
        return Outcome.FAIL, (
            f"Verified activity on {answers.prior_activity_date:%Y-%m-%d} is older than the "
            f"{criterion.lookback_months}-month lookback (earliest {earliest:%Y-%m-%d})."
        )
    return Outcome.PASS, f"Verified activity on {answers.prior_activity_date:%Y-%m-%d}, inside the LEAD area."


_CHECKS = {
    "offense_allowed": _offense_allowed,
    "quantity_limit": _quantity_limit,
    "exclusion": _exclusion,
    "minimum_age": _minimum_age,
    "prior_activity_lookback": _prior_activity,
}


def evaluate(answers: Answers, criteria: Iterable[Criterion]) -> Result:
    applicable = sorted((c for c in criteria if c.applies_to(answers.route)), key=lambda c: c.code)
    results = []
    for criterion in applicable:
        outcome, explanation = _CHECKS[criterion.kind](criterion, answers)
        if outcome == Outcome.FAIL and criterion.sergeant_may_override:
            outcome = Outcome.OVERRIDABLE
        results.append(CriterionResult(criterion.code, criterion.wording, outcome, explanation))
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
