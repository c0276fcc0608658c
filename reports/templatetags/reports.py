from django import template
from django.conf import settings

from reports.figures import base
from reports.suppression import Cell

register = template.Library()


@register.filter
def percent(value):
    return base.percent(value)


@register.filter
def interval(proportion):
    return base.interval(proportion) if proportion is not None else base.DASH


@register.filter
def cell(value: Cell):
    return f"fewer than {settings.LEAD_SMALL_CELL_MIN}" if value.suppressed else value.value


@register.filter
def equity_chart(table):
    """Chart.js data for one equity table: each group's share of the eligible
    pool beside its share of diversions. Hidden counts stay hidden (null)."""
    total_diverted = table.total.diverted

    def share(row):
        if row.diverted.suppressed or total_diverted.suppressed or not total_diverted.value:
            return None
        return round(row.diverted.value * 100 / total_diverted.value, 1)

    def eligible(row):
        return None if row.eligible_share is None else round(row.eligible_share * 100, 1)

    return base.chart(
        "bar",
        [row.label for row in table.rows],
        [
            {"label": "Share of the eligible pool (%)", "data": [eligible(row) for row in table.rows]},
            {"label": "Share of diversions (%)", "data": [share(row) for row in table.rows]},
        ],
        percent=True,
    )
