"""From diversion to case management: the warm hand-off against its target
(one site's: 30 minutes from calling the case manager to their arrival), and
intake completed within the route's deadline."""

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from referrals.consent import outcomes_countable_outside
from referrals.models import Intake

from .base import Figure, Table, chart, minutes, percent
from .sql import SecondsBetween, aggregate_with_percentiles

MINUTE = 60


def _intakes(referrals):
    return Intake.objects.filter(referral__in=referrals.values("pk"))


def handoff_and_intake_counts(referrals) -> tuple[dict, dict]:
    """Hand-off buckets and percentiles over every hand-off (what police know);
    intake-deadline outcomes only over hand-offs under a release of information
    in force (42 CFR Part 2: referrals.consent.outcomes_countable_outside), with
    the number of those and of all hand-offs so the page can say so."""
    target = settings.LEAD_HANDOFF_TARGET_MINUTES * MINUTE
    today = timezone.localdate()
    intakes = _intakes(referrals).annotate(seconds=SecondsBetween("case_manager_arrived_at", "case_manager_called_at"))
    counts, quantiles = aggregate_with_percentiles(
        intakes,
        "seconds",
        (0.5, 0.9),
        handed_off=Count("id"),
        arrived=Count("id", filter=Q(seconds__isnull=False)),
        half_target=Count("id", filter=Q(seconds__lte=target / 2)),
        within_target=Count("id", filter=Q(seconds__lte=target)),
        within_double=Count("id", filter=Q(seconds__lte=target * 2)),
    )
    completed_on = TruncDate("intake_completed_at", tzinfo=timezone.get_current_timezone())
    done = Q(intake_completed_at__isnull=False)
    countable = _intakes(outcomes_countable_outside(referrals)).annotate(completed_on=completed_on)
    counts |= countable.aggregate(
        under_release=Count("id"),
        on_time=Count("id", filter=done & Q(completed_on__lte=F("intake_deadline"))),
        late=Count("id", filter=done & Q(completed_on__gt=F("intake_deadline"))),
        overdue=Count("id", filter=~done & Q(intake_deadline__lt=today)),
        open=Count("id", filter=~done & Q(intake_deadline__gte=today)),
    )
    return counts, quantiles


def handoff_time(counts: dict, quantiles: dict) -> Figure:
    target = settings.LEAD_HANDOFF_TARGET_MINUTES
    arrived = counts["arrived"]
    buckets = [
        (f"Up to {target // 2} min", counts["half_target"]),
        (f"{target // 2} to {target} min", counts["within_target"] - counts["half_target"]),
        (f"{target} to {target * 2} min", counts["within_double"] - counts["within_target"]),
        (f"Over {target * 2} min", arrived - counts["within_double"]),
    ]
    share = percent(counts["within_target"] / arrived if arrived else None)
    rows = tuple((label, n, percent(n / arrived if arrived else None)) for label, n in buckets)
    return Figure(
        key="handoff-time",
        title=f"Warm hand-off time against the {target}-minute target",
        headline=(
            f"{counts['within_target']} of {arrived} hand-offs ({share}) met the target; "
            f"median {minutes(quantiles[0.5])}, 90th percentile {minutes(quantiles[0.9])}."
            if arrived
            else "No hand-off with a recorded arrival in the period."
        ),
        table=Table(
            caption=f"Minutes from calling the case manager to their arrival (target {target} minutes)",
            header=("Arrived within", "Hand-offs", "Share"),
            rows=(
                *rows,
                ("Met the target", counts["within_target"], share),
                ("Median", minutes(quantiles[0.5]), ""),
                ("90th percentile", minutes(quantiles[0.9]), ""),
                ("Arrival not recorded", counts["handed_off"] - arrived, ""),
            ),
        ),
        chart=chart("bar", [b[0] for b in buckets], [{"label": "Hand-offs", "data": [b[1] for b in buckets]}]),
        chart_label="Bar chart of hand-offs by minutes until the case manager arrived; numbers in the table below.",
    )


def intake_within_deadline(counts: dict) -> Figure:
    decided = counts["on_time"] + counts["late"] + counts["overdue"]
    rows = (
        ("Completed within the deadline", counts["on_time"]),
        ("Completed after the deadline", counts["late"]),
        ("Not completed, deadline passed", counts["overdue"]),
        ("Not completed, deadline still ahead", counts["open"]),
    )
    share = percent(counts["on_time"] / decided if decided else None)
    return Figure(
        key="intake-deadline",
        title="Intake completed within the deadline",
        headline=(
            f"{counts['on_time']} of {decided} intakes whose deadline has passed or that are done "
            f"were completed in time ({share})."
            if decided
            else "No intake deadline has come due in the period."
        ),
        table=Table(
            caption="Hand-offs by intake outcome against the route's deadline",
            header=("Outcome", "Hand-offs", "Share of those due"),
            rows=tuple(
                (label, n, percent(n / decided if decided else None) if index < 3 else "")
                for index, (label, n) in enumerate(rows)
            ),
        ),
        chart=chart("doughnut", [r[0] for r in rows], [{"label": "Hand-offs", "data": [r[1] for r in rows]}]),
        chart_label="Doughnut chart of hand-offs by intake outcome; numbers in the table below.",
        notes=(
            f"Counted over the {counts['under_release']} of {counts['handed_off']} hand-offs whose person has a "
            "release of information in force: whether someone completed intake is substance-use information "
            "(42 CFR Part 2), so the others are not counted here, completed or not.",
        ),
    )
