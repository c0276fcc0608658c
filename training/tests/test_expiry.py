"""Expiry is the completion date plus whole calendar months; a day that the
target month lacks becomes its last day."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from training.expiry import DUE_SOON_DAYS, Standing, expiry_date, standing_on


@pytest.mark.parametrize(
    ("completed", "months", "expires"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 2, 29), 24, date(2026, 2, 28)),
        (date(2023, 3, 31), 1, date(2023, 4, 30)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),  # across the year end
        (date(2025, 5, 31), 24, date(2027, 5, 31)),
        (date(2025, 10, 31), 12, date(2026, 10, 31)),
    ],
)
def test_expiry_walks_calendar_months(completed, months, expires):
    assert expiry_date(completed, months) == expires


def test_a_topic_without_a_refresher_interval_never_expires():
    assert expiry_date(date(2020, 1, 1), None) is None


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2090, 12, 31)), st.integers(min_value=1, max_value=120))
def test_expiry_is_exactly_that_many_months_later_on_the_same_day_or_the_month_end(completed, months):
    expires = expiry_date(completed, months)

    assert (expires.year - completed.year) * 12 + expires.month - completed.month == months
    assert expires.day == completed.day or (expires.day < completed.day and (expires + timedelta(days=1)).day == 1)


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2090, 12, 31)), st.integers(min_value=1, max_value=119))
def test_a_longer_interval_never_expires_sooner(completed, months):
    assert expiry_date(completed, months) < expiry_date(completed, months + 1)


TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("completed", "expires", "state"),
    [
        (None, None, Standing.MISSING),
        (date(2020, 1, 1), None, Standing.CURRENT),
        (date(2025, 1, 1), TODAY + timedelta(days=DUE_SOON_DAYS + 1), Standing.CURRENT),
        (date(2025, 1, 1), TODAY + timedelta(days=DUE_SOON_DAYS), Standing.DUE_SOON),
        (date(2025, 1, 1), TODAY + timedelta(days=1), Standing.DUE_SOON),
        (date(2025, 1, 1), TODAY, Standing.EXPIRED),  # the expiry date is the first day it no longer counts
        (date(2024, 1, 1), date(2025, 1, 1), Standing.EXPIRED),
    ],
)
def test_standing_on_a_day(completed, expires, state):
    assert standing_on(TODAY, completed_on=completed, expires_on=expires) == state


def test_standing_across_a_leap_day():
    expires = expiry_date(date(2024, 2, 29), 12)  # 2025-02-28

    assert standing_on(date(2025, 2, 27), completed_on=date(2024, 2, 29), expires_on=expires) == Standing.DUE_SOON
    assert standing_on(date(2025, 2, 28), completed_on=date(2024, 2, 29), expires_on=expires) == Standing.EXPIRED
