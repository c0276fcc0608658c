"""Operational issues: how many the workgroup took in and closed each month,
and how long resolving one took (from being raised to being resolved)."""

from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from workgroup.models import OperationalIssue

from .base import Figure, Table, chart, days
from .sql import SecondsBetween, percentiles
from .workgroup import workgroup_condition

CLOSED = OperationalIssue.CLOSED_STATUSES
RESOLVED = OperationalIssue.Status.RESOLVED
WONT_FIX = OperationalIssue.Status.WONT_FIX


def issues_in_view(scope, filters):
    """The issues of the workgroups in view (reports.figures.workgroup), and
    those with no workgroup, which go to every workgroup, unless narrowed."""
    return OperationalIssue.objects.filter(workgroup_condition(scope, filters))


def _month(field: str) -> TruncMonth:
    return TruncMonth(field, tzinfo=timezone.get_current_timezone())


def issue_counts(issues, filters) -> tuple[list[dict], list[dict], dict]:
    """Three queries: issues opened per month, closed per month, and the
    percentiles of the time to resolve those resolved in the range."""
    start, end = filters.period()
    opened = list(
        issues.filter(created_at__gte=start, created_at__lt=end)
        .annotate(month=_month("created_at"))
        .values("month")
        .annotate(opened=Count("id"), still_open=Count("id", filter=~Q(status__in=CLOSED)))
        .order_by()
    )
    closed_in_range = issues.filter(status__in=CLOSED, resolved_at__gte=start, resolved_at__lt=end)
    closed = list(
        closed_in_range.annotate(month=_month("resolved_at"))
        .values("month")
        .annotate(resolved=Count("id", filter=Q(status=RESOLVED)), wont_fix=Count("id", filter=Q(status=WONT_FIX)))
        .order_by()
    )
    quantiles = percentiles(
        closed_in_range.filter(status=RESOLVED), SecondsBetween("resolved_at", "created_at"), (0.5, 0.9)
    )
    return opened, closed, quantiles


def _month_key(value):
    return value.date() if hasattr(value, "date") else value


def issues_opened_and_resolved(opened: list[dict], closed: list[dict], quantiles: dict, filters) -> Figure:
    counts = defaultdict(lambda: defaultdict(int))
    for group in opened:
        counts[_month_key(group["month"])].update(opened=group["opened"], still_open=group["still_open"])
    for group in closed:
        counts[_month_key(group["month"])].update(resolved=group["resolved"], wont_fix=group["wont_fix"])
    months = [(f"{month:%b %Y}", counts[month]) for month in filters.months()]
    rows = [(label, c["opened"], c["resolved"], c["wont_fix"]) for label, c in months]
    total = {name: sum(c[name] for _, c in months) for name in ("opened", "resolved", "wont_fix", "still_open")}
    median, p90 = quantiles[0.5], quantiles[0.9]
    return Figure(
        key="operational-issues",
        title="Operational issues opened and resolved",
        headline=(
            f"{total['opened']} opened and {total['resolved']} resolved in the period; "
            f"median {days(median)} to resolve, 90th percentile {days(p90)}."
            if total["opened"] or total["resolved"] or total["wont_fix"]
            else "No operational issue was raised or closed in the period."
        ),
        table=Table(
            caption="Operational issues raised and closed per month, and the time from raised to resolved",
            header=("Month", "Opened", "Resolved", "Closed as won't fix"),
            rows=(
                *rows,
                ("Total", total["opened"], total["resolved"], total["wont_fix"]),
                ("Opened in the period and still open", total["still_open"], "", ""),
                ("Median time to resolve", "", days(median), ""),
                ("90th percentile time to resolve", "", days(p90), ""),
            ),
        ),
        chart=chart(
            "bar",
            [row[0] for row in rows],
            [
                {"label": "Opened", "data": [row[1] for row in rows]},
                {"label": "Resolved", "data": [row[2] for row in rows]},
            ],
        ),
        chart_label="Bar chart of operational issues opened and resolved per month; numbers in the table below.",
        notes=(
            "Issues are counted in the month they were raised and in the month they were closed. Time to resolve "
            "covers the issues resolved in the period (not those closed as won't fix).",
        ),
    )
