from django.apps import AppConfig


class WorkgroupConfig(AppConfig):
    name = "workgroup"
    verbose_name = "Operational workgroup"

    def ready(self):
        from lead_ops import home, navigation

        from . import panels
        from .rules import is_signed_in, may_hold_a_seat

        # Role checks only: the navigation runs on every page and adds no query.
        navigation.register(navigation.NavItem("Workgroup", "workgroup:meetings", may_hold_a_seat, order=50))
        navigation.register(navigation.NavItem("Issues", "workgroup:issues", is_signed_in, order=45))
        home.register_panel(panels.my_issues)
        home.register_panel(panels.my_workgroup)
