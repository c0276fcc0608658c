"""Community referrals past the site's retention period.

What a partner wrote about someone is kept as long as the referral it became,
or, when it became none (declined, or never screened), as long as a referral
untouched for LEAD_RETENTION_YEARS would be. A screened one goes with its
referral (the purge of referrals would otherwise find it still pointing there),
and stays while that referral stays (a legal hold, a workgroup's minutes)."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from referrals.models import Referral

from .models import CommunityReferral


def expired_community_referrals(*, before: datetime, expiring_referrals: QuerySet[Referral]):
    unscreened = Q(referral__isnull=True, updated_at__lt=before)
    return CommunityReferral.objects.filter(unscreened | Q(referral__in=expiring_referrals.values("pk")))


@transaction.atomic
def community_referrals_purge(
    *, before: datetime, expiring_referrals: QuerySet[Referral], dry_run: bool = False, actor=None
) -> int:
    """Remove (or, with dry_run, count) what is past retention, with its history."""
    expired = expired_community_referrals(before=before, expiring_referrals=expiring_referrals)
    if dry_run:
        return expired.count()
    removed = expired.count()
    if removed:
        expired.delete()  # its triage steps go with it
        audit.record(
            action=AuditEvent.Action.DELETE,
            actor=actor,
            object_type="community.communityreferral",
            summary=f"Retention purge: {removed} community referrals",
            detail={"before": before.isoformat()},
        )
    return removed
