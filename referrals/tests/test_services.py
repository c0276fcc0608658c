import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.utils import timezone

from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from referrals.models import Decision, DecisionReason, EligibilityCriterion, Offense, Person, Referral, ReferralDraft
from referrals.services import (
    DecisionInput,
    PersonInput,
    referral_draft_discard,
    referral_draft_save,
    referral_submit,
)
from referrals.services.criteria import criterion_save, protocol_draft_from

from .factories import PersonFactory, arrest_answers, file_referral, social_contact_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def possession(lead_defaults):
    return Offense.objects.get(code="drug-possession")


def test_social_contact_diversion_reads_diverted_at_once_and_is_stored_with_its_protocol(officer, lead_protocol):
    referral = file_referral(officer=officer)

    assert referral.status == Referral.Status.DIVERTED
    assert referral.get_status_display() == "Diverted: ready for hand-off"
    assert referral.eligibility_status == "eligible"
    assert referral.protocol_version == lead_protocol
    codes = {item["code"]: item["outcome"] for item in referral.eligibility_results}
    assert codes == {
        "adults-only": "pass",
        "no-contact-order": "pass",
        "prior-activity": "pass",
        "specialty-court": "pass",
    }
    assert referral.current_decision.outcome == Decision.Outcome.DIVERT
    assert referral.unit == officer.unit
    assert not referral.prosecutor_hold_requested


def test_arrest_diversion_waits_for_review_and_asks_the_prosecutor_to_hold(officer, lead_protocol, possession):
    referral = file_referral(officer=officer, route_code="arrest-diversion")

    assert referral.status == Referral.Status.UNDER_REVIEW
    assert referral.prosecutor_hold_requested
    assert referral.incident_number == "2026-012345"
    assert list(referral.offenses.all()) == [possession]


def test_not_eligible_is_recorded_as_screened_without_a_decision(officer, lead_protocol, possession):
    answers = arrest_answers([possession], quantity_grams=Decimal("5"))

    referral = file_referral(officer=officer, route_code="arrest-diversion", answers=answers, decision=None)

    assert referral.status == Referral.Status.CLOSED
    assert referral.eligibility_headline == "Not eligible: More than 3 grams"
    assert referral.current_decision is None
    assert not referral.prosecutor_hold_requested


def test_a_not_eligible_person_cannot_be_diverted(officer, lead_protocol, possession):
    answers = arrest_answers([possession], exclusions={"delivery-for-profit": True})

    with pytest.raises(ValidationError, match=r"cannot be diverted\. Not eligible: Delivery for profit"):
        file_referral(officer=officer, route_code="arrest-diversion", answers=answers)
    assert not Referral.objects.exists()
    assert not Person.objects.filter(referrals__isnull=False).exists()


def test_an_eligible_person_needs_a_decision(officer, lead_protocol):
    with pytest.raises(ValidationError, match="record a decision to divert or not to divert"):
        file_referral(officer=officer, decision=None)


def test_missing_answers_are_refused(officer, lead_protocol):
    answers = social_contact_answers(exclusions={"specialty-court": False})

    with pytest.raises(ValidationError, match=r"Not answered: .*no-contact order"):
        file_referral(officer=officer, answers=answers)


def test_not_a_good_fit_is_a_documented_no_divert_decision(officer, lead_protocol, possession):
    reason = DecisionReason.objects.get(code="not-a-good-fit-profit")
    decision = DecisionInput(outcome="not_divert", reasons=(reason,), narrative="Several buyers, bags for sale.")

    referral = file_referral(officer=officer, route_code="arrest-diversion", decision=decision)

    assert referral.status == Referral.Status.UNDER_REVIEW
    assert referral.current_decision.outcome == Decision.Outcome.NOT_DIVERT
    assert list(referral.current_decision.reasons.all()) == [reason]
    assert referral.current_decision.narrative == "Several buyers, bags for sale."
    assert not referral.prosecutor_hold_requested


@pytest.mark.parametrize(
    ("reason_codes", "narrative", "message"),
    [
        ((), "", "at least one reason"),
        (("other",), "  ", "needs a few words"),
    ],
)
def test_no_divert_needs_reasons_and_words_where_asked(officer, lead_protocol, reason_codes, narrative, message):
    reasons = tuple(DecisionReason.objects.filter(code__in=reason_codes))
    with pytest.raises(ValidationError, match=message):
        file_referral(
            officer=officer, decision=DecisionInput(outcome="not_divert", reasons=reasons, narrative=narrative)
        )


def test_override_criterion_sends_a_diversion_to_the_sergeant(officer, lead_protocol, possession):
    answers = arrest_answers([possession], exclusions={"violent-history": True})

    referral = file_referral(officer=officer, route_code="arrest-diversion", answers=answers)

    assert referral.eligibility_status == "sergeant_decision"
    assert referral.eligibility_headline == "Sergeant decision needed: Violent-offense history within 10 years"
    assert referral.status == Referral.Status.UNDER_REVIEW


def _one_form(officer, routes) -> dict:
    """What one filled-in social-contact form sends to referral_submit, token included."""
    return dict(
        officer=officer,
        token=uuid.uuid4(),
        route=routes["social-contact"],
        person=PersonInput(first_name="Ana", last_name="Rivera", date_of_birth=timezone.localdate().replace(year=1990)),
        answers=social_contact_answers(),
        decision=DecisionInput(outcome="divert"),
    )


def test_the_same_form_sent_twice_files_once(officer, lead_protocol, routes):
    kwargs = _one_form(officer, routes)

    first = referral_submit(**kwargs)
    second = referral_submit(**kwargs)

    assert first.pk == second.pk
    assert Referral.objects.count() == 1
    assert Person.objects.filter(last_name="Rivera").count() == 1


def test_a_copy_of_the_form_that_raced_past_the_check_gets_the_first_referral(
    officer, lead_protocol, routes, monkeypatch
):
    """Two posts of one form at once: the token is not looked up first, so the
    copy that saves second fails the unique insert. Everything it wrote (its new
    person, its audit) rolls back and it ends as the first referral."""
    kwargs = _one_form(officer, routes)
    first = referral_submit(**kwargs)

    second = referral_submit(**kwargs)

    assert second.pk == first.pk
    assert Referral.objects.count() == 1
    assert Person.objects.filter(last_name="Rivera").count() == 1


def test_another_officers_token_is_refused(officer, make_user, lead_protocol, routes):
    referral = file_referral(officer=officer)
    someone_else = make_user(Role.OFFICER)

    with pytest.raises(PermissionDenied):
        referral_submit(
            officer=someone_else,
            token=referral.client_token,
            route=routes["social-contact"],
            person=referral.person,
            answers=social_contact_answers(),
            decision=DecisionInput(outcome="divert"),
        )


def test_a_new_person_is_created_with_the_referral(officer, lead_protocol, routes):
    referral = referral_submit(
        officer=officer,
        token=uuid.uuid4(),
        route=routes["social-contact"],
        person=PersonInput(first_name="Ana", last_name="Rivera", date_of_birth=timezone.localdate().replace(year=1990)),
        answers=social_contact_answers(),
        decision=DecisionInput(outcome="divert"),
    )

    assert referral.person.full_name == "Ana Rivera"
    assert referral.person.created_by == officer


def test_filing_is_audited_and_the_draft_is_removed(officer, lead_protocol, routes):
    token = uuid.uuid4()
    referral_draft_save(
        officer=officer, token=token, route=routes["social-contact"], form_data=QueryDict("first_name=Ana")
    )

    referral = referral_submit(
        officer=officer,
        token=token,
        route=routes["social-contact"],
        person=PersonFactory(),
        answers=social_contact_answers(),
        decision=DecisionInput(outcome="divert"),
    )

    assert not ReferralDraft.objects.filter(token=token).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="referrals.referral")
    assert event.id_list == [str(referral.pk)]
    assert event.summary == "Filed Social contact referral: Eligible"


def test_drafts_keep_what_was_typed_and_belong_to_their_officer(officer, make_user, routes):
    token = uuid.uuid4()
    data = QueryDict(mutable=True)
    data.setlist("first_name", ["Ana"])
    data.setlist("offenses", ["1", "2"])
    data.setlist("csrfmiddlewaretoken", ["secret"])

    draft = referral_draft_save(officer=officer, token=token, route=routes["social-contact"], form_data=data)
    referral_draft_save(officer=officer, token=token, route=routes["social-contact"], form_data=data)

    assert ReferralDraft.objects.count() == 1
    assert draft.answers == {"first_name": ["Ana"], "offenses": ["1", "2"]}
    assert AuditEvent.objects.filter(object_type="referrals.referraldraft").count() == 1
    with pytest.raises(PermissionDenied):
        referral_draft_save(officer=make_user(Role.OFFICER), token=token, route=None, form_data=data)
    assert referral_draft_discard(officer=make_user(Role.OFFICER), token=token) == 0
    assert referral_draft_discard(officer=officer, token=token) == 1


def test_a_new_protocol_version_copies_criteria_and_leaves_old_referrals_alone(officer, lead_protocol):
    referral = file_referral(officer=officer)

    draft = protocol_draft_from(version=lead_protocol)

    assert draft.number == lead_protocol.number + 1
    assert not draft.is_published
    assert sorted(draft.criteria.values_list("code", flat=True)) == sorted(
        lead_protocol.criteria.values_list("code", flat=True)
    )
    referral.refresh_from_db()
    assert referral.protocol_version == lead_protocol


def test_a_copied_criterion_keeps_its_routes_offenses_and_agencies(lead_protocol, officer):
    """A copy that lost its routes would apply to every route, and one that lost
    its offenses would allow none: the draft must judge as its source did."""
    source = lead_protocol.criteria.get(code="offenses-allowed")
    source.agencies.set([officer.police_agency])

    def scope(criterion):
        return (
            sorted(criterion.routes.values_list("code", flat=True)),
            sorted(criterion.offenses.values_list("code", flat=True)),
            sorted(criterion.agencies.values_list("pk", flat=True)),
        )

    draft = protocol_draft_from(version=lead_protocol)

    copy = draft.criteria.get(code="offenses-allowed")
    assert scope(copy) == scope(source) and scope(copy)[0] and scope(copy)[1]
    for criterion in draft.criteria.all():
        assert scope(criterion)[0] == scope(lead_protocol.criteria.get(code=criterion.code))[0]


def test_published_criteria_never_change(lead_protocol):
    criterion = lead_protocol.criteria.get(code="quantity-limit")
    criterion.limit_grams = Decimal("7")

    with pytest.raises(ValidationError, match="is published"):
        criterion_save(criterion=criterion, routes=[], offenses=[])
    assert EligibilityCriterion.objects.get(pk=criterion.pk).limit_grams == Decimal("3")


def test_a_criterion_needs_its_parameter(lead_protocol):
    draft = protocol_draft_from(version=lead_protocol)
    criterion = EligibilityCriterion(protocol_version=draft, code="q2", kind="quantity_limit", wording="Too much")

    with pytest.raises(ValidationError, match="a limit in grams"):
        criterion_save(criterion=criterion, routes=[], offenses=[])


def test_historic_referrals_keep_their_dates(officer, lead_protocol):
    earlier = timezone.now() - timedelta(days=100)

    referral = file_referral(
        officer=officer,
        answers=social_contact_answers(
            occurred_at=earlier - timedelta(hours=1), prior_activity_date=(earlier - timedelta(days=30)).date()
        ),
        submitted_at=earlier,
    )

    assert referral.submitted_at == earlier
    assert referral.current_decision.decided_at == earlier
