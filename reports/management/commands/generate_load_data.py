"""python manage.py generate_load_data --scale 1.0: the benchmark data set.

Use a database of its own (make bench creates one); it refuses to run twice.
--pending-reviews N only tops up the bench sergeants' queues to N decisions
waiting for review (make bench, before the review-approve flow)."""

from django.core.management.base import BaseCommand, CommandError

from benchmarks.load_data import generate, pending_reviews_top_up


class Command(BaseCommand):
    help = "Fill the database with a realistic synthetic data set for benchmarks (100,000 referrals at scale 1.0)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 is full size; 0.1 a tenth.")
        parser.add_argument(
            "--pending-reviews", type=int, help="Only top up the bench sergeants' queues to this many decisions."
        )

    def handle(self, *args, scale, pending_reviews, **options):
        if pending_reviews is not None:
            added = pending_reviews_top_up(at_least=pending_reviews)
            self.stdout.write(f"added {added} decisions waiting for review")
            return
        if not 0 < scale <= 5:
            raise CommandError("--scale must be more than 0 and at most 5.")
        try:
            generate(scale=scale, out=self.stdout.write)
        except RuntimeError as error:
            raise CommandError(str(error)) from None
