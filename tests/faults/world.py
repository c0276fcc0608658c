"""The people the fault tests act as, made in a private database by the app's own
services and factories, with sessions already signed in (benchmarks/sessions.py)
so that no request pays for a password hash.

Run with the private database's environment: python -m tests.faults.world OUT.json
Writes {"officers": {username: session_key}, "sergeants": {...}, "units": [[officers], [sergeants]]}.
"""

import json
import os
import sys
from datetime import timedelta

import django

# Signed in by session only: no usable password (make_password(None)), so no hashing at set-up.
NO_PASSWORD = None
UNITS = 10
OFFICERS_PER_UNIT = 5  # 50 officers in all: the load scenario's 50 concurrent officers
SERGEANTS_PER_UNIT = 2  # two sergeants to race for each decision


def build() -> dict:
    from django.utils import timezone

    from benchmarks.sessions import signed_in_session
    from lead_ops.accounts.roles import Role
    from lead_ops.accounts.tests.factories import UnitFactory, UserFactory
    from lead_ops.protocol.services import protocol_version_draft, protocol_version_publish
    from referrals.demo import publish_demo_criteria

    first = protocol_version_draft(title="Fault-test protocol", text="Protocol text.")
    first = protocol_version_publish(version=first, effective_from=timezone.localdate() - timedelta(days=400))
    publish_demo_criteria(first, effective_from=timezone.localdate() - timedelta(days=300))

    world = {"officers": {}, "sergeants": {}, "units": []}
    for number in range(1, UNITS + 1):
        unit = UnitFactory(name=f"Faults unit {number}")
        officers = [
            UserFactory(username=f"faults-officer-{number}-{n}", roles=[Role.OFFICER], unit=unit, password=NO_PASSWORD)
            for n in range(1, OFFICERS_PER_UNIT + 1)
        ]
        sergeants = [
            UserFactory(username=f"faults-sergeant-{number}-{n}", roles=[Role.SERGEANT], password=NO_PASSWORD)
            for n in range(1, SERGEANTS_PER_UNIT + 1)
        ]
        unit.supervisors.add(*sergeants)
        for user in officers:
            world["officers"][user.username] = signed_in_session(user)
        for user in sergeants:
            world["sergeants"][user.username] = signed_in_session(user)
        world["units"].append([[u.username for u in officers], [u.username for u in sergeants]])
    return world


def main(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lead_ops.settings")
    django.setup()
    with open(path, "w") as out:
        json.dump(build(), out)


if __name__ == "__main__":
    main(sys.argv[1])
