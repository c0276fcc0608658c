"""From an approved diversion to case management: the warm hand-off, the intake
and its deadline, consent, and the prosecutor's decision when a deadline passes.

Arrest diversion: the person must complete an intake assessment within the
route's window (Seattle and California law: at most 30 days); if not, the
prosecutor is notified and may file the held charge. Prosecutors keep
exclusive authority over filing.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lead_ops import audit, events
from lead_ops.accounts.models import Agency, User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.selectors import supervisors_of, users_with_role
from lead_ops.audit.models import AuditEvent
from lead_ops.notifications.services import notify
from referrals.consent import stage_visible_to
from referrals.models import Intake, Referral, ReleaseOfInformation
from referrals.selectors.referrals import held_charges_condition

CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class ReleaseInput:
    parties: str
    purpose: str
    signed_on: date
    expires_on: date
    information: str = "Participation status, attendance, and progress in case management"


def _not_future(moment: datetime | None, what: str) -> None:
    if moment is not None and moment > timezone.now() + CLOCK_SKEW:
        raise ValidationError(f"{what} cannot be in the future.")


@transaction.atomic
def referral_hand_off(
    *,
    referral: Referral,
    actor,
    agency: Agency,
    case_manager: User | None,
    called_at: datetime,
    arrived_at: datetime | None = None,
    handed_off_at: datetime | None = None,
) -> Intake:
    """Record the warm hand-off. Only a diversion ready for hand-off is handed off: an
    arrest diversion waits for its sergeant's approval."""
    referral = Referral.objects.select_for_update().select_related("route", "officer").get(pk=referral.pk)
    if referral.status not in Referral.READY_FOR_HAND_OFF:
        raise ValidationError(
            "Only a diversion ready for hand-off can be handed off; "
            f"this referral is {referral.get_status_display().lower()}."
        )
    if agency.kind != Agency.Kind.CASE_MANAGEMENT:
        raise ValidationError({"agency": "Choose a case-management agency."})
    if case_manager is not None and (
        case_manager.agency_id != agency.pk or not case_manager.has_role(Role.CASE_MANAGER)
    ):
        raise ValidationError({"case_manager": f"{case_manager.display_name} is not a case manager at {agency}."})
    _not_future(called_at, "The call")
    _not_future(arrived_at, "The arrival")
    if called_at < referral.occurred_at - CLOCK_SKEW:
        raise ValidationError({"called_at": "The case manager cannot have been called before the contact."})
    if arrived_at is not None and arrived_at < called_at:
        raise ValidationError({"arrived_at": "The case manager cannot arrive before being called."})
    handed_off_at = handed_off_at or timezone.now()
    intake = Intake(
        referral=referral,
        agency=agency,
        case_manager=case_manager,
        case_manager_called_at=called_at,
        case_manager_arrived_at=arrived_at,
        handed_off_at=handed_off_at,
        handed_off_by=actor,
        intake_deadline=timezone.localdate(handed_off_at) + timedelta(days=referral.route.intake_deadline_days),
    )
    intake.full_clean()
    intake.save()
    referral.status = Referral.Status.HANDED_OFF
    referral.save(update_fields=["status", "updated_at"])
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        target=intake,
        summary=f"Handed off to {agency}",
        detail={"referral": referral.pk, "warm_handoff_minutes": intake.warm_handoff_minutes},
    )
    recipients = [case_manager] if case_manager else list(agency.staff.filter(groups__name=Role.CASE_MANAGER))
    for recipient in recipients:
        notify(
            recipient=recipient,
            kind="handoff",
            subject=f"New hand-off: referral {referral.pk}, intake due {intake.intake_deadline:%Y-%m-%d}",
            url=reverse("referrals:detail", args=[referral.pk]),
            dedupe_key=f"handoff:{intake.pk}:{recipient.pk}",
        )
    return intake


def _intake_for_case_manager(referral: Referral, case_manager) -> Intake:
    intake = Intake.objects.select_for_update().filter(referral=referral).first()
    if intake is None:
        raise ValidationError("This referral has not been handed off.")
    if not case_manager.has_role(Role.CASE_MANAGER) or case_manager.agency_id != intake.agency_id:
        raise PermissionDenied("Only a case manager of the receiving agency records the intake.")
    return intake


@transaction.atomic
def intake_record_completion(
    *, referral: Referral, case_manager, completed_at: datetime, release: ReleaseInput
) -> Intake:
    """The case manager records the intake assessment and the release of information."""
    referral = Referral.objects.select_for_update().select_related("person").get(pk=referral.pk)
    intake = _intake_for_case_manager(referral, case_manager)
    if referral.status not in (Referral.Status.HANDED_OFF, Referral.Status.INTAKE_OVERDUE):
        raise ValidationError(f"The intake cannot be recorded now: the referral is {referral.get_status_display()}.")
    _not_future(completed_at, "The intake")
    if completed_at < referral.occurred_at - CLOCK_SKEW:
        raise ValidationError({"completed_at": "The intake cannot be before the referral."})
    if release.expires_on <= release.signed_on:
        raise ValidationError({"expires_on": "The release must expire after the day it was signed."})
    if release.signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "The release cannot be signed in the future."})
    roi = ReleaseOfInformation(
        person=referral.person,
        referral=referral,
        parties=release.parties.strip(),
        information=release.information.strip(),
        purpose=release.purpose.strip(),
        signed_on=release.signed_on,
        expires_on=release.expires_on,
        recorded_by=case_manager,
    )
    roi.full_clean()
    roi.save()
    intake.intake_completed_at = completed_at
    intake.case_manager = intake.case_manager or case_manager
    intake.save(update_fields=["intake_completed_at", "case_manager"])
    referral.status = Referral.Status.INTAKE_DONE
    referral.save(update_fields=["status", "updated_at"])
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=case_manager,
        target=referral,
        summary="Intake completed; release of information recorded",
        detail={"intake": intake.pk, "release": roi.pk},
    )
    return intake


@transaction.atomic
def intake_update_notes(*, referral: Referral, case_manager, notes: str) -> Intake:
    """Case notes: case management only (the Golden Rule: notes are not evidence)."""
    intake = _intake_for_case_manager(referral, case_manager)
    intake.case_notes = notes.strip()
    intake.full_clean()
    intake.save(update_fields=["case_notes"])
    audit.record(action=AuditEvent.Action.UPDATE, actor=case_manager, target=intake, summary="Case notes changed")
    return intake


def intake_deadline_sweep(*, today: date | None = None) -> int:
    """Mark hand-offs whose intake deadline passed, and tell the liaison
    prosecutor and the officer's sergeants, once. What they are told goes
    through the disclosure gate (referrals.consent): a completed intake with
    no release in force is, to them, a deadline passed without a confirmed
    completion, told the same way, or the notice itself would reveal it.
    Safe to run any number of times (beat, the management command, a retry):
    each case is handled in its own transaction and every notice has a dedupe key."""
    today = today or timezone.localdate()
    from referrals.selectors.consent import with_consent

    past = Q(intake__intake_deadline__lt=today, intake__isnull=False)
    unconfirmed = with_consent(Referral.objects.filter(past, status=Referral.Status.INTAKE_DONE), on=today).filter(
        consent_active=False
    )
    due = Referral.objects.filter(past, status=Referral.Status.HANDED_OFF).values_list("pk", flat=True)
    marked = 0
    for referral_id in [*due, *unconfirmed.values_list("pk", flat=True)]:
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update().select_related("officer", "person").filter(pk=referral_id).first()
            )
            if referral is None or referral.status not in (Referral.Status.HANDED_OFF, Referral.Status.INTAKE_DONE):
                continue
            intake = Intake.objects.get(referral=referral)
            if referral.status == Referral.Status.HANDED_OFF:
                intake.overdue_at = timezone.now()
                intake.save(update_fields=["overdue_at"])
                referral.status = Referral.Status.INTAKE_OVERDUE
                referral.save(update_fields=["status", "updated_at"])
                audit.record(
                    action=AuditEvent.Action.UPDATE,
                    target=referral,
                    summary=f"Intake overdue (deadline {intake.intake_deadline:%Y-%m-%d})",
                )
                marked += 1
            _notify_deadline_passed(referral, intake, today)
            # Told as the notices are: to a police agency's systems, a completion
            # not confirmed under a release is a deadline missed too (the gate).
            events.publish(
                events.INTAKE_DEADLINE_MISSED,
                key=f"intake.deadline_missed:{referral.pk}",
                agency_id=referral.agency_id,
                referral_id=referral.pk,
            )
    return marked


DEADLINE_NOTICE = (
    "The intake deadline passed and no completed intake has been confirmed to you under a release of information."
)


def _notify_deadline_passed(referral: Referral, intake: Intake, today: date) -> None:
    recipients = list(supervisors_of(referral.officer))
    office_id = referral.agency.prosecutor_office_id if referral.agency_id else None
    if referral.prosecutor_hold_requested and office_id:
        # The prosecutors of the office that decides this agency's held charges.
        recipients += list(users_with_role(Role.PROSECUTOR).filter(agency_id=office_id))
    for recipient in recipients:
        if stage_visible_to(recipient, referral, today=today).status != Referral.Status.INTAKE_OVERDUE:
            continue  # inside case management, or shown the completion under a release
        notify(
            recipient=recipient,
            kind="intake_overdue",
            subject=f"Intake deadline passed: referral {referral.pk} (deadline {intake.intake_deadline:%Y-%m-%d})",
            body=DEADLINE_NOTICE
            + (
                " The prosecutor may decide whether to file the held charge."
                if referral.prosecutor_hold_requested
                else ""
            ),
            url=reverse("referrals:detail", args=[referral.pk]),
            dedupe_key=f"intake-overdue:{referral.pk}:{recipient.pk}",
        )


@transaction.atomic
def prosecution_decide(*, referral: Referral, prosecutor, decision: str, note: str = "") -> Intake:
    """After a missed intake deadline, the prosecutor files the held charge or declines.

    "Missed" is judged as the prosecutor may see it (referrals.consent): the
    deadline passed and no completed intake was confirmed to them under a
    release of information. Refusing a completed intake here would tell them
    what 42 CFR Part 2 withholds."""
    if not prosecutor.has_role(Role.PROSECUTOR):
        raise PermissionDenied("Only a prosecutor decides filing.")
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not Referral.objects.filter(held_charges_condition(prosecutor), pk=referral.pk).exists():
        raise PermissionDenied("This charge was held for another prosecutor's office.")
    stage = stage_visible_to(prosecutor, referral)
    if not referral.prosecutor_hold_requested or stage.status != Referral.Status.INTAKE_OVERDUE:
        raise ValidationError("A filing decision is recorded only for a held charge whose intake deadline has passed.")
    if decision not in Intake.FilingDecision.values:
        raise ValidationError({"decision": "Choose to file or to decline."})
    intake = Intake.objects.select_for_update().get(referral=referral)
    intake.filing_decision = decision
    intake.filing_decided_at = timezone.now()
    intake.filing_decided_by = prosecutor
    intake.filing_note = note.strip()
    intake.full_clean()
    intake.save(update_fields=["filing_decision", "filing_decided_at", "filing_decided_by", "filing_note"])
    referral.status = Referral.Status.CLOSED
    referral.save(update_fields=["status", "updated_at"])
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=prosecutor,
        target=referral,
        summary=f"Filing decision: {intake.get_filing_decision_display()}",
    )
    return intake
