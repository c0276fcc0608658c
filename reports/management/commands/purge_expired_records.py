"""python manage.py purge_expired_records [--dry-run]

Removes referrals, community referrals and people untouched for
LEAD_RETENTION_YEARS (never those under legal hold), disclosures older than the accounting's six years, and audit
events older than LEAD_AUDIT_RETENTION_DAYS. Run it from cron, e.g. weekly.
The purge is itself audited."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from community.retention import community_referrals_purge
from lead_ops.audit.services import audit_events_purge
from referrals.services.retention import expired_referrals, records_purge
from workgroup.models import AgendaItem


class Command(BaseCommand):
    help = "Remove records past the site's retention period (legal holds respected); --dry-run only counts."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        records_before = now - timedelta(days=365 * settings.LEAD_RETENTION_YEARS)
        audit_before = now - timedelta(days=settings.LEAD_AUDIT_RETENTION_DAYS)
        kept = AgendaItem.objects.filter(referral__isnull=False).values("referral_id")
        # First what partners wrote: a screened one points at its referral.
        community = community_referrals_purge(
            before=records_before,
            expiring_referrals=expired_referrals(before=records_before, keep=kept),
            dry_run=dry_run,
        )
        count = records_purge(before=records_before, disclosures_before=records_before, keep=kept, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(
            f"{verb}: {count.referrals} referrals, {count.people} people, {count.disclosures} disclosures, "
            f"{count.drafts} drafts, {community} community referrals (untouched since {records_before:%Y-%m-%d})"
        )
        if dry_run:
            from lead_ops.audit.models import AuditEvent

            events = AuditEvent.objects.filter(occurred_at__lt=audit_before).count()
        else:
            events = audit_events_purge(before=audit_before)
        self.stdout.write(f"{verb}: {events} audit events (before {audit_before:%Y-%m-%d})")
