"""Equity: who is referred and who is diverted, by race, ethnicity and sex,
against the eligible pool. Counts stand beside every rate, and every small
count is suppressed (reports.suppression) before it reaches a page or a file."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from referrals.models import Person
from reports.suppression import Cell, is_small, rate_if_shown, suppress_column, suppress_part
from reports.wilson import Proportion, proportion

from .decisions import DIVERTED, ELIGIBLE_CONTACT

DIMENSIONS = (
    ("race", "Race", Person.Race),
    ("ethnicity", "Ethnicity", Person.Ethnicity),
    ("sex", "Sex", Person.Sex),
)


@dataclass(frozen=True)
class EquityRow:
    label: str
    referrals: Cell
    referral_share: float | None
    eligible: Cell
    eligible_share: float | None
    diverted: Cell
    rate: Proportion | None

    @property
    def diverted_share_of_eligible(self) -> float | None:
        return rate_if_shown(self.diverted, self.eligible)


@dataclass(frozen=True)
class EquityTable:
    key: str
    title: str
    rows: tuple[EquityRow, ...]
    total: EquityRow


def equity_groups(referrals) -> list[dict]:
    """One grouped query: referrals, eligible contacts and diversions per (race, ethnicity, sex)."""
    return list(
        referrals.values("person__race", "person__ethnicity", "person__sex")
        .annotate(
            referrals=Count("id"),
            eligible=Count("id", filter=ELIGIBLE_CONTACT),
            diverted=Count("id", filter=ELIGIBLE_CONTACT & DIVERTED),
        )
        .order_by()
    )


def _cell(count: int) -> Cell:
    return Cell(None if is_small(count) else count)


def equity_table(groups: list[dict], field: str, title: str, choices) -> EquityTable:
    sums = defaultdict(lambda: [0, 0, 0])
    for group in groups:
        entry = sums[group[f"person__{field}"]]
        entry[0] += group["referrals"]
        entry[1] += group["eligible"]
        entry[2] += group["diverted"]
    values = list(choices.values)
    counts = [sums[value] for value in values]
    totals = [sum(c[i] for c in counts) for i in range(3)]
    total_referrals, total_eligible = _cell(totals[0]), _cell(totals[1])
    referrals = suppress_column([c[0] for c in counts])
    eligible = suppress_column([c[1] for c in counts])
    unsafe = {i for i, c in enumerate(counts) if suppress_part(c[2], eligible[i]).suppressed}
    diverted = suppress_column([c[2] for c in counts], hidden=unsafe)
    rows = []
    for index, value in enumerate(values):
        rate = None
        if not diverted[index].suppressed and not eligible[index].suppressed and eligible[index].value:
            rate = proportion(diverted[index].value, eligible[index].value)
        rows.append(
            EquityRow(
                label=choices(value).label,
                referrals=referrals[index],
                referral_share=rate_if_shown(referrals[index], total_referrals),
                eligible=eligible[index],
                eligible_share=rate_if_shown(eligible[index], total_eligible),
                diverted=diverted[index],
                rate=rate,
            )
        )
    total_diverted = suppress_part(totals[2], total_eligible)
    total_rate = None
    if not total_diverted.suppressed and total_eligible.value:
        total_rate = proportion(total_diverted.value, total_eligible.value)
    total = EquityRow(
        label="All",
        referrals=total_referrals,
        referral_share=1.0 if totals[0] and not total_referrals.suppressed else None,
        eligible=total_eligible,
        eligible_share=1.0 if totals[1] and not total_eligible.suppressed else None,
        diverted=total_diverted,
        rate=total_rate,
    )
    return EquityTable(key=field, title=title, rows=tuple(rows), total=total)


def equity(referrals) -> tuple[EquityTable, ...]:
    groups = equity_groups(referrals)
    return tuple(equity_table(groups, field, title, choices) for field, title, choices in DIMENSIONS)
