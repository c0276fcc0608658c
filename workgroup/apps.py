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
        for label, url_name, allowed, order in (
            ("Meetings", "workgroup:meetings", may_hold_a_seat, 50),
            ("Issues", "workgroup:issues", is_signed_in, 51),
            ("Action items", "workgroup:actions", is_signed_in, 52),
        ):
            navigation.register(navigation.NavItem(label, url_name, allowed, order=order, group="Workgroup"))
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
