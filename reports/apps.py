from django.apps import AppConfig


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
        # Training coverage by unit, workgroup attendance by role and operational
        # issues are sections of the apps that own that data; register them here
        # once those apps have models (see reports/sections/__init__.py).
