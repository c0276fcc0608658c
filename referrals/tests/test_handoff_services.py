"""Hand-off, intake and consent, the deadline sweep, and the prosecutor's decision."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from lead_ops.accounts.models import Agency
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import AgencyFactory
from lead_ops.notifications.models import Notification
from referrals.models import Intake, Referral
from referrals.services.handoff import (
    ReleaseInput,
    intake_deadline_sweep,
    intake_record_completion,
    intake_update_notes,
    prosecution_decide,
    referral_hand_off,
)
from referrals.services.review import review_approve

from .factories import file_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT, name="Harbor Case Management")


@pytest.fixture
def cm(make_user, agency):
    return make_user(Role.CASE_MANAGER, agency=agency, email="cm@example.invalid")


@pytest.fixture
def approved_arrest(officer, sergeant, lead_protocol):
    referral = file_referral(officer=officer, route_code="arrest-diversion")
    review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)
    referral.refresh_from_db()
    return referral


def hand_off(referral, actor, agency, cm=None, called_minutes_ago=25, arrived_minutes_ago=5):
    now = timezone.now()
    return referral_hand_off(
        referral=referral,
        actor=actor,
        agency=agency,
        case_manager=cm,
        called_at=now - timedelta(minutes=called_minutes_ago),
        arrived_at=now - timedelta(minutes=arrived_minutes_ago) if arrived_minutes_ago is not None else None,
    )


def release(**overrides):
    today = timezone.localdate()
    fields = dict(
        parties="LEAD case management\nPolice liaison",
        purpose="Coordination",
        signed_on=today,
        expires_on=today + timedelta(days=365),
    )
    fields.update(overrides)
    return ReleaseInput(**fields)


def test_hand_off_sets_the_deadline_and_measures_the_warm_hand_off(approved_arrest, officer, agency, cm):
    intake = hand_off(approved_arrest, officer, agency, cm)

    approved_arrest.refresh_from_db()
    assert approved_arrest.status == Referral.Status.HANDED_OFF
    assert intake.intake_deadline == timezone.localdate() + timedelta(days=30)
    assert intake.warm_handoff_minutes == 20  # called 25 minutes ago, arrived 5 minutes ago
    assert Notification.objects.filter(recipient=cm, kind="handoff").exists()


def test_an_arrest_diversion_is_handed_off_only_after_approval(officer, sergeant, lead_protocol, agency):
    pending = file_referral(officer=officer, route_code="arrest-diversion")

    with pytest.raises(ValidationError, match="Only a diversion ready for hand-off"):
        hand_off(pending, officer, agency)
    assert not Intake.objects.exists()


def test_a_social_contact_diversion_is_handed_off_at_once(officer, lead_protocol, agency):
    referral = file_referral(officer=officer)

    hand_off(referral, officer, agency)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.HANDED_OFF


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"called_minutes_ago": -60}, "cannot be in the future"),
        ({"called_minutes_ago": 10, "arrived_minutes_ago": 20}, "cannot arrive before being called"),
        ({"called_minutes_ago": 60 * 24 * 3}, "before the contact"),
    ],
)
def test_impossible_hand_off_times_are_refused(approved_arrest, officer, agency, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        hand_off(approved_arrest, officer, agency, **kwargs)
    approved_arrest.refresh_from_db()
    assert approved_arrest.status == Referral.Status.APPROVED


def test_the_agency_must_do_case_management_and_the_case_manager_belong_to_it(approved_arrest, officer, agency, cm):
    with pytest.raises(ValidationError, match="case-management agency"):
        hand_off(approved_arrest, officer, AgencyFactory(kind=Agency.Kind.PROSECUTOR))
    with pytest.raises(ValidationError, match="is not a case manager at"):
        hand_off(approved_arrest, officer, AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT), cm)


def test_the_case_manager_records_intake_and_consent(approved_arrest, officer, agency, cm):
    hand_off(approved_arrest, officer, agency)

    intake = intake_record_completion(
        referral=approved_arrest, case_manager=cm, completed_at=timezone.now(), release=release()
    )

    approved_arrest.refresh_from_db()
    assert approved_arrest.status == Referral.Status.INTAKE_DONE
    assert intake.case_manager == cm
    roi = approved_arrest.releases.get()
    assert roi.person == approved_arrest.person and roi.is_active_on(timezone.localdate())


@pytest.mark.parametrize(
    ("completed_delta", "release_overrides", "message"),
    [
        (timedelta(days=-30), {}, "cannot be before the referral"),
        (timedelta(days=2), {}, "cannot be in the future"),
        (timedelta(0), {"expires_on": timezone.localdate()}, "must expire after"),
    ],
)
def test_bad_intake_dates_are_refused(
    approved_arrest, officer, agency, cm, completed_delta, release_overrides, message
):
    hand_off(approved_arrest, officer, agency)

    with pytest.raises(ValidationError, match=message):
        intake_record_completion(
            referral=approved_arrest,
            case_manager=cm,
            completed_at=timezone.now() + completed_delta,
            release=release(**release_overrides),
        )
    approved_arrest.refresh_from_db()
    assert approved_arrest.status == Referral.Status.HANDED_OFF
    assert not approved_arrest.releases.exists()


def test_a_case_manager_of_another_agency_cannot_record_intake_or_notes(approved_arrest, officer, agency, make_user):
    hand_off(approved_arrest, officer, agency)
    stranger = make_user(Role.CASE_MANAGER, agency=AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT))

    with pytest.raises(PermissionDenied):
        intake_record_completion(
            referral=approved_arrest, case_manager=stranger, completed_at=timezone.now(), release=release()
        )
    with pytest.raises(PermissionDenied):
        intake_update_notes(referral=approved_arrest, case_manager=stranger, notes="x")


def test_the_sweep_marks_overdue_once_and_notifies_prosecutor_and_sergeant(
    approved_arrest, officer, sergeant, agency, prosecutor
):
    intake = hand_off(approved_arrest, officer, agency)
    after_deadline = intake.intake_deadline + timedelta(days=1)

    assert intake_deadline_sweep(today=after_deadline) == 1
    assert intake_deadline_sweep(today=after_deadline) == 0

    approved_arrest.refresh_from_db()
    assert approved_arrest.status == Referral.Status.INTAKE_OVERDUE
    overdue = Notification.objects.filter(kind="intake_overdue")
    assert sorted(overdue.values_list("recipient__username", flat=True)) == ["prosecutor", "sergeant"]


def test_the_sweep_leaves_intakes_within_their_deadline_or_done(approved_arrest, officer, agency, cm):
    intake = hand_off(approved_arrest, officer, agency)

    assert intake_deadline_sweep(today=intake.intake_deadline) == 0
    intake_record_completion(referral=approved_arrest, case_manager=cm, completed_at=timezone.now(), release=release())
    assert intake_deadline_sweep(today=intake.intake_deadline + timedelta(days=5)) == 0


def test_the_management_command_does_the_same(approved_arrest, officer, agency, capsys):
    intake = hand_off(approved_arrest, officer, agency)
    Intake.objects.filter(pk=intake.pk).update(intake_deadline=timezone.localdate() - timedelta(days=1))

    call_command("run_deadline_sweep")
    call_command("run_deadline_sweep")

    assert capsys.readouterr().out.splitlines() == ["1 intake marked overdue.", "0 intakes marked overdue."]


def test_the_prosecutor_decides_filing_after_a_missed_deadline(approved_arrest, officer, agency, prosecutor):
    intake = hand_off(approved_arrest, officer, agency)
    with pytest.raises(ValidationError, match="whose intake deadline has passed"):
        prosecution_decide(referral=approved_arrest, prosecutor=prosecutor, decision="file")

    intake_deadline_sweep(today=intake.intake_deadline + timedelta(days=1))
    prosecution_decide(referral=approved_arrest, prosecutor=prosecutor, decision="file", note="No contact since")

    approved_arrest.refresh_from_db()
    assert approved_arrest.status == Referral.Status.CLOSED
    assert approved_arrest.intake.filing_decision == "file"


def test_only_a_prosecutor_decides_filing(approved_arrest, officer, agency, sergeant):
    intake = hand_off(approved_arrest, officer, agency)
    intake_deadline_sweep(today=intake.intake_deadline + timedelta(days=1))

    with pytest.raises(PermissionDenied):
        prosecution_decide(referral=approved_arrest, prosecutor=sergeant, decision="file")
