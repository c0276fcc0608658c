"""Load the synthetic demo data: python manage.py seed_demo.

Deterministic and idempotent: each app's demo module adds its part only when
it is missing, so running the command again adds nothing. The demo accounts
exist only because of this command; no migration creates them."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from lead_ops.accounts.demo import SIGN_IN_ACCOUNTS
from lead_ops.accounts.demo_context import DEMO_PASSWORD, DemoContext


class Command(BaseCommand):
    help = "Load synthetic demo data (idempotent) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--referrals", type=int, default=320, help="How many demo referrals to file (default 320).")

    def handle(self, *args, referrals=320, **options):
        demo = DemoContext(today=timezone.localdate(), referral_count=referrals)
        # Apps in INSTALLED_APPS order, which is the order of their dependencies.
        # The demo's notifications stay in the app: no e-mail goes to its made-up addresses.
        # Two passes: every app's site configuration (e.g. eligibility criteria)
        # first, then the activity that happened under it (referrals, training).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for step in ("configure", "seed"):
                for config in apps.get_app_configs():
                    if module_has_submodule(config.module, "demo"):
                        module = import_module(f"{config.name}.demo")
                        if hasattr(module, step):
                            with transaction.atomic():
                                getattr(module, step)(demo)
        for line in demo.log:
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(f"\nDemo accounts (password for all: {DEMO_PASSWORD})"))
        for username, role, *_, agency in SIGN_IN_ACCOUNTS:
            self.stdout.write(f"  {username:<16} {role.label:<22} {agency or 'the whole program'}")
        self.stdout.write("Demo data is synthetic. Open http://127.0.0.1:8000/ and sign in.\n")
