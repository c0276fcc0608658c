"""Sergeant review: each transition, each refusal, and the officer's correction."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory
from lead_ops.notifications.models import Notification
from referrals.models import DecisionReason, Offense, Referral, Review
from referrals.services import DecisionInput
from referrals.services.review import (
    ReviewConflict,
    referral_resubmit,
    review_approve,
    review_override,
    review_return,
)

from .factories import arrest_answers, file_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrest(officer, sergeant, lead_protocol):
    return file_referral(officer=officer, route_code="arrest-diversion")


def test_filing_tells_the_units_sergeants(arrest, sergeant):
    notice = Notification.objects.get(recipient=sergeant, kind="review_waiting")
    assert f"referral {arrest.pk}" in notice.subject
    assert notice.url == "/reviews/"


def test_approve_an_arrest_diversion(arrest, sergeant):
    review = review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant)

    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.APPROVED
    assert review.action == Review.Action.APPROVE and review.decision_id == arrest.current_decision_id
    assert arrest.prosecutor_hold_requested


def test_approving_a_no_divert_closes_the_referral(officer, sergeant, lead_protocol):
    reason = DecisionReason.objects.get(code="declined")
    referral = file_referral(officer=officer, decision=DecisionInput(outcome="not_divert", reasons=(reason,)))

    review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED


def test_return_needs_a_comment_and_tells_the_officer(arrest, sergeant, officer):
    with pytest.raises(ValidationError, match="Say what the officer should correct"):
        review_return(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant, comment=" ")
    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.UNDER_REVIEW and not Review.objects.exists()

    review_return(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant, comment="Wrong incident")

    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.RETURNED
    notice = Notification.objects.get(recipient=officer, kind="decision_returned")
    assert "Wrong incident" in notice.body


def test_override_needs_a_justification_and_records_the_sergeants_decision(arrest, sergeant):
    with pytest.raises(ValidationError, match="needs a justification"):
        review_override(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant, justification="")

    review_override(
        referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant, justification="Dealing, not using"
    )

    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.CLOSED
    assert arrest.current_decision.outcome == "not_divert"
    assert arrest.current_decision.decided_by == sergeant
    assert not arrest.prosecutor_hold_requested
    assert arrest.decisions.count() == 2  # the officer's decision is kept


def test_approving_an_eligibility_override_needs_a_justification(officer, sergeant, lead_protocol):
    possession = Offense.objects.get(code="drug-possession")
    referral = file_referral(
        officer=officer,
        route_code="arrest-diversion",
        answers=arrest_answers([possession], exclusions={"violent-history": True}),
    )

    with pytest.raises(ValidationError, match="overrides an eligibility criterion"):
        review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)

    review = review_approve(
        referral=referral,
        decision_id=referral.current_decision_id,
        sergeant=sergeant,
        comment="Conviction was 9 yrs ago",
    )
    assert review.eligibility_overridden


def test_approving_twice_is_refused_with_who_and_when(arrest, sergeant, make_user):
    other = make_user(Role.SERGEANT, first_name="Rita", last_name="Okafor")
    arrest.unit.supervisors.add(other)
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant)

    with pytest.raises(ReviewConflict, match=r"Already reviewed by .* at \d{4}-\d\d-\d\d \d\d:\d\d: approved"):
        review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=other)
    assert Review.objects.count() == 1


def test_a_sergeant_of_another_unit_may_not_review(arrest, make_user):
    outsider = make_user(Role.SERGEANT)
    UnitFactory().supervisors.add(outsider)

    with pytest.raises(PermissionDenied):
        review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=outsider)
    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.UNDER_REVIEW


def test_a_sergeant_does_not_review_their_own_decision(sergeant, lead_protocol):
    unit = UnitFactory()
    unit.supervisors.add(sergeant)
    sergeant.unit = unit
    sergeant.save()
    referral = file_referral(officer=sergeant, route_code="arrest-diversion")

    with pytest.raises(PermissionDenied, match="own decisions"):
        review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)


def test_a_stale_decision_id_is_a_conflict(arrest, sergeant):
    with pytest.raises(ReviewConflict, match="no longer waiting"):
        review_approve(referral=arrest, decision_id=arrest.current_decision_id + 999, sergeant=sergeant)


def test_the_officer_corrects_and_resubmits(arrest, sergeant, officer):
    review_return(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant, comment="Incident no.")
    possession = Offense.objects.get(code="drug-possession")
    first_decision = arrest.current_decision_id

    referral_resubmit(
        referral=arrest,
        officer=officer,
        answers=arrest_answers([possession], incident_number="2026-777777"),
        decision=DecisionInput(outcome="divert"),
    )

    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.UNDER_REVIEW
    assert arrest.incident_number == "2026-777777"
    assert arrest.current_decision_id != first_decision
    assert Notification.objects.filter(recipient=sergeant, kind="review_waiting").count() == 2
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant)
    assert list(arrest.reviews.values_list("action", flat=True).order_by("id")) == ["return", "approve"]


def test_only_a_returned_referral_is_corrected_and_only_by_its_officer(arrest, make_user, officer):
    possession = Offense.objects.get(code="drug-possession")
    with pytest.raises(ValidationError, match="Only a returned referral"):
        referral_resubmit(
            referral=arrest, officer=officer, answers=arrest_answers([possession]), decision=DecisionInput("divert")
        )
    with pytest.raises(PermissionDenied):
        referral_resubmit(
            referral=arrest,
            officer=make_user(Role.OFFICER),
            answers=arrest_answers([possession]),
            decision=DecisionInput("divert"),
        )
