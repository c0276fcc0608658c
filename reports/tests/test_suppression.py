"""Small-cell suppression: counts of 1 to 4 never shown, and never recoverable from a total."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reports.suppression import (
    Cell,
    is_small,
    rate_if_shown,
    suppress_column,
    suppress_funnel,
    suppress_part,
    suppress_with_total,
)


@pytest.mark.parametrize(("count", "small"), [(0, False), (1, True), (4, True), (5, False), (40, False)])
def test_small_means_one_to_four(count, small):
    assert is_small(count) is small


def test_one_hidden_cell_takes_the_next_smallest_with_it():
    assert suppress_column([5, 8, 1, 0]) == [Cell(None), Cell(8), Cell(None), Cell(0)]


def test_two_hidden_cells_need_nothing_more():
    assert suppress_column([3, 2, 9, 12]) == [Cell(None), Cell(None), Cell(9), Cell(12)]


def test_without_a_total_only_the_small_cells_go():
    assert suppress_column([5, 8, 1], with_total=False) == [Cell(5), Cell(8), Cell(None)]


def test_the_floor_comes_from_settings(settings):
    settings.LEAD_SMALL_CELL_MIN = 10

    assert suppress_column([9, 12, 30]) == [Cell(None), Cell(None), Cell(30)]


def test_a_part_is_hidden_when_it_or_its_remainder_is_small():
    assert suppress_part(6, Cell(8)) == Cell(None)  # 2 not diverted
    assert suppress_part(3, Cell(20)) == Cell(None)
    assert suppress_part(8, Cell(8)) == Cell(8)  # the remainder is zero
    assert suppress_part(10, Cell(None)) == Cell(None)


def test_a_rate_needs_both_counts():
    assert rate_if_shown(Cell(5), Cell(10)) == 0.5
    assert rate_if_shown(Cell(None), Cell(10)) is None
    assert rate_if_shown(Cell(0), Cell(0)) is None
    assert str(Cell(None)) == "suppressed"


# --- A column with its total, and a funnel -------------------------------------------------

counts = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8)


def test_a_part_of_a_whole_is_hidden_with_its_whole():
    received = [Cell(20), Cell(None), Cell(9)]

    cells, total = suppress_with_total([18, 1, 4], parts_of=received, total_part_of=Cell(30))

    # 18 of 20 leaves 2; 1 is small; 4 is small: all three hidden. The total
    # (23 of 30) gives none of them back.
    assert cells == [Cell(None), Cell(None), Cell(None)]
    assert total == Cell(23)


def test_one_hidden_cell_among_zeros_hides_the_total():
    assert suppress_with_total([0, 3, 0]) == ([Cell(0), Cell(None), Cell(0)], Cell(None))
    assert suppress_with_total([0, 7, 0]) == ([Cell(0), Cell(7), Cell(0)], Cell(7))


@given(counts)
def test_no_small_count_shows_and_no_hidden_one_can_be_worked_out_from_the_total(column):
    cells, total = suppress_with_total(column)

    assert not any(is_small(cell.value) for cell in cells if not cell.suppressed)
    if not total.suppressed:
        assert total.value == sum(column) and not is_small(total.value)
        hidden = [count for count, cell in zip(column, cells, strict=True) if cell.suppressed]
        # One hidden count beside a shown total is the total minus the others.
        assert len(hidden) != 1


@given(counts.map(lambda c: sorted(c, reverse=True)))
def test_no_step_of_a_funnel_shows_what_its_neighbour_hides(steps):
    cells = suppress_funnel(steps)

    for index, cell in enumerate(cells):
        if cell.suppressed:
            continue
        assert not is_small(cell.value)
        if index:
            before = cells[index - 1]
            assert not before.suppressed  # a step of a hidden step is hidden
            assert not is_small(before.value - cell.value)  # and so is one that leaves few behind


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=8))
@example([(8, 2), (0, 10)])  # 8 of 10 hidden (2 left), the other row none of its 10: the total would be 8
def test_parts_of_shown_wholes_give_nothing_back(pairs):
    wholes = [part + rest for part, rest in pairs]
    whole_cells, whole_total = suppress_with_total(wholes)
    parts = [part for part, _ in pairs]

    cells, total = suppress_with_total(parts, parts_of=whole_cells, total_part_of=whole_total)

    for part, whole, cell in zip(parts, whole_cells, cells, strict=True):
        if not cell.suppressed:
            assert not whole.suppressed and not is_small(part) and not is_small(whole.value - part)
    if not total.suppressed:
        assert sum(cell.suppressed for cell in cells) != 1
        assert not whole_total.suppressed and not is_small(whole_total.value - total.value)
