from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self):
        from lead_ops import home, navigation

        from . import panels
        from .rules import can_file_referral, can_list_referrals, can_search_people

        navigation.register(navigation.NavItem("New referral", "referrals:new", can_file_referral, order=10))
        navigation.register(navigation.NavItem("Referrals", "referrals:index", can_list_referrals, order=20))
        navigation.register(navigation.NavItem("People", "referrals:people", can_search_people, order=40))
        home.register_panel(panels.my_referrals)
