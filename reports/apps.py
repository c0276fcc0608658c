from django.apps import AppConfig, apps


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from lead_ops import navigation

        from . import sections
        from .rules import can_view_reports
        from .sections.core import SECTIONS

        navigation.register(navigation.NavItem("Reports", "reports:dashboard", can_view_reports, order=60))
        for section in SECTIONS:
            sections.register(section)
        # Sections over another app's data, only when that app is installed (the
        # figure modules import its models).
        if apps.is_installed("training"):
            from .sections.training import SECTION as TRAINING

            sections.register(TRAINING)
        if apps.is_installed("community"):
            from .sections.community import SECTION as DOORS

            sections.register(DOORS)
        if apps.is_installed("workgroup"):
            from .sections.workgroup import SECTION as WORKGROUP

            sections.register(WORKGROUP)
