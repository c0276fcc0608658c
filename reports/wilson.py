"""The Wilson score interval for a proportion.

A divert rate of 3 out of 4 and one of 300 out of 400 are both 75%, but only
the second says much about the officer. The Wilson interval (Wilson 1927) stays
inside 0..1 and behaves at small counts and at 0% and 100%, where the textbook
normal interval collapses to a point, which is why it is used for every rate
on the discretion and equity pages."""

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # two-sided 95%


@dataclass(frozen=True)
class Proportion:
    successes: int
    trials: int
    low: float | None
    high: float | None

    @property
    def rate(self) -> float | None:
        return self.successes / self.trials if self.trials else None

    def excludes(self, rate: float | None) -> bool:
        """True when `rate` lies outside this interval (the difference is unlikely to be chance)."""
        if rate is None or self.low is None or self.high is None:
            return False
        return rate < self.low or rate > self.high


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """(low, high) of the Wilson score interval; None when there are no trials."""
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError(f"Need 0 <= successes <= trials; got {successes} of {trials}.")
    if trials == 0:
        return None
    n = trials
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # At 0 of n and n of n the ends are exactly 0 and 1; floating point leaves dust.
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == n else min(1.0, centre + half_width)
    return low, high


def proportion(successes: int, trials: int) -> Proportion:
    interval = wilson_interval(successes, trials)
    low, high = interval if interval else (None, None)
    return Proportion(successes=successes, trials=trials, low=low, high=high)
