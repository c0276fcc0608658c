"""Releases of information being revoked, and disclosures being logged."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from referrals.consent import INTAKE_INFORMATION, MONITORING_PURPOSE, inside_case_management
from referrals.models import Disclosure, Intake, Referral, ReleaseOfInformation


@transaction.atomic
def release_revoke(*, release: ReleaseOfInformation, actor, on=None) -> ReleaseOfInformation:
    """The participant withdrew consent (42 CFR 2.31: revocable at any time).
    From that day nothing more is disclosed under it."""
    release = ReleaseOfInformation.objects.select_for_update().get(pk=release.pk)
    intake = Intake.objects.filter(referral_id=release.referral_id).first()
    if not inside_case_management(actor, intake):
        raise PermissionDenied("Only the case-management agency records that consent was withdrawn.")
    if release.revoked_on is not None:
        raise ValidationError(f"This release was already revoked on {release.revoked_on:%Y-%m-%d}.")
    release.revoked_on = on or timezone.localdate()
    release.save(update_fields=["revoked_on"])
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=release, summary="Release of information revoked")
    return release


def _label(person) -> str:
    born = f", born {person.date_of_birth:%Y-%m-%d}" if person.date_of_birth else ""
    return f"{person.full_name}{born}"[:250]


def disclosure_record(
    *, referral: Referral, release: ReleaseOfInformation, recipient, information: str, purpose: str, channel: str
) -> Disclosure:
    """One disclosure of substance-use information, for the accounting."""
    disclosure = Disclosure.objects.create(
        person=referral.person,
        referral=referral,
        release=release,
        person_label=_label(referral.person),
        recipient=recipient,
        recipient_role=recipient.roles_display,
        information=information,
        purpose=purpose,
        channel=channel,
        disclosed_at=timezone.now(),
    )
    audit.record(
        action=AuditEvent.Action.VIEW if channel == Disclosure.Channel.PAGE else AuditEvent.Action.EXPORT,
        actor=recipient,
        target=referral,
        summary="Disclosure of substance-use information under a release",
        detail={"disclosure": disclosure.pk, "release": release.pk},
    )
    return disclosure


def disclosures_record_bulk(
    *, disclosed, recipient, information: str, purpose: str, channel: str = Disclosure.Channel.EXPORT
) -> int:
    """An export's or a list's disclosures: (referral, release id) pairs, written together."""
    now, role = timezone.now(), recipient.roles_display
    rows = [
        Disclosure(
            person_id=referral.person_id,
            referral_id=referral.pk,
            release_id=release_id,
            person_label=_label(referral.person),
            recipient=recipient,
            recipient_role=role,
            information=information,
            purpose=purpose,
            channel=channel,
            disclosed_at=now,
        )
        for referral, release_id in disclosed
    ]
    Disclosure.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def disclosures_record_listed(*, referrals, recipient) -> bool:
    """The rows of a page that show a completed intake outside case management
    (stage_discloses, from referrals.consent.with_visible_stage), logged for the
    accounting. True when there were any: the page must then carry the notice."""
    disclosed = [(referral, referral.active_release_id) for referral in referrals if referral.stage_discloses]
    if disclosed:
        disclosures_record_bulk(
            disclosed=disclosed,
            recipient=recipient,
            information=INTAKE_INFORMATION,
            purpose=MONITORING_PURPOSE,
            channel=Disclosure.Channel.PAGE,
        )
    return bool(disclosed)
