"""How long a decision waits for its sergeant: from the moment the decision was
documented (filing, or the officer's correction) to the sergeant's review."""

from django.db.models import Count, Q

from referrals.models import Review

from .base import Figure, Table, chart, hours, percent
from .decisions import NOT_THE_COMMUNITY_DOOR, officers_own
from .sql import SecondsBetween, aggregate_with_percentiles

HOUR = 3600
BUCKETS = [
    ("Under 4 hours", None, 4 * HOUR),
    ("4 to 12 hours", 4 * HOUR, 12 * HOUR),
    ("12 to 24 hours", 12 * HOUR, 24 * HOUR),
    ("24 to 48 hours", 24 * HOUR, 48 * HOUR),
    ("48 hours or more", 48 * HOUR, None),
]


def _bucket(low, high) -> Q:
    condition = Q()
    if low is not None:
        condition &= Q(seconds__gte=low)
    if high is not None:
        condition &= Q(seconds__lt=high)
    return condition


def review_turnaround(referrals) -> Figure:
    reviews = Review.objects.filter(referral__in=officers_own(referrals).values("pk")).annotate(
        seconds=SecondsBetween("created_at", "decision__decided_at")
    )
    counts, quantiles = aggregate_with_percentiles(
        reviews,
        "seconds",
        (0.5, 0.9),
        total=Count("id"),
        overrides=Count("id", filter=Q(action=Review.Action.OVERRIDE)),
        returns=Count("id", filter=Q(action=Review.Action.RETURN)),
        **{f"b{i}": Count("id", filter=_bucket(low, high)) for i, (_, low, high) in enumerate(BUCKETS)},
    )
    total = counts["total"]
    rows = tuple(
        (label, counts[f"b{i}"], percent(counts[f"b{i}"] / total if total else None))
        for i, (label, _, _) in enumerate(BUCKETS)
    )
    median, p90 = quantiles[0.5], quantiles[0.9]
    return Figure(
        key="review-turnaround",
        title="Sergeant review turnaround",
        headline=(
            f"Median {hours(median)}, 90th percentile {hours(p90)} over {total} review{'s' if total != 1 else ''}."
            if total
            else "No sergeant reviews in the period."
        ),
        table=Table(
            caption="Sergeant reviews by the time the decision waited",
            header=("Waited", "Reviews", "Share"),
            rows=(
                *rows,
                ("Median", hours(median), ""),
                ("90th percentile", hours(p90), ""),
                ("Returned for correction", counts["returns"], percent(counts["returns"] / total if total else None)),
                ("Overridden", counts["overrides"], percent(counts["overrides"] / total if total else None)),
            ),
        ),
        chart=chart("bar", [r[0] for r in rows], [{"label": "Reviews", "data": [r[1] for r in rows]}]),
        chart_label="Bar chart of sergeant reviews by how long the decision waited; numbers in the table below.",
        notes=(
            "Waiting time runs from the decision the sergeant reviewed (at filing, or at the officer's correction).",
            NOT_THE_COMMUNITY_DOOR,
        ),
    )
