"""Divert or not: the diversion rate among eligible contacts, and the reasons
officers gave for not diverting (core principles: documenting the decision to
divert or not divert, for review and re-training)."""

from django.db.models import Count, Q

from referrals.models import Decision
from referrals.models.referral import EligibilityStatus
from reports.wilson import proportion

from .base import Figure, Table, chart, interval, percent

# Every contact that needed a divert / no-divert decision: eligible outright, or
# eligible subject to a sergeant's decision on an overridable criterion.
DECIDED_STATUSES = (EligibilityStatus.ELIGIBLE, EligibilityStatus.SERGEANT_DECISION)
ELIGIBLE_CONTACT = Q(eligibility_status__in=DECIDED_STATUSES, current_decision__isnull=False)
DIVERTED = Q(current_decision__outcome=Decision.Outcome.DIVERT)


FROM_THE_FIELD = Q(route__is_community_door=False)
NOT_THE_COMMUNITY_DOOR = (
    "Community-door referrals are not counted here: they are the project team's decisions (or a designated "
    "officer's, verifying for it), not an officer's discretion in the field."
)


def eligible_contacts(referrals):
    return referrals.filter(ELIGIBLE_CONTACT)


def officers_own(referrals):
    """The referrals an officer filed and decided in the field: every door but
    the community door. There Referral.officer is whoever screened the
    partner's referral (a project manager, or a designated officer verifying
    for the project team), so what an officer's discretion figures, the
    reasons for not diverting, sergeants' overrides and patrol's adoption
    count must leave it out."""
    return referrals.filter(FROM_THE_FIELD)


def diversion_rate(referrals) -> Figure:
    groups = list(
        eligible_contacts(referrals)
        .values("route__name", "route__order")
        .annotate(eligible=Count("id"), diverted=Count("id", filter=DIVERTED))
        .order_by("route__order", "route__name")
    )
    rows, chart_rates = [], []
    for group in groups:
        p = proportion(group["diverted"], group["eligible"])
        rows.append((group["route__name"], group["eligible"], group["diverted"], percent(p.rate), interval(p)))
        chart_rates.append(round(p.rate * 100, 1))
    total = proportion(sum(g["diverted"] for g in groups), sum(g["eligible"] for g in groups))
    rows.append(("All routes", total.trials, total.successes, percent(total.rate), interval(total)))
    return Figure(
        key="diversion-rate",
        title="Diversion rate among eligible contacts",
        headline=(
            f"{total.successes} of {total.trials} eligible contacts were diverted ({percent(total.rate)})."
            if total.trials
            else "No eligible contacts in the period."
        ),
        table=Table(
            caption="Eligible contacts and diversions by route, with 95% Wilson intervals",
            header=("Route", "Eligible contacts", "Diverted", "Diversion rate", "95% interval"),
            rows=tuple(rows),
        ),
        chart=chart(
            "bar",
            [g["route__name"] for g in groups],
            [{"label": "Diversion rate (%)", "data": chart_rates}],
            percent=True,
        ),
        chart_label="Bar chart of the diversion rate among eligible contacts by route; numbers in the table below.",
        notes=(
            "Eligible contacts: referrals screened eligible, or eligible subject to a sergeant's decision, with a "
            "documented decision. The outcome counted is the current one, after any sergeant's override.",
        ),
    )


def reasons_not_diverted(referrals) -> Figure:
    not_diverted = eligible_contacts(officers_own(referrals)).filter(
        current_decision__outcome=Decision.Outcome.NOT_DIVERT
    )
    groups = list(
        not_diverted.values(
            "current_decision__reasons__label",
            "current_decision__reasons__is_not_a_good_fit",
            "current_decision__reasons__order",
        )
        .annotate(count=Count("id"))
        .order_by("-count", "current_decision__reasons__order", "current_decision__reasons__label")
    )
    rows = []
    for group in groups:
        label = group["current_decision__reasons__label"] or "No reason listed (a sergeant's override)"
        kind = "Not a good fit" if group["current_decision__reasons__is_not_a_good_fit"] else ""
        rows.append((label, kind, group["count"]))
    given = sum(row[2] for row in rows)
    return Figure(
        key="reasons",
        title="Reasons for not diverting an eligible person",
        headline=(
            f"{given} reason{'s' if given != 1 else ''} given for not diverting."
            if rows
            else "No eligible person was left undiverted in the period."
        ),
        table=Table(
            caption="Reasons given for not diverting eligible contacts (a decision may give more than one)",
            header=("Reason", "Judgement", "Times given"),
            rows=tuple(rows),
        ),
        chart=chart(
            "bar", [r[0] for r in rows], [{"label": "Times given", "data": [r[2] for r in rows]}], horizontal=True
        )
        if rows
        else None,
        chart_label="Horizontal bar chart of the reasons for not diverting; numbers in the table below.",
        notes=(NOT_THE_COMMUNITY_DOOR,),
    )
