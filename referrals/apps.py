from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self):
        from lead_ops import home, navigation
        from lead_ops.accounts.rules import is_case_manager, is_prosecutor, is_sergeant
        from lead_ops.notifications import kinds as notification_kinds

        from . import panels
        from .rules import can_file_referral, can_list_referrals, can_search_people

        navigation.register(
            navigation.NavItem("New referral", "referrals:new", can_file_referral, order=10, offline=True)
        )
        navigation.register(navigation.NavItem("Referrals", "referrals:index", can_list_referrals, order=20))
        navigation.register(navigation.NavItem("Reviews", "referrals:reviews", is_sergeant, order=15))
        navigation.register(navigation.NavItem("Hand-offs", "referrals:handoffs", is_case_manager, order=15))
        navigation.register(navigation.NavItem("Held cases", "referrals:prosecution", is_prosecutor, order=15))
        navigation.register(navigation.NavItem("People", "referrals:people", can_search_people, order=40))
        for kind, label in (
            ("review_waiting", "Decisions waiting for your review"),
            ("review_digest", "Decisions waiting more than 24 hours"),
            ("decision_returned", "Referrals returned for correction"),
            ("handoff", "Hand-offs to your agency"),
            ("intake_overdue", "Intakes overdue"),
        ):
            notification_kinds.register(kind, label)
        for panel in (panels.my_referrals, panels.returned_to_me, panels.review_queue, panels.handoffs, panels.held):
            home.register_panel(panel)
