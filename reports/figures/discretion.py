"""How discretion is used, per officer and per unit, for review and coaching
(core principles: documenting the decision to divert or not divert "is
important for review and re-training").

The rate counts each officer's own decision on their eligible contacts. A
sergeant's override replaces the current decision with one of the sergeant's
(review_record is the only way a decision by someone other than the referring
officer becomes current) and always flips the outcome, so the officer's own
decision is recovered from the current one without another join, and overrides
are counted beside the rate rather than in it.

Community-door referrals are left out (decisions.officers_own): there the
"officer" is whoever screened a partner's referral."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q

from referrals.models import Decision
from reports.wilson import Proportion, proportion

from .decisions import eligible_contacts, officers_own

BY_SOMEONE_ELSE = ~Q(current_decision__decided_by_id=F("officer_id"))
OFFICER_DIVERTED = Q(
    ~BY_SOMEONE_ELSE & Q(current_decision__outcome=Decision.Outcome.DIVERT)
    | BY_SOMEONE_ELSE & Q(current_decision__outcome=Decision.Outcome.NOT_DIVERT)
)


@dataclass(frozen=True)
class DiscretionRow:
    key: int | None
    name: str
    unit_name: str
    unit_kind: str
    rate: Proportion
    overrides: int
    compared_with: float | None
    highlighted: bool

    @property
    def override_rate(self) -> float | None:
        return self.overrides / self.rate.trials if self.rate.trials else None


@dataclass(frozen=True)
class Discretion:
    officers: tuple[DiscretionRow, ...]
    units: tuple[DiscretionRow, ...]
    overall: Proportion
    overrides: int
    minimum: int


def _officer_name(group: dict) -> str:
    name = f"{group['officer__first_name']} {group['officer__last_name']}".strip() or group["officer__username"]
    return f"{name} (#{group['officer__badge_number']})" if group["officer__badge_number"] else name


def _stands_out(rate: Proportion, other: float | None, minimum: int) -> bool:
    """Highlight only with enough decisions, and only when the other rate lies
    outside this one's 95% interval: a difference chance would rarely make."""
    return rate.trials >= minimum and rate.excludes(other)


def discretion(referrals) -> Discretion:
    """One grouped query (agency x unit x officer); agency, unit and overall
    rates are sums of its rows. A unit is compared with its own agency's rate
    (agencies differ in how they use LEAD; a county's units are not measured
    against a city's), an officer with their unit's."""
    minimum = settings.LEAD_DISCRETION_MIN_COUNT
    groups = list(
        eligible_contacts(officers_own(referrals))
        .values(
            "agency_id",
            "unit_id",
            "unit__name",
            "unit__kind",
            "officer_id",
            "officer__first_name",
            "officer__last_name",
            "officer__username",
            "officer__badge_number",
        )
        .annotate(
            eligible=Count("id"),
            diverted=Count("id", filter=OFFICER_DIVERTED),
            overrides=Count("id", filter=BY_SOMEONE_ELSE),
        )
        # Officers without a unit last, as "No unit", on every database
        # (PostgreSQL puts empty values last, SQLite first).
        .order_by(
            F("unit__name").asc(nulls_last=True), "unit_id", "officer__last_name", "officer__first_name", "officer_id"
        )
    )
    by_unit: dict[int | None, list[dict]] = defaultdict(list)
    for group in groups:
        by_unit[group["unit_id"]].append(group)
    overall = proportion(sum(g["diverted"] for g in groups), sum(g["eligible"] for g in groups))
    by_agency: dict[int | None, list[dict]] = defaultdict(list)
    for group in groups:
        by_agency[group["agency_id"]].append(group)
    agency_rates = {
        agency_id: proportion(sum(g["diverted"] for g in members), sum(g["eligible"] for g in members)).rate
        for agency_id, members in by_agency.items()
    }
    units, officers = [], []
    for unit_id, members in by_unit.items():
        unit_rate = proportion(sum(g["diverted"] for g in members), sum(g["eligible"] for g in members))
        unit_name = members[0]["unit__name"] or "No unit"
        unit_kind = members[0]["unit__kind"] or ""
        units.append(
            DiscretionRow(
                key=unit_id,
                name=unit_name,
                unit_name=unit_name,
                unit_kind=unit_kind,
                rate=unit_rate,
                overrides=sum(g["overrides"] for g in members),
                compared_with=agency_rates[members[0]["agency_id"]],
                highlighted=_stands_out(unit_rate, agency_rates[members[0]["agency_id"]], minimum),
            )
        )
        for group in members:
            rate = proportion(group["diverted"], group["eligible"])
            officers.append(
                DiscretionRow(
                    key=group["officer_id"],
                    name=_officer_name(group),
                    unit_name=unit_name,
                    unit_kind=unit_kind,
                    rate=rate,
                    overrides=group["overrides"],
                    compared_with=unit_rate.rate,
                    highlighted=_stands_out(rate, unit_rate.rate, minimum),
                )
            )
    return Discretion(
        officers=tuple(officers),
        units=tuple(units),
        overall=overall,
        overrides=sum(g["overrides"] for g in groups),
        minimum=minimum,
    )
