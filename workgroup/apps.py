from django.apps import AppConfig


class WorkgroupConfig(AppConfig):
    name = "workgroup"
    verbose_name = "Operational workgroup"

    def ready(self):
        from lead_ops import home, navigation
        from lead_ops.notifications import kinds as notification_kinds

        from . import panels
        from .rules import is_signed_in, may_hold_a_seat

        # Role checks only: the navigation runs on every page and adds no query.
        navigation.register(navigation.NavItem("Workgroup", "workgroup:meetings", may_hold_a_seat, order=50))
        navigation.register(navigation.NavItem("Issues", "workgroup:issues", is_signed_in, order=45))
        for kind, label in (
            ("issue_raised", "Operational issues raised"),
            ("issue_progress", "Operational issues moving on"),
            ("action_assigned", "Action items given to you"),
            ("action_due", "Action items due"),
            ("action_overdue", "Action items overdue"),
        ):
            notification_kinds.register(kind, label)
        home.register_panel(panels.my_issues)
        home.register_panel(panels.my_workgroup)
