"""Filing a referral: screening, the officer's decision, and where it goes next."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lead_ops import audit, events
from lead_ops.accounts.agencies import incident_number_format
from lead_ops.accounts.models import Precinct
from lead_ops.audit.models import AuditEvent
from lead_ops.protocol.models import ProtocolVersion
from referrals import eligibility
from referrals.models import Decision, DecisionReason, Offense, Person, Referral, ReferralDraft, ReferralRoute
from referrals.selectors.criteria import criteria_of, protocol_in_force

from .notices import notify_sergeants_of_new_item
from .people import person_create

COMMUNITY_DOOR_REFUSAL = (
    "Referrals on the community door come from partners: file a social-contact or arrest referral instead."
)


@dataclass(frozen=True)
class PersonInput:
    first_name: str
    last_name: str
    date_of_birth: date | None
    middle_name: str = ""
    race: str = Person.Race.NOT_RECORDED
    ethnicity: str = Person.Ethnicity.NOT_RECORDED
    sex: str = Person.Sex.NOT_RECORDED


@dataclass(frozen=True)
class ReferralAnswers:
    occurred_at: datetime
    precinct: Precinct | None = None
    beat: str = ""
    location_text: str = ""
    incident_number: str = ""
    offenses: tuple[Offense, ...] = ()
    drug_type: str = ""
    quantity_grams: Decimal | None = None
    conversation_led_by: str = ""
    case_manager_called_at: datetime | None = None
    prior_activity_verification: str = ""
    prior_activity_reported_by: str = ""
    prior_activity_date: date | None = None
    prior_activity_in_area: bool | None = None
    exclusions: dict[str, bool | None] = field(default_factory=dict)
    narrative: str = ""

    def for_engine(
        self, *, route: ReferralRoute, date_of_birth: date | None, agency_id: int | None = None
    ) -> eligibility.Answers:
        return eligibility.Answers(
            route=route.code,
            agency=agency_id,
            contact_date=timezone.localdate(self.occurred_at),
            date_of_birth=date_of_birth,
            offenses=frozenset(offense.code for offense in self.offenses),
            drug_type=self.drug_type,
            quantity_grams=self.quantity_grams,
            exclusions=dict(self.exclusions),
            prior_activity_date=self.prior_activity_date,
            prior_activity_in_area=self.prior_activity_in_area,
            drug_offense=any(offense.involves_drugs for offense in self.offenses),
        )


@dataclass(frozen=True)
class DecisionInput:
    outcome: str
    reasons: tuple[DecisionReason, ...] = ()
    narrative: str = ""


@dataclass(frozen=True)
class Screening:
    """One judgement of one set of answers: what the engine was asked and said."""

    version: ProtocolVersion
    answers: eligibility.Answers
    result: eligibility.Result


def screen(
    *,
    route: ReferralRoute,
    answers: ReferralAnswers,
    date_of_birth: date | None,
    agency_id: int | None,
    version=None,
) -> Screening:
    """Judge the answers by the protocol version in force (or the one given), on
    the day of contact in the site's time zone, for the referring agency (the
    criteria and offenses that name agencies apply to theirs only)."""
    version = version or protocol_in_force()
    engine_answers = answers.for_engine(route=route, date_of_birth=date_of_birth, agency_id=agency_id)
    return Screening(version, engine_answers, eligibility.evaluate(engine_answers, criteria_of(version)))


def status_after(route: ReferralRoute, result: eligibility.Result, decision: DecisionInput | None) -> str:
    """What happened, in words: a diversion no sergeant needs to see is
    "Diverted" (ready for hand-off), never "Approved" (only a sergeant approves)."""
    if decision is None:
        return Referral.Status.CLOSED
    if decision.outcome == Decision.Outcome.DIVERT:
        needs_review = route.review_diversions or result.status == eligibility.Status.SERGEANT_DECISION
        return Referral.Status.UNDER_REVIEW if needs_review else Referral.Status.DIVERTED
    return Referral.Status.UNDER_REVIEW if route.review_no_divert else Referral.Status.CLOSED


def check_decision(result: eligibility.Result, decision: DecisionInput | None) -> None:
    """Refuse what the engine's decision rules refuse, in the engine's words."""
    if decision is None:
        choice = eligibility.Choice.SCREENED_OUT
    else:
        choice = eligibility.Choice(decision.outcome)
    problems = eligibility.decision_problems(
        result,
        eligibility.DecisionAnswers(
            choice=choice,
            reasons_given=bool(decision and decision.reasons),
            narrative_required=bool(decision and any(r.requires_narrative for r in decision.reasons)),
            narrative=decision.narrative if decision else "",
        ),
    )
    if problems:
        raise ValidationError([problem.message for problem in problems])


def record_decision(referral: Referral, decision: DecisionInput, officer, decided_at) -> Decision:
    row = Decision(
        referral=referral,
        outcome=decision.outcome,
        narrative=decision.narrative.strip(),
        decided_by=officer,
        decided_at=decided_at,
    )
    row.full_clean()
    row.save()
    row.reasons.set(decision.reasons)
    return row


def referral_submit(
    *,
    officer,
    token: uuid.UUID,
    route: ReferralRoute,
    person: Person | PersonInput,
    answers: ReferralAnswers,
    decision: DecisionInput | None,
    submitted_at: datetime | None = None,
    is_synthetic: bool = False,
    screening: Screening | None = None,
    screens_community_referral: bool = False,
) -> Referral:
    """File a referral: every contact is recorded, the disqualified ones too
    (screened not eligible, with the criteria that failed). The server screens
    the answers by the protocol version in force, whatever the page showed; a
    `screening` the caller already made of these very answers under that
    version is used as it is, so a POST is judged once. The same form (token)
    sent twice files once: the second call returns the first referral.
    submitted_at is for loading historic referrals; filing uses the clock.
    Nobody files on the community door directly: partners refer through it, and
    screening what they sent (community.services) files its referral."""
    if route.is_community_door and not screens_community_referral:
        raise ValidationError(COMMUNITY_DOOR_REFUSAL)
    try:
        with transaction.atomic():
            return _submit(
                officer=officer,
                token=token,
                route=route,
                person=person,
                answers=answers,
                decision=decision,
                submitted_at=submitted_at or timezone.now(),
                is_synthetic=is_synthetic,
                screening=screening,
            )
    except IntegrityError:
        # Two copies of one form raced; the other one won. Same outcome for the officer.
        existing = Referral.objects.filter(client_token=token).first()
        if existing is None:
            raise
        return _same_officer(existing, officer)


def _same_officer(referral: Referral, officer) -> Referral:
    if referral.officer_id != officer.pk:
        raise PermissionDenied("This form belongs to another officer's referral.")
    return referral


def _screening_for(*, route, answers, date_of_birth, agency_id, screening: Screening | None) -> Screening:
    version = protocol_in_force()
    engine_answers = answers.for_engine(route=route, date_of_birth=date_of_birth, agency_id=agency_id)
    if screening is not None and screening.version.pk == version.pk and screening.answers == engine_answers:
        return screening
    return screen(route=route, answers=answers, date_of_birth=date_of_birth, agency_id=agency_id, version=version)


def check_agency_answers(agency, answers: ReferralAnswers) -> None:
    """What belongs to the referring agency is the agency's: an incident number,
    where given, is in its format, and the precinct is one of its own."""
    number_format = incident_number_format(agency)
    if answers.incident_number and not number_format.accepts(answers.incident_number.strip().upper()):
        raise ValidationError({"incident_number": number_format.refusal})
    if agency is not None and answers.precinct is not None and answers.precinct.agency_id != agency.pk:
        raise ValidationError({"precinct": "Choose a precinct of your own agency."})


def _submit(*, officer, token, route, person, answers, decision, submitted_at, is_synthetic, screening) -> Referral:
    # The token is not looked up first: a form sent twice fails the insert below
    # (the token is unique), everything here rolls back, and referral_submit
    # returns the first copy's referral.
    agency = officer.police_agency
    check_agency_answers(agency, answers)
    screening = _screening_for(
        route=route,
        answers=answers,
        date_of_birth=person.date_of_birth,
        agency_id=agency.pk if agency else None,
        screening=screening,
    )
    version, result = screening.version, screening.result
    check_decision(result, decision)
    if isinstance(person, PersonInput):
        person = person_create(**vars(person), actor=officer)
    referral = Referral(
        route=route,
        person=person,
        officer=officer,
        unit=officer.unit,
        agency=agency,
        status=status_after(route, result, decision),
        client_token=token,
        occurred_at=answers.occurred_at,
        precinct=answers.precinct,
        beat=answers.beat.strip(),
        location_text=answers.location_text.strip(),
        incident_number=answers.incident_number.strip().upper(),
        drug_type=answers.drug_type,
        quantity_grams=answers.quantity_grams,
        conversation_led_by=answers.conversation_led_by,
        case_manager_called_at=answers.case_manager_called_at,
        prosecutor_hold_requested=route.holds_prosecution
        and decision is not None
        and decision.outcome == Decision.Outcome.DIVERT,
        prior_activity_verification=answers.prior_activity_verification,
        prior_activity_reported_by=answers.prior_activity_reported_by.strip(),
        prior_activity_date=answers.prior_activity_date,
        prior_activity_in_area=answers.prior_activity_in_area,
        screening_answers={code: value for code, value in answers.exclusions.items() if value is not None},
        narrative=answers.narrative.strip(),
        protocol_version=version,
        eligibility_status=result.status.value,
        eligibility_results=result.as_json(),
        submitted_at=submitted_at,
        is_synthetic=is_synthetic,
    )
    # The token's uniqueness is left to the database: a copy of the form that
    # raced past the check above fails the insert (IntegrityError), which
    # referral_submit turns into the first copy's referral.
    referral.full_clean(exclude=["current_decision", "client_token"])
    referral.save()
    referral.offenses.set(answers.offenses)
    if decision is not None:
        referral.current_decision = record_decision(referral, decision, officer, submitted_at)
        referral.save(update_fields=["current_decision"])
    ReferralDraft.objects.filter(token=token).delete()
    if referral.status == Referral.Status.UNDER_REVIEW:
        notify_sergeants_of_new_item(referral)
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=officer,
        target=referral,
        summary=f"Filed {route.name}: {result.headline}"[:255],
        detail={"person": person.pk, "decision": decision.outcome if decision else None, "status": referral.status},
    )
    if not is_synthetic:
        events.publish(
            events.REFERRAL_FILED,
            key=f"referral.filed:{referral.pk}",
            agency_id=referral.agency_id,
            referral_id=referral.pk,
        )
    return referral
