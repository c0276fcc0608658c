"""What every app's demo seed receives: a seeded random source, the demo
accounts, and the day the demo is built for. Demo data is synthetic."""

import random
from dataclasses import dataclass, field
from datetime import date

DEMO_PASSWORD = "lead-demo-password"  # noqa: S105  (demo accounts only; created only by seed_demo)
DEMO_RANDOM_SEED = 20141008


@dataclass
class DemoContext:
    today: date
    rng: random.Random = field(default_factory=lambda: random.Random(DEMO_RANDOM_SEED))
    users: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    agencies: dict = field(default_factory=dict)
    log: list = field(default_factory=list)
    referral_count: int = 320

    def note(self, line: str) -> None:
        self.log.append(line)
