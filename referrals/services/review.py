"""Sergeant review of officers' decisions, and the officer's correction.

Core principles: officers and sergeants own discretion, and how it is used is
documented and reviewed. Which decisions need review is set per route (admin):
by default every arrest diversion, every no-divert of an eligible person and
every diversion that needed a sergeant's decision on eligibility.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lead_ops import audit, events
from lead_ops.audit.models import AuditEvent
from lead_ops.notifications.services import notify
from referrals import eligibility
from referrals.models import Decision, Referral, Review
from referrals.selectors.criteria import criteria_of

from .notices import notify_officer_of_return, notify_sergeants_of_new_item
from .submission import (
    DecisionInput,
    ReferralAnswers,
    check_agency_answers,
    check_decision,
    record_decision,
    status_after,
)


class ReviewConflict(Exception):
    """Someone else acted first; nothing was changed."""

    def __init__(self, review: Review | None, message: str):
        super().__init__(message)
        self.review = review
        self.message = message


def _conflict(referral: Referral, decision_id: int) -> ReviewConflict:
    earlier = Review.objects.filter(decision_id=decision_id).select_related("sergeant").first()
    if earlier is not None:
        when = timezone.localtime(earlier.created_at)
        return ReviewConflict(
            earlier,
            f"Already reviewed by {earlier.sergeant.display_name} at {when:%Y-%m-%d %H:%M}: "
            f"{earlier.get_action_display().lower()}. Nothing was changed.",
        )
    return ReviewConflict(None, f"This decision is no longer waiting for review ({referral.get_status_display()}).")


def _check_reviewer(referral: Referral, sergeant) -> None:
    if referral.officer_id == sergeant.pk:
        raise PermissionDenied("A sergeant does not review their own decisions.")
    if referral.unit_id is None or not referral.unit.supervisors.filter(pk=sergeant.pk).exists():
        raise PermissionDenied("Only a sergeant of the officer's unit may review this decision.")


def review_record(
    *, referral: Referral, decision_id: int, sergeant, action: str, comment: str = "", now=None
) -> Review:
    """Approve, return (comment required) or override (justification required) the
    decision the sergeant was shown. If another sergeant acted first, raise
    ReviewConflict and change nothing. Concurrency-safe: the referral row is
    locked, and the database allows one review per decision."""
    comment = comment.strip()
    try:
        with transaction.atomic():
            return _review(referral.pk, decision_id, sergeant, action, comment, now or timezone.now())
    except IntegrityError:
        raise _conflict(referral, decision_id) from None


def _review(referral_id, decision_id, sergeant, action, comment, now) -> Review:
    referral = (
        Referral.objects.select_for_update(of=("self",)).select_related("route", "officer", "unit").get(pk=referral_id)
    )
    if referral.status != Referral.Status.UNDER_REVIEW or referral.current_decision_id != decision_id:
        raise _conflict(referral, decision_id)
    _check_reviewer(referral, sergeant)
    decision = referral.current_decision
    overriding_eligibility = (
        referral.eligibility_status == eligibility.Status.SERGEANT_DECISION
        and decision.outcome == Decision.Outcome.DIVERT
    )
    if action == Review.Action.RETURN and not comment:
        raise ValidationError("Say what the officer should correct.")
    if action == Review.Action.OVERRIDE and not comment:
        raise ValidationError("An override needs a justification.")
    if action == Review.Action.APPROVE and overriding_eligibility and not comment:
        raise ValidationError(
            "Approving this diversion overrides an eligibility criterion: give the justification. "
            f"({referral.eligibility_headline})"
        )
    if action not in Review.Action.values:
        raise ValidationError("Choose approve, return or override.")
    review = Review.objects.create(
        referral=referral,
        decision=decision,
        sergeant=sergeant,
        action=action,
        comment=comment,
        eligibility_overridden=overriding_eligibility and action == Review.Action.APPROVE,
        created_at=now,
    )
    outcome = decision.outcome
    if action == Review.Action.RETURN:
        referral.status = Referral.Status.RETURNED
    else:
        if action == Review.Action.OVERRIDE:
            outcome = (
                Decision.Outcome.NOT_DIVERT if decision.outcome == Decision.Outcome.DIVERT else Decision.Outcome.DIVERT
            )
            new_decision = record_decision(
                referral, DecisionInput(outcome=outcome, narrative=f"Sergeant's override: {comment}"), sergeant, now
            )
            referral.current_decision = new_decision
        referral.status = Referral.Status.APPROVED if outcome == Decision.Outcome.DIVERT else Referral.Status.CLOSED
        referral.prosecutor_hold_requested = referral.route.holds_prosecution and outcome == Decision.Outcome.DIVERT
    referral.save(update_fields=["status", "current_decision", "prosecutor_hold_requested", "updated_at"])
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=sergeant,
        target=referral,
        summary=f"Review: {review.get_action_display()}",
        detail={"review": review.pk, "decision": decision.pk, "status": referral.status},
    )
    if action == Review.Action.RETURN:
        notify_officer_of_return(referral, review)
    events.publish(
        events.REFERRAL_REVIEWED,
        key=f"referral.reviewed:{review.pk}",
        agency_id=referral.agency_id,
        referral_id=referral.pk,
        review_id=review.pk,
    )
    return review


def review_approve(*, referral, decision_id, sergeant, comment=""):
    return review_record(
        referral=referral, decision_id=decision_id, sergeant=sergeant, action=Review.Action.APPROVE, comment=comment
    )


def review_return(*, referral, decision_id, sergeant, comment):
    return review_record(
        referral=referral, decision_id=decision_id, sergeant=sergeant, action=Review.Action.RETURN, comment=comment
    )


def review_override(*, referral, decision_id, sergeant, justification):
    return review_record(
        referral=referral,
        decision_id=decision_id,
        sergeant=sergeant,
        action=Review.Action.OVERRIDE,
        comment=justification,
    )


@transaction.atomic
def referral_resubmit(
    *, referral: Referral, officer, answers: ReferralAnswers, decision: DecisionInput | None
) -> Referral:
    """The officer corrects a returned referral and sends it back. It is screened
    again under the protocol version it was first judged by."""
    referral = Referral.objects.select_for_update().select_related("route", "person").get(pk=referral.pk)
    if referral.officer_id != officer.pk:
        raise PermissionDenied("Only the officer who filed a referral corrects it.")
    if referral.status != Referral.Status.RETURNED:
        raise ValidationError(
            f"Only a returned referral can be corrected; this one is {referral.get_status_display()}."
        )
    check_agency_answers(referral.agency, answers)
    result = eligibility.evaluate(
        answers.for_engine(
            route=referral.route, date_of_birth=referral.person.date_of_birth, agency_id=referral.agency_id
        ),
        criteria_of(referral.protocol_version),
    )
    check_decision(result, decision)
    before = {field: getattr(referral, field) for field in _CORRECTABLE}
    for field in _CORRECTABLE:
        setattr(referral, field, getattr(answers, field))
    referral.incident_number = referral.incident_number.strip().upper()
    referral.screening_answers = {code: value for code, value in answers.exclusions.items() if value is not None}
    referral.eligibility_status = result.status.value
    referral.eligibility_results = result.as_json()
    referral.status = status_after(referral.route, result, decision)
    now = timezone.now()
    referral.current_decision = record_decision(referral, decision, officer, now) if decision else None
    referral.prosecutor_hold_requested = (
        referral.route.holds_prosecution and decision is not None and decision.outcome == Decision.Outcome.DIVERT
    )
    referral.full_clean(exclude=["current_decision"])
    referral.save()
    referral.offenses.set(answers.offenses)
    changed = sorted(field for field in _CORRECTABLE if before[field] != getattr(referral, field))
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=officer,
        target=referral,
        summary="Corrected and resubmitted",
        detail={"changed": changed, "status": referral.status},
    )
    if referral.status == Referral.Status.UNDER_REVIEW:
        notify_sergeants_of_new_item(referral)
    return referral


_CORRECTABLE = [
    "occurred_at",
    "precinct",
    "beat",
    "location_text",
    "incident_number",
    "drug_type",
    "quantity_grams",
    "conversation_led_by",
    "case_manager_called_at",
    "prior_activity_verification",
    "prior_activity_reported_by",
    "prior_activity_date",
    "prior_activity_in_area",
    "narrative",
]


def review_digest_send(*, now=None) -> int:
    """Each sergeant with decisions waiting more than 24 hours gets one digest a day."""
    from referrals.selectors.review import waiting_longer_than

    now = now or timezone.now()
    sent = 0
    for sergeant, referrals in waiting_longer_than(hours=24, now=now).items():
        lines = [
            f"- Referral {r.pk}: {r.person.full_name}, filed {timezone.localtime(r.submitted_at):%Y-%m-%d %H:%M}"
            for r in referrals
        ]
        if notify(
            recipient=sergeant,
            kind="review_digest",
            subject=f"{len(referrals)} decision{'s' if len(referrals) != 1 else ''} waiting more than 24 hours",
            body="\n".join(lines),
            url=reverse("referrals:reviews"),
            dedupe_key=f"review-digest:{sergeant.pk}:{timezone.localdate(now).isoformat()}",
        ):
            sent += 1
    return sent
