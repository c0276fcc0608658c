from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import panels, rules  # noqa: F401  (registers the home panels, navigation and permissions)
