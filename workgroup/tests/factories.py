"""Referral states the workgroup builds agendas from, made through the referrals services."""

from datetime import timedelta

from django.utils import timezone

from lead_ops.accounts.models import Agency
from lead_ops.accounts.tests.factories import AgencyFactory
from referrals.models import Intake
from referrals.services.handoff import intake_deadline_sweep, referral_hand_off
from referrals.services.review import review_approve
from referrals.tests.factories import file_referral


def handed_off_referral(*, officer, sergeant, agency=None):
    """An arrest diversion the sergeant approved and the officer handed off."""
    agency = agency or AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT)
    referral = file_referral(officer=officer, route_code="arrest-diversion")
    review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)
    referral_hand_off(
        referral=referral,
        actor=officer,
        agency=agency,
        case_manager=None,
        called_at=timezone.now() - timedelta(minutes=5),
    )
    referral.refresh_from_db()
    return referral


def overdue_referral(*, officer, sergeant, agency=None):
    """A hand-off whose intake deadline passed (swept to 'intake overdue')."""
    referral = handed_off_referral(officer=officer, sergeant=sergeant, agency=agency)
    Intake.objects.filter(referral=referral).update(intake_deadline=timezone.localdate() - timedelta(days=1))
    intake_deadline_sweep()
    referral.refresh_from_db()
    return referral
