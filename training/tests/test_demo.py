"""The demo's compliance, worked out by hand from the plan in training/demo.py.

Six topics, all required of officers and sergeants (in the matrix's order):
HR harm reduction, HB housing barriers, LP LEAD protocol (12 months),
MH mental health, SC social contact, SUD substance use (24 months each).

Sessions, by days before the demo day:
  715  HB SUD MH   WAC officers (5, with the demo officer), WAC sergeant, demo sergeant,
                   NBS officers (4), NBS sergeant        -> expire in 15-16 days: due soon
  420  HB SUD MH   EP2 officers 1-3, EP2 sergeant       -> current
  400  HR          WAC, NBS and EP2 officers and sergeants, demo sergeant -> current
  300  LP SC       WAC all, demo sergeant, NBS officers 1-2, NBS sergeant, EP2 all -> current
  200  LP SC HR    SP1 officers (4), SP1 sergeant       -> current
  100  SUD MH      SP1 officers 1-3                     -> current
  -21  scheduled for WP3: no records
Imported: NBS officers 3-4 LP 500 days ago (expired) and SC 800 days ago
(expired); SP1 sergeant HB 900 days ago (expired); the demo officer LP 665
days ago (superseded by the session 300 days ago).
The demo sergeant supervises WAC and EP2 and counts as a sergeant in both.
Protocol v1 acknowledged by every officer and unit sergeant of WAC, NBS and
EP2 and the SP1 officers; not by the demo sergeant, the SP1 sergeant or WP3.
"""

import io

import pytest
from django.core.management import call_command

from lead_ops.accounts.models import User
from training.compliance import compliance_for, rollout_for
from training.selectors import protocol_acknowledgement_due, training_status_for

pytestmark = pytest.mark.django_db

# unit, role: people, then per topic (current incl. due soon, due soon, overdue, missing),
# fully current, acknowledged
EXPECTED = {
    ("West Anti-Crime Team", "Officer"): (5, ["5 0 0 0", "5 5 0 0", "5 0 0 0", "5 5 0 0", "5 0 0 0", "5 5 0 0"], 5, 5),
    ("West Anti-Crime Team", "Sergeant"): (2, ["2 0 0 0", "2 2 0 0", "2 0 0 0", "2 2 0 0", "2 0 0 0", "2 2 0 0"], 2, 1),
    ("North Bike Squad", "Officer"): (4, ["4 0 0 0", "4 4 0 0", "2 0 2 0", "4 4 0 0", "2 0 2 0", "4 4 0 0"], 2, 4),
    ("North Bike Squad", "Sergeant"): (1, ["1 0 0 0", "1 1 0 0", "1 0 0 0", "1 1 0 0", "1 0 0 0", "1 1 0 0"], 1, 1),
    ("East Patrol 2nd Watch", "Officer"): (4, ["4 0 0 0", "3 0 0 1", "4 0 0 0", "3 0 0 1", "4 0 0 0", "3 0 0 1"], 3, 4),
    ("East Patrol 2nd Watch", "Sergeant"): (
        2,
        ["2 0 0 0", "2 1 0 0", "2 0 0 0", "2 1 0 0", "2 0 0 0", "2 1 0 0"],
        2,
        1,
    ),
    ("South Patrol 1st Watch", "Officer"): (
        4,
        ["4 0 0 0", "0 0 0 4", "4 0 0 0", "3 0 0 1", "4 0 0 0", "3 0 0 1"],
        0,
        4,
    ),
    ("South Patrol 1st Watch", "Sergeant"): (
        1,
        ["1 0 0 0", "0 0 1 0", "1 0 0 0", "0 0 0 1", "1 0 0 0", "0 0 0 1"],
        0,
        0,
    ),
    ("West Patrol 3rd Watch", "Officer"): (4, ["0 0 0 4"] * 6, 0, 0),
    ("West Patrol 3rd Watch", "Sergeant"): (1, ["0 0 0 1"] * 6, 0, 0),
    # The sheriff's office joined the program: its proactive team was onboarded
    # 180 days ago by the city's peer trainer, every topic at once; its patrol is yet to be.
    ("Sheriff Proactive Team", "Officer"): (5, ["5 0 0 0"] * 6, 5, 5),
    ("Sheriff Proactive Team", "Sergeant"): (2, ["2 0 0 0"] * 6, 2, 2),
    ("Sheriff Lakeside Patrol", "Officer"): (4, ["0 0 0 4"] * 6, 0, 0),
    ("Sheriff Lakeside Patrol", "Sergeant"): (1, ["0 0 0 1"] * 6, 0, 0),
}


@pytest.fixture
def demo(seeded_catalogue):
    call_command("seed_demo", referrals=30, stdout=io.StringIO())
    return {user.username: user for user in User.objects.filter(username__in=["officer", "sergeant", "coordinator"])}


def test_the_demo_compliance_matrix_matches_the_hand_computed_one(demo):
    result = compliance_for(demo["coordinator"])

    assert [topic.code for topic in result.topics] == [
        "harm-reduction",
        "housing-barriers",
        "lead-protocol",
        "mental-health",
        "social-contact",
        "substance-use",
    ]
    actual = {
        (group.unit.name, group.role.label): (
            group.headcount,
            [f"{c.current} {c.due_soon} {c.expired} {c.missing}" for c in group.cells],
            group.fully_current,
            group.acknowledged,
        )
        for group in result.groups
    }
    expected = {
        key: (n, [cell.replace("*", "") for cell in cells], full, ack)
        for key, (n, cells, full, ack) in EXPECTED.items()
    }
    assert actual == expected
    assert [(g.unit.name, g.role.label) for g in result.groups][:2] == [
        ("West Anti-Crime Team", "Officer"),
        ("West Anti-Crime Team", "Sergeant"),
    ]


def test_the_demo_rollout_puts_proactive_units_first(demo):
    result = rollout_for(demo["coordinator"])

    assert [(r.unit.name, r.headcount, r.fully_current, r.share) for r in result.onboarded] == [
        ("West Anti-Crime Team", 7, 7, 100),
        ("North Bike Squad", 5, 3, 60),
        ("Sheriff Proactive Team", 7, 7, 100),
        ("East Patrol 2nd Watch", 6, 5, 83),
        ("South Patrol 1st Watch", 5, 0, 0),
        ("Sheriff Lakeside Patrol", 5, 0, 0),
    ]
    assert [(r.unit.name, r.share) for r in result.waiting] == [("West Patrol 3rd Watch", 0)]


def test_the_demo_officer_is_current_with_topics_due_soon_and_has_acknowledged(demo):
    status = training_status_for(demo["officer"])

    assert status.is_current
    assert status.current and status.due_soon
    assert protocol_acknowledgement_due(demo["officer"]) is None
    assert protocol_acknowledgement_due(demo["sergeant"]) is not None  # the sergeant's is pending


def test_the_demo_sergeant_sees_the_two_units_they_supervise(demo):
    units = {group.unit.name for group in compliance_for(demo["sergeant"]).groups}

    assert units == {"West Anti-Crime Team", "East Patrol 2nd Watch"}
