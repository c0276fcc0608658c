"""Two sergeants approving the same decision at the same moment, on two database
connections: exactly one review is recorded; the other is told who was first."""

import threading

import pytest
from django.db import connection, connections

from lead_ops.accounts.roles import Role
from referrals.models import Review
from referrals.services.review import ReviewConflict, review_approve

from .factories import file_referral


@pytest.mark.django_db(transaction=True)
def test_two_sergeants_race_to_approve(officer, sergeant, make_user, lead_protocol):
    other = make_user(Role.SERGEANT, username="other-sergeant")
    officer.unit.supervisors.add(other)
    referral = file_referral(officer=officer, route_code="arrest-diversion")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(sergeant_user):
        start.wait()
        try:
            review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant_user)
            outcomes.append("approved")
        except ReviewConflict as conflict:
            outcomes.append(conflict.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(user,)) for user in (sergeant, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcome == "approved" for outcome in outcomes) == [False, True], outcomes
    assert Review.objects.filter(referral=referral).count() == 1
    winner = Review.objects.get(referral=referral).sergeant
    loser_message = next(o for o in outcomes if o != "approved")
    assert loser_message.startswith(f"Already reviewed by {winner.display_name} at ")
    if connection.vendor == "sqlite":
        # SQLite serialises writers (BEGIN IMMEDIATE); PostgreSQL locks the referral row.
        assert connection.settings_dict["OPTIONS"].get("transaction_mode") == "IMMEDIATE"
