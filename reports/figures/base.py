"""What a figure hands to a page: a headline, a chart and the table of its numbers."""

from dataclasses import dataclass, field

from reports.wilson import Proportion

DASH = "\u2013"  # an en dash: shown for "no value", and between the ends of an interval


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple, ...]
    highlighted: tuple[bool, ...] = ()

    def row_items(self):
        """(row, highlighted) pairs for the template."""
        flags = self.highlighted or (False,) * len(self.rows)
        return list(zip(self.rows, flags, strict=True))


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    headline: str
    table: Table
    chart: dict | None = None
    chart_label: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def percent(value: float | None, digits: int = 0) -> str:
    return DASH if value is None else f"{value * 100:.{digits}f}%"


def interval(p: Proportion) -> str:
    if p.low is None:
        return DASH
    return f"{p.low * 100:.0f}{DASH}{p.high * 100:.0f}%"


def hours(seconds: float | None) -> str:
    return DASH if seconds is None else f"{seconds / 3600:.1f} h"


def minutes(seconds: float | None) -> str:
    return DASH if seconds is None else f"{seconds / 60:.0f} min"


def chart(kind: str, labels: list, datasets: list[dict], **options) -> dict:
    """A Chart.js configuration; static/js/reports.js adds colours and defaults."""
    return {"type": kind, "data": {"labels": labels, "datasets": datasets}, "options": options}


def days(seconds: float | None) -> str:
    return DASH if seconds is None else f"{seconds / 86400:.1f} days"
