"""For sites without Celery beat: mark overdue intakes and notify, once.
Run it daily from cron: python manage.py run_deadline_sweep"""

from django.core.management.base import BaseCommand

from referrals.services.handoff import intake_deadline_sweep


class Command(BaseCommand):
    help = "Mark intakes past their deadline as overdue and notify the prosecutor and sergeants (idempotent)."

    def handle(self, *args, **options):
        marked = intake_deadline_sweep()
        self.stdout.write(f"{marked} intake{'s' if marked != 1 else ''} marked overdue.")
