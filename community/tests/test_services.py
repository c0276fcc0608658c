"""The community door's services: filing, triage, screening and the hand-off."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lead_ops.accounts.models import Agency
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import AgencyFactory, PrecinctFactory, UnitFactory, UserFactory
from lead_ops.audit.models import AuditEvent
from lead_ops.notifications.models import Notification
from referrals.models import Referral, ReferralRoute
from referrals.services import DecisionInput
from referrals.services.handoff import referral_hand_off

from ..models import CommunityReferral, Concern, DeclineReason, TriageStep
from ..services import (
    community_referral_file,
    public_request_file,
    triage_decline,
    triage_note,
    triage_request_verification,
)
from .factories import details, make_project_manager, make_referrer, refer, screen

pytestmark = pytest.mark.usefixtures("lead_protocol")
Status = CommunityReferral.Status


@pytest.fixture
def referrer(db):
    return make_referrer()


@pytest.fixture
def manager(db):
    return make_project_manager()


@pytest.fixture
def police():
    return AgencyFactory(kind=Agency.Kind.POLICE, name="City police")


def verifier_of(police, username="verifier", designated=True):
    unit = UnitFactory(precinct=PrecinctFactory(agency=police))
    return UserFactory(username=username, roles=[Role.OFFICER], unit=unit, verifies_community_referrals=designated)


def test_a_partner_refers_and_the_project_team_is_told(referrer, manager):
    row = refer(referrer)
    assert row.status == Status.RECEIVED
    assert row.organisation == referrer.agency
    assert [step.kind for step in row.steps.all()] == [TriageStep.Kind.RECEIVED]
    assert Notification.objects.filter(recipient=manager, kind="community_referral").count() == 1
    assert AuditEvent.objects.filter(
        action="create", object_type="community.communityreferral", actor=referrer
    ).exists()


def test_the_same_form_sent_twice_files_once(referrer):
    token = uuid.uuid4()
    first = community_referral_file(referrer=referrer, token=token, details=details())
    again = community_referral_file(referrer=referrer, token=token, details=details())
    assert first.pk == again.pk
    assert CommunityReferral.objects.count() == 1
    with pytest.raises(PermissionDenied):
        community_referral_file(referrer=make_referrer("other"), token=token, details=details())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"person_name": "", "person_description": " "}, "person_description"),
        ({"usual_location": "  "}, "usual_location"),
        ({"concerns": ()}, "concerns"),
        ({"contact_phone": "", "contact_email": ""}, "contact_phone"),
        ({"contact_name": ""}, "contact_name"),
    ],
)
def test_what_triage_needs_is_asked_for_and_nothing_is_stored_without_it(referrer, overrides, field):
    with pytest.raises(ValidationError) as refused:
        refer(referrer, **overrides)
    assert field in refused.value.error_dict
    assert not CommunityReferral.objects.exists()


def test_something_else_needs_words(referrer):
    with pytest.raises(ValidationError) as refused:
        refer(referrer, concerns=(Concern.objects.get(code="other"),), concern_text="")
    assert "concern_text" in refused.value.error_dict


def test_only_a_community_referrer_of_a_referring_organisation_refers(referrer):
    officer = UserFactory(roles=[Role.OFFICER])
    with pytest.raises(PermissionDenied):
        refer(officer)
    orphan = UserFactory(roles=[Role.COMMUNITY_REFERRER], agency=AgencyFactory(kind=Agency.Kind.POLICE))
    with pytest.raises(ValidationError, match="no referring organisation"):
        refer(orphan)


def test_a_closed_door_takes_nothing(referrer):
    ReferralRoute.objects.filter(is_community_door=True).update(is_active=False)
    with pytest.raises(ValidationError, match="not taken"):
        refer(referrer)
    with pytest.raises(ValidationError, match="not taken"):
        public_request_file(details=details())
    assert not CommunityReferral.objects.exists()


def test_a_public_request_has_no_account_and_the_same_triage(manager):
    row = public_request_file(details=details())
    assert row.referrer is None and row.source == CommunityReferral.Source.PUBLIC
    assert row.status == Status.RECEIVED
    event = AuditEvent.objects.get(action="create", object_type="community.communityreferral")
    assert event.actor is None


def test_a_note_moves_a_new_referral_to_being_looked_at(referrer, manager):
    row = triage_note(community_referral=refer(referrer), manager=manager, note="Calling the referrer.")
    assert row.status == Status.IN_TRIAGE
    with pytest.raises(PermissionDenied):
        triage_note(community_referral=row, manager=referrer, note="Me too")
    with pytest.raises(ValidationError):
        triage_note(community_referral=row, manager=manager, note="  ")


def test_declining_takes_a_reason_and_closes_it(referrer, manager):
    row = refer(referrer)
    other = DeclineReason.objects.get(code="other")
    with pytest.raises(ValidationError, match="needs a few words"):
        triage_decline(community_referral=row, manager=manager, reason=other)
    row = triage_decline(community_referral=row, manager=manager, reason=DeclineReason.objects.get(code="outside-area"))
    assert row.status == Status.DECLINED and row.closed_at is not None
    with pytest.raises(ValidationError, match="already declined"):
        triage_decline(community_referral=row, manager=manager, reason=other, note="again")


def test_verification_goes_to_the_designated_officers_of_the_agency_asked(referrer, manager, police):
    designated = verifier_of(police)
    verifier_of(police, username="not-designated", designated=False)
    elsewhere = verifier_of(AgencyFactory(kind=Agency.Kind.POLICE, name="County sheriff"), username="deputy")
    row = triage_request_verification(community_referral=refer(referrer), manager=manager, agency=police)
    assert row.status == Status.VERIFICATION_REQUESTED and row.verification_agency == police
    told = set(Notification.objects.filter(kind="community_verification").values_list("recipient__username", flat=True))
    assert told == {designated.username}
    # The project team handed it over: only the agency's designated officer screens it now.
    with pytest.raises(PermissionDenied):
        screen(row, manager)
    with pytest.raises(PermissionDenied):
        screen(row, elsewhere)
    referral = screen(row, designated)
    assert referral.officer == designated and referral.agency == police
    assert referral.route.is_community_door


def test_an_agency_without_a_designated_officer_is_refused(referrer, manager, police):
    verifier_of(police, designated=False)
    with pytest.raises(ValidationError, match="no officer designated"):
        triage_request_verification(community_referral=refer(referrer), manager=manager, agency=police)
    with pytest.raises(ValidationError, match="police agency"):
        triage_request_verification(
            community_referral=refer(referrer), manager=manager, agency=AgencyFactory(kind="case_management")
        )


def test_accepted_by_the_project_team_it_is_a_diversion_ready_for_hand_off(referrer, manager):
    row = refer(referrer)
    referral = screen(row, manager)
    row.refresh_from_db()
    assert row.status == Status.SCREENED and row.referral == referral
    assert referral.status == Referral.Status.DIVERTED
    assert referral.current_decision.decided_by == manager
    agency = AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT, name="Outreach case management")
    intake = referral_hand_off(
        referral=referral,
        actor=manager,
        agency=agency,
        case_manager=None,
        called_at=timezone.now() - timedelta(minutes=1),
    )
    assert intake.intake_deadline == timezone.localdate() + timedelta(days=referral.route.intake_deadline_days)


def test_a_decline_after_screening_is_a_documented_decision(referrer, manager):
    from referrals.models import DecisionReason

    reason = DecisionReason.objects.get(code="declined")
    referral = screen(refer(referrer), manager, decision=DecisionInput(outcome="not_divert", reasons=(reason,)))
    assert referral.status == Referral.Status.CLOSED
    row = CommunityReferral.objects.get(referral=referral)
    assert row.closed_at is not None


def test_the_engine_judges_the_community_route_like_any_other(referrer, manager):
    from referrals.tests.factories import social_contact_answers

    old = social_contact_answers(
        prior_activity_verification="reliable_report",
        prior_activity_date=timezone.localdate() - timedelta(days=900),
    )
    with pytest.raises(ValidationError):
        screen(refer(referrer), manager, answers=old)
    referral = screen(refer(referrer), manager, answers=old, decision=None)
    assert referral.eligibility_status == "not_eligible"
    assert "24 months" in referral.eligibility_headline


def test_screening_twice_files_once_and_a_screened_referral_cannot_be_screened_again(referrer, manager):
    row = refer(referrer)
    token = uuid.uuid4()
    first = screen(row, manager, token=token)
    assert screen(row, manager, token=token).pk == first.pk
    with pytest.raises(ValidationError, match="already screened"):
        screen(row, manager)
    assert Referral.objects.count() == 1


def test_nobody_files_on_the_community_door_but_by_screening_a_community_referral(officer):
    from referrals.tests.factories import file_referral

    with pytest.raises(ValidationError, match="come from partners"):
        file_referral(officer=officer, route_code="community")
    assert not Referral.objects.exists()
