"""The Wilson score interval against values worked out by hand:
centre = (p + z²/2n) / (1 + z²/n), half-width = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n), z = 1.96."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.wilson import proportion, wilson_interval


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        (8, 10, 0.4902, 0.9433),  # the textbook example
        (6, 8, 0.4093, 0.9285),
        (0, 5, 0.0, 0.4345),  # no successes: the interval still has width
        (5, 5, 0.5655, 1.0),
        (1, 2, 0.0945, 0.9055),
        (50, 100, 0.4038, 0.5962),
        (11, 13, 0.5776, 0.9567),
    ],
)
def test_hand_computed_intervals(successes, trials, low, high):
    interval = wilson_interval(successes, trials)

    assert interval == (pytest.approx(low, abs=1e-4), pytest.approx(high, abs=1e-4))


def test_no_trials_has_no_interval():
    assert wilson_interval(0, 0) is None
    assert proportion(0, 0).rate is None and not proportion(0, 0).excludes(0.5)


@pytest.mark.parametrize(("successes", "trials"), [(-1, 3), (4, 3), (0, -1)])
def test_impossible_counts_are_refused(successes, trials):
    with pytest.raises(ValueError, match="successes"):
        wilson_interval(successes, trials)


def test_excludes_means_outside_the_interval():
    rate = proportion(0, 5)

    assert rate.excludes(0.5) and not rate.excludes(0.3) and not rate.excludes(None)


@given(st.integers(min_value=1, max_value=5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_interval_holds_the_rate_and_stays_inside_zero_and_one(counts):
    successes, trials = counts
    low, high = wilson_interval(successes, trials)

    assert 0.0 <= low <= successes / trials <= high <= 1.0
