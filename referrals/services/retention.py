"""Removing referrals and people past the site's retention period.

A referral untouched for LEAD_RETENTION_YEARS is removed with everything that
hangs from it, unless it or its person is under legal hold. A person with no
referral left is removed too. The accounting of disclosures outlives both: a
disclosure is kept at least six years (HIPAA 164.528) whatever the setting.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from referrals.models import (
    Decision,
    Disclosure,
    Intake,
    Person,
    Referral,
    ReferralDraft,
    ReleaseOfInformation,
    Review,
)

DISCLOSURE_MINIMUM_YEARS = 6
BATCH = 500


@dataclass
class PurgeCount:
    referrals: int = 0
    people: int = 0
    disclosures: int = 0
    drafts: int = 0


def expired_referrals(*, before: datetime, keep=None):
    expired = Referral.objects.filter(updated_at__lt=before, legal_hold=False, person__legal_hold=False)
    return expired.exclude(pk__in=keep) if keep is not None else expired


def expired_people(*, before: datetime):
    return Person.objects.filter(created_at__lt=before, legal_hold=False, referrals__isnull=True)


def records_purge(
    *, before: datetime, disclosures_before: datetime, keep=None, dry_run: bool = False, actor=None
) -> PurgeCount:
    """Remove what is past retention; with dry_run, only count it. `keep` is a
    query of referral ids that other records still need (the workgroup's
    approved minutes name the referrals they discussed): those stay."""
    count = PurgeCount()
    disclosures_before = min(
        disclosures_before, datetime.now(tz=before.tzinfo) - timedelta(days=365 * DISCLOSURE_MINIMUM_YEARS)
    )
    if dry_run:
        count.referrals = expired_referrals(before=before, keep=keep).count()
        count.people = expired_people(before=before).count()
        count.disclosures = Disclosure.objects.filter(disclosed_at__lt=disclosures_before).count()
        count.drafts = ReferralDraft.objects.filter(updated_at__lt=before).count()
        return count
    while True:
        ids = list(expired_referrals(before=before, keep=keep).values_list("pk", flat=True)[:BATCH])
        if not ids:
            break
        with transaction.atomic():
            _remove_referrals(ids)
        count.referrals += len(ids)
    with transaction.atomic():
        count.people, _ = _delete_people(before)
        count.disclosures, _ = Disclosure.objects.filter(disclosed_at__lt=disclosures_before).delete()
        count.drafts, _ = ReferralDraft.objects.filter(updated_at__lt=before).delete()
    audit.record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        object_type="referrals.referral",
        summary=f"Retention purge: {count.referrals} referrals, {count.people} people",
        detail={**vars(count), "before": before.isoformat(), "disclosures_before": disclosures_before.isoformat()},
    )
    return count


def _remove_referrals(ids: list[int]) -> None:
    # The referral points at its current decision and decisions at the referral:
    # cut that link first, then remove from the leaves up.
    Referral.objects.filter(pk__in=ids).update(current_decision=None)
    Review.objects.filter(referral_id__in=ids).delete()
    Decision.objects.filter(referral_id__in=ids).delete()
    Intake.objects.filter(referral_id__in=ids).delete()
    ReleaseOfInformation.objects.filter(referral_id__in=ids).delete()
    Referral.objects.filter(pk__in=ids).delete()


def _delete_people(before: datetime):
    ids = list(expired_people(before=before).values_list("pk", flat=True))
    ReleaseOfInformation.objects.filter(Q(person_id__in=ids)).delete()
    return Person.objects.filter(pk__in=ids).delete()
