"""Training coverage by unit: the share of each unit's officers and sergeants
who are current on every topic their role requires. What "current" means and
who belongs to a unit are the training app's (training.compliance.unit_coverage);
this figure only chooses the units and keeps small counts of people hidden."""

from django.conf import settings
from django.utils import timezone

from reports.suppression import Cell, rate_if_shown, suppress_column, suppress_part
from training.compliance import unit_coverage

from .base import Figure, Table, chart, percent


def coverage_groups(units) -> list[dict]:
    """One query: each unit with its officers and sergeants and how many are current."""
    return list(
        unit_coverage(units, on=timezone.localdate())
        .values("pk", "name", "police", "police_current")
        .order_by("name", "pk")
    )


def training_coverage(groups: list[dict]) -> Figure:
    people = [Cell(group["police"]) for group in groups]
    unsafe = {i for i, group in enumerate(groups) if suppress_part(group["police_current"], people[i]).suppressed}
    current = suppress_column([group["police_current"] for group in groups], hidden=unsafe)
    total_people = Cell(sum(group["police"] for group in groups))
    total_current = suppress_part(sum(group["police_current"] for group in groups), total_people)
    if sum(cell.suppressed for cell in current) == 1:
        total_current = Cell(None)  # the other units' counts are zero: the total would give it back
    shares = [rate_if_shown(current[i], people[i]) for i in range(len(groups))]
    rows = tuple(
        (group["name"], group["police"], _shown(current[i]), percent(shares[i])) for i, group in enumerate(groups)
    )
    total_share = rate_if_shown(total_current, total_people)
    total_row = ("All units in view", total_people.value, _shown(total_current), percent(total_share))
    return Figure(
        key="training-coverage",
        title="Training coverage by unit",
        headline=_headline(total_current, total_people, total_share),
        table=Table(
            caption="Officers and sergeants of each unit current on every topic their role requires, today",
            header=("Unit", "Officers and sergeants", "Current on all required topics", "Share current"),
            rows=(*rows, total_row) if rows else (),
        ),
        chart=chart(
            "bar",
            [group["name"] for group in groups],
            [{"label": "Current on all required topics (%)", "data": [_chart_value(share) for share in shares]}],
            horizontal=True,
            percent=True,
        )
        if any(share is not None for share in shares)
        else None,
        chart_label="Horizontal bar chart of the share of each unit's officers and sergeants current on their "
        "required training; numbers in the table below.",
        notes=_notes(),
    )


def _notes() -> tuple[str, ...]:
    notes = [
        "Counted today: the date range and the route filter do not apply. A unit's sergeants include those who "
        "supervise it; officers and sergeants with no unit are not counted here."
    ]
    if settings.LEAD_SMALL_CELL_MIN > 1:
        notes.append(
            f"Counts of 1 to {settings.LEAD_SMALL_CELL_MIN - 1} people, and any count that would give one back, "
            "are suppressed; the training compliance page names people for those who may see them."
        )
    return tuple(notes)


def _shown(cell: Cell):
    return str(cell) if cell.suppressed else cell.value


def _headline(current: Cell, people: Cell, share: float | None) -> str:
    if not people.value:
        return "No officers or sergeants in the units in view."
    if share is None:
        return "Too few officers and sergeants in view to show how many are current."
    return (
        f"{current.value} of {people.value} officers and sergeants ({percent(share)}) are current on every "
        "required topic."
    )


def _chart_value(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)
