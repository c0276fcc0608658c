"""How much the program is used: referrals per month by route, and by the kind
of unit that filed them. LEAD starts with proactive units; the core principles
say patrol must come to use it too, or most cases go through "system as usual"."""

from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from lead_ops.accounts.models import Unit

from .base import Figure, Table, chart, percent

NO_UNIT = "No unit"


def monthly_counts(referrals, filters) -> list[dict]:
    """One grouped query: referrals per (month, route, unit kind)."""
    return list(
        referrals.annotate(month=TruncMonth("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("month", "route__name", "route__order", "route__is_community_door", "unit__kind")
        .annotate(count=Count("id"))
        .order_by()
    )


def _month_key(value):
    return value.date() if hasattr(value, "date") else value


def referrals_by_route(groups: list[dict], filters) -> Figure:
    months = filters.months()
    routes = sorted({(g["route__order"], g["route__name"]) for g in groups})
    counts = defaultdict(int)
    for group in groups:
        counts[(_month_key(group["month"]), group["route__name"])] += group["count"]
    names = [name for _, name in routes]
    rows = tuple(
        (f"{month:%b %Y}", *(counts[(month, name)] for name in names), sum(counts[(month, name)] for name in names))
        for month in months
    )
    total = sum(row[-1] for row in rows)
    return Figure(
        key="referrals-by-route",
        title="Referrals per month by route",
        headline=f"{total} referral{'s' if total != 1 else ''} filed in the period.",
        table=Table(caption="Referrals filed per month, by route", header=("Month", *names, "Total"), rows=rows),
        chart=chart(
            "bar",
            [row[0] for row in rows],
            [{"label": name, "data": [row[1 + i] for row in rows]} for i, name in enumerate(names)],
            stacked=True,
        ),
        chart_label="Stacked bar chart of referrals per month by route; the numbers are in the table below.",
    )


def proactive_and_patrol(groups: list[dict], filters) -> Figure:
    months = filters.months()
    kinds = [(Unit.Kind.PROACTIVE, "Proactive units"), (Unit.Kind.PATROL, "Patrol units")]
    counts = defaultdict(int)
    for group in groups:
        if group["route__is_community_door"]:
            continue  # screened by the project team or a designated officer: no unit's adoption of LEAD
        counts[(_month_key(group["month"]), group["unit__kind"] or "")] += group["count"]
    rows = []
    for month in months:
        proactive, patrol = (counts[(month, kind)] for kind, _ in kinds)
        both = proactive + patrol
        rows.append((f"{month:%b %Y}", proactive, patrol, percent(patrol / both if both else None)))
    patrol_total = sum(r[2] for r in rows)
    all_total = sum(r[1] + r[2] for r in rows)
    share = percent(patrol_total / all_total if all_total else None)
    return Figure(
        key="proactive-patrol",
        title="Proactive and patrol units: is patrol adopting LEAD?",
        headline=f"Patrol units filed {patrol_total} of {all_total} referrals ({share}).",
        table=Table(
            caption="Referrals per month by the kind of unit that filed them",
            header=("Month", "Proactive units", "Patrol units", "Patrol share"),
            rows=tuple(rows),
        ),
        chart=chart(
            "line",
            [row[0] for row in rows],
            [{"label": label, "data": [row[1 + i] for row in rows]} for i, (_, label) in enumerate(kinds)],
        ),
        chart_label="Line chart of referrals per month from proactive and from patrol units; numbers in the table.",
        notes=(
            "Community-door referrals are not counted here: a designated officer who screens one for the project "
            "team did not refer the person.",
        ),
    )
