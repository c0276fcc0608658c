"""Small-cell suppression: the one place that decides which counts may be shown.

A count of 1 to LEAD_SMALL_CELL_MIN - 1 people in a group (say, three women of
one race diverted in one precinct) can identify them, so it is never shown, on
a page or in an export; zero reveals no one and is shown. When a table shows a
total, hiding one cell is not enough (the total minus the others gives it back),
so the next smallest cell is hidden too ("complementary suppression")."""

from dataclasses import dataclass

from django.conf import settings

SUPPRESSED_LABEL = "suppressed"


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: `value` is None when suppressed."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return SUPPRESSED_LABEL if self.value is None else str(self.value)


def minimum() -> int:
    return settings.LEAD_SMALL_CELL_MIN


def is_small(count: int, floor: int | None = None) -> bool:
    floor = minimum() if floor is None else floor
    return 0 < count < floor


def suppress_column(
    counts: list[int], *, floor: int | None = None, with_total: bool = True, hidden: set[int] | None = None
) -> list[Cell]:
    """Suppress the small counts of one column of a table (and the cells in
    `hidden`, already ruled out for another reason). If the column has a visible
    total and exactly one cell was hidden, hide the smallest other non-zero cell
    as well, so no hidden count can be worked out by subtraction."""
    floor = minimum() if floor is None else floor
    hidden = set(hidden or ()) | {index for index, count in enumerate(counts) if is_small(count, floor)}
    if with_total and len(hidden) == 1:
        others = [(count, index) for index, count in enumerate(counts) if index not in hidden and count > 0]
        if others:
            hidden.add(min(others)[1])
    return [Cell(None if index in hidden else count) for index, count in enumerate(counts)]


def rate_if_shown(numerator: Cell, denominator: Cell) -> float | None:
    """A rate may be shown only when both its counts may be."""
    if numerator.suppressed or denominator.suppressed or not denominator.value:
        return None
    return numerator.value / denominator.value


def suppress_part(part: int, whole: Cell, *, floor: int | None = None) -> Cell:
    """A part of a shown whole (diverted out of eligible): hidden when it is
    small, when the rest of the whole is small (6 of 7 names the 1 who was not
    diverted), or when the whole itself is hidden."""
    if whole.suppressed or is_small(part, floor) or is_small(whole.value - part, floor):
        return Cell(None)
    return Cell(part)


def suppress_with_total(
    counts: list[int],
    *,
    parts_of: list[Cell] | None = None,
    total_part_of: Cell | None = None,
    floor: int | None = None,
) -> tuple[list[Cell], Cell]:
    """A column of counts and the total shown beneath it. With `parts_of` (the
    shown cells each count is a part of, row by row: declined out of received),
    a count is hidden wherever suppress_part would hide it, and the total is a
    part of `total_part_of`. A column with exactly one hidden cell and nothing
    else to hide with it (the other rows zero) hides its total too, which
    would give the cell back."""
    hidden = set()
    if parts_of is not None:
        hidden = {
            index
            for index, (count, whole) in enumerate(zip(counts, parts_of, strict=True))
            if suppress_part(count, whole, floor=floor).suppressed
        }
    cells = suppress_column(counts, floor=floor, hidden=hidden)
    total = sum(counts)
    if total_part_of is None:
        total_cell = Cell(None if is_small(total, floor) else total)
    else:
        total_cell = suppress_part(total, total_part_of, floor=floor)
    if sum(cell.suppressed for cell in cells) == 1:
        total_cell = Cell(None)
    return cells, total_cell


def suppress_funnel(counts: list[int], *, floor: int | None = None) -> list[Cell]:
    """Counts each a part of the one before (filed, eligible, diverted, handed
    off): the first hidden when small, each next one as suppress_part of the
    one before, so no step can be worked out from its neighbours."""
    cells: list[Cell] = []
    for count in counts:
        if not cells:
            cells.append(Cell(None if is_small(count, floor) else count))
        else:
            cells.append(suppress_part(count, cells[-1], floor=floor))
    return cells
