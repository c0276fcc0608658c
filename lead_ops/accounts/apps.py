from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lead_ops.accounts"
    label = "accounts"
    verbose_name = "Accounts, units and precincts"

    def ready(self):
        from django.db.models.signals import post_migrate

        from lead_ops import home

        from . import panels
        from .services import role_groups_ensure

        home.register_panel(panels.my_assignment)
        # The roles are created by migration 0002; this puts them back after a
        # database flush (the test suite's), which removes every row.
        post_migrate.connect(lambda **kwargs: role_groups_ensure(), sender=self, weak=False)
        self._connect_sign_in_hardening()

    def _connect_sign_in_hardening(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from . import lockout, middleware

        user_logged_in.connect(middleware.session_clock_start, dispatch_uid="accounts_session_clock_start")
        user_logged_in.connect(lockout.on_signed_in, dispatch_uid="accounts_lockout_signed_in")
        user_locked_out.connect(lockout.on_locked_out, dispatch_uid="accounts_lockout_audit")
