"""Small-cell suppression: counts of 1 to 4 never shown, and never recoverable from a total."""

import pytest

from reports.suppression import Cell, is_small, rate_if_shown, suppress_column, suppress_part


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
