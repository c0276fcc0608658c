"""Writes at the community door: a partner's referral, a public request, and
the project team's triage through to a screened referral. Each is atomic,
validated, audited and written to the referral's history."""

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lead_ops import audit
from lead_ops.accounts.models import Agency, User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.selectors import users_with_role
from lead_ops.audit.models import AuditEvent
from lead_ops.audit.services import audited_save
from lead_ops.notifications.services import notify
from referrals.models import Referral, ReferralRoute
from referrals.services import referral_submit

from .models import CommunityReferral, Concern, DeclineReason, TriageStep

DOOR_CLOSED = "Community referrals are not taken at this site at the moment."


@dataclass(frozen=True)
class CommunityReferralInput:
    """What a partner or a member of the public says: who, why, how urgent, how to reach them."""

    usual_location: str
    concerns: tuple[Concern, ...]
    contact_name: str
    person_name: str = ""
    person_description: str = ""
    concern_text: str = ""
    urgency: str = CommunityReferral.Urgency.ROUTINE
    contact_phone: str = ""
    contact_email: str = ""


def community_door() -> ReferralRoute | None:
    """The open community door, if the site has one."""
    return ReferralRoute.objects.filter(is_community_door=True, is_active=True).order_by("order", "pk").first()


def _details_problems(details: CommunityReferralInput) -> dict[str, str]:
    problems = {}
    if not (details.person_name.strip() or details.person_description.strip()):
        problems["person_description"] = "Give the person's name, or describe them so outreach can find them."
    if not details.usual_location.strip():
        problems["usual_location"] = "Say where the person is usually found."
    if not details.concerns:
        problems["concerns"] = "Choose at least one of the behaviours listed."
    elif any(c.code == "other" for c in details.concerns) and not details.concern_text.strip():
        problems["concern_text"] = "You chose 'Something else': say what, in a few words."
    if not details.contact_name.strip():
        problems["contact_name"] = "Give a name the project team can ask for."
    if not (details.contact_phone.strip() or details.contact_email.strip()):
        problems["contact_phone"] = "Give a phone number or an e-mail address so the project team can reach you."
    if any(not c.is_active for c in details.concerns):
        problems["concerns"] = "One of the behaviours chosen is no longer on the list; choose again."
    return problems


def _create(*, token, details, referrer, organisation, source, is_synthetic, received_at) -> CommunityReferral:
    door = community_door()
    if door is None:
        raise ValidationError(DOOR_CLOSED)
    problems = _details_problems(details)
    if problems:
        raise ValidationError(problems)
    row = CommunityReferral(
        token=token,
        route=door,
        source=source,
        referrer=referrer,
        organisation=organisation,
        person_name=details.person_name.strip(),
        person_description=details.person_description.strip(),
        usual_location=details.usual_location.strip(),
        concern_text=details.concern_text.strip(),
        urgency=details.urgency,
        contact_name=details.contact_name.strip(),
        contact_phone=details.contact_phone.strip(),
        contact_email=details.contact_email.strip(),
        received_at=received_at or timezone.now(),
        is_synthetic=is_synthetic,
    )
    row.full_clean(exclude=["token", "concerns"])
    row.save()
    row.concerns.set(details.concerns)
    _step(row, TriageStep.Kind.RECEIVED, referrer, at=row.received_at, note=row.get_source_display())
    if not is_synthetic:
        _notify_project_team(row)
    return row


def community_referral_file(
    *, referrer, token: uuid.UUID, details: CommunityReferralInput, is_synthetic=False, received_at=None
) -> CommunityReferral:
    """A registered partner refers someone. The same form (token) sent twice files once."""
    if not referrer.has_role(Role.COMMUNITY_REFERRER):
        raise PermissionDenied("Only a community referrer refers through this door.")
    organisation = referrer.agency if referrer.agency_id else None
    if organisation is None or organisation.kind != Agency.Kind.REFERRING:
        raise ValidationError("Your account belongs to no referring organisation; ask the project team to add it.")
    try:
        with transaction.atomic():
            row = _create(
                token=token,
                details=details,
                referrer=referrer,
                organisation=organisation,
                source=CommunityReferral.Source.PARTNER,
                is_synthetic=is_synthetic,
                received_at=received_at,
            )
    except IntegrityError:
        existing = CommunityReferral.objects.filter(token=token).first()
        if existing is None:
            raise
        if existing.referrer_id != referrer.pk:
            raise PermissionDenied("This form belongs to someone else's referral.") from None
        return existing
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=referrer,
        target=row,
        summary=f"Community referral from {organisation}",
        detail={"urgency": row.urgency},
    )
    return row


def public_request_file(*, details: CommunityReferralInput, is_synthetic=False, received_at=None) -> CommunityReferral:
    """A request from someone without an account (LEAD_PUBLIC_REQUESTS): the
    same questions, the same triage; nothing is shown back."""
    with transaction.atomic():
        row = _create(
            token=uuid.uuid4(),
            details=details,
            referrer=None,
            organisation=None,
            source=CommunityReferral.Source.PUBLIC,
            is_synthetic=is_synthetic,
            received_at=received_at,
        )
        audit.record(action=AuditEvent.Action.CREATE, target=row, summary="Public community request")
    return row


def _notify_project_team(row: CommunityReferral) -> None:
    url = reverse("community:triage-detail", args=[row.pk])
    for manager in users_with_role(Role.PROJECT_MANAGER):
        notify(
            recipient=manager,
            kind="community_referral",
            subject=f"Community referral {row.pk} received ({row.get_urgency_display().lower()})",
            url=url,
            dedupe_key=f"community:{row.pk}:{manager.pk}",
        )


def _step(row, kind, actor, *, at=None, note="") -> TriageStep:
    step = TriageStep(community_referral=row, kind=kind, actor=actor, at=at or timezone.now(), note=note.strip())
    step.full_clean()
    step.save()
    return step


def _locked_open(row: CommunityReferral) -> CommunityReferral:
    row = CommunityReferral.objects.select_for_update().get(pk=row.pk)
    if row.status not in CommunityReferral.OPEN_STATUSES:
        raise ValidationError(f"This community referral is already {row.get_status_display().lower()}.")
    return row


def _check_manager(manager) -> None:
    if not manager.has_role(Role.PROJECT_MANAGER, Role.ADMINISTRATOR):
        raise PermissionDenied("Only the project team triages community referrals.")


@transaction.atomic
def triage_note(*, community_referral: CommunityReferral, manager, note: str) -> CommunityReferral:
    """A note on the history; a referral just received is now being looked at."""
    _check_manager(manager)
    row = _locked_open(community_referral)
    if not note.strip():
        raise ValidationError({"note": "Write the note."})
    _step(row, TriageStep.Kind.NOTE, manager, note=note)
    if row.status == CommunityReferral.Status.RECEIVED:
        row.status = CommunityReferral.Status.IN_TRIAGE
        row.save(update_fields=["status", "updated_at"])
    audit.record(action=AuditEvent.Action.UPDATE, actor=manager, target=row, summary="Triage note")
    return row


@transaction.atomic
def triage_request_verification(
    *, community_referral: CommunityReferral, manager, agency: Agency, note: str = ""
) -> CommunityReferral:
    """Ask a police agency's designated officers to verify eligibility (the
    protocol's law-enforcement check); the first of them to record it decides."""
    _check_manager(manager)
    row = _locked_open(community_referral)
    if agency.kind != Agency.Kind.POLICE:
        raise ValidationError({"agency": "Choose a police agency."})
    verifiers = list(designated_verifiers_of(agency))
    if not verifiers:
        raise ValidationError({"agency": f"{agency} has no officer designated to verify community referrals."})
    row.status = CommunityReferral.Status.VERIFICATION_REQUESTED
    row.verification_agency = agency
    row.save(update_fields=["status", "verification_agency", "updated_at"])
    _step(row, TriageStep.Kind.VERIFICATION_REQUESTED, manager, note=f"Asked of {agency}. {note}".strip())
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=manager,
        target=row,
        summary=f"Verification asked of {agency}",
    )
    url = reverse("community:screen", args=[row.pk])
    for verifier in verifiers:
        notify(
            recipient=verifier,
            kind="community_verification",
            subject=f"Please verify community referral {row.pk}",
            url=url,
            dedupe_key=f"community-verify:{row.pk}:{agency.pk}:{verifier.pk}",
        )
    return row


def designated_verifiers_of(agency: Agency):
    """Active officers and sergeants of the agency designated to verify."""
    of_agency = Q(unit__precinct__agency=agency) | Q(unit__isnull=True, agency=agency)
    return (
        User.objects.filter(of_agency, is_active=True, verifies_community_referrals=True)
        .filter(groups__name__in=[Role.OFFICER, Role.SERGEANT])
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


@transaction.atomic
def triage_decline(
    *, community_referral: CommunityReferral, manager, reason: DeclineReason, note: str = ""
) -> CommunityReferral:
    """Decline with a reason, before anyone is screened (the person cannot be
    found, is outside the area, is already a participant...)."""
    _check_manager(manager)
    row = _locked_open(community_referral)
    if not reason.is_active:
        raise ValidationError({"reason": "That reason is no longer offered; choose another."})
    if reason.requires_narrative and not note.strip():
        raise ValidationError({"note": f"'{reason}' needs a few words of explanation."})
    row.status = CommunityReferral.Status.DECLINED
    row.decline_reason = reason
    row.decline_note = note.strip()
    row.closed_at = timezone.now()
    row.save(update_fields=["status", "decline_reason", "decline_note", "closed_at", "updated_at"])
    _step(row, TriageStep.Kind.DECLINED, manager, note=f"{reason}. {note}".strip())
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=manager,
        target=row,
        summary=f"Declined at triage: {reason}",
    )
    return row


def may_screen(user, row: CommunityReferral) -> bool:
    """The project team screens what it has not sent for verification; once
    sent, a designated officer of that agency does (King County: only
    designated law-enforcement staff or the project team approve)."""
    if row.status not in CommunityReferral.OPEN_STATUSES:
        return False
    if row.status == CommunityReferral.Status.VERIFICATION_REQUESTED:
        agency = user.police_agency if user.has_role(Role.OFFICER, Role.SERGEANT) else None
        return bool(user.verifies_community_referrals and agency and agency.pk == row.verification_agency_id)
    return user.has_role(Role.PROJECT_MANAGER, Role.ADMINISTRATOR)


def community_referral_screen(
    *,
    community_referral: CommunityReferral,
    actor,
    token,
    person,
    answers,
    decision,
    screening=None,
    is_synthetic=False,
) -> Referral:
    """Screen the person by the engine, as on the social-contact route, and
    record the decision: a referral on the community route, filed by the one
    who screened it (referral_submit: the same rules, the same audit). Accept
    is a diversion, ready for hand-off; decline is a decision not to divert,
    with its reasons, or a screening the person did not pass."""
    with transaction.atomic():
        row = CommunityReferral.objects.select_for_update().get(pk=community_referral.pk)
        if row.referral_id is not None and row.referral.client_token == token:
            return row.referral  # the same form sent twice
        if not may_screen(actor, row):
            if row.status not in CommunityReferral.OPEN_STATUSES:
                raise ValidationError(f"This community referral is already {row.get_status_display().lower()}.")
            raise PermissionDenied("You may not screen this community referral.")
        referral = referral_submit(
            officer=actor,
            token=token,
            route=row.route,
            person=person,
            answers=answers,
            decision=decision,
            screening=screening,
            is_synthetic=is_synthetic,
            screens_community_referral=True,
        )
        row.referral = referral
        row.status = CommunityReferral.Status.SCREENED
        if referral.status == Referral.Status.CLOSED:
            row.closed_at = timezone.now()
        row.save(update_fields=["referral", "status", "closed_at", "updated_at"])
        outcome = referral.current_decision.get_outcome_display() if referral.current_decision else "Screened out"
        _step(row, TriageStep.Kind.SCREENED, actor, note=f"{outcome}: {referral.eligibility_headline}")
        audit.record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            target=row,
            summary=f"Screened as referral {referral.pk}",
            detail={"referral": referral.pk, "status": referral.status},
        )
    return referral


@transaction.atomic
def concern_save(*, concern: Concern, actor=None, changed=()) -> Concern:
    """A behaviour partners choose from: data the program sets, not code."""
    return audited_save(instance=concern, actor=actor, changed=changed)


@transaction.atomic
def decline_reason_save(*, reason: DeclineReason, actor=None, changed=()) -> DeclineReason:
    return audited_save(instance=reason, actor=actor, changed=changed)
