from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lead_ops.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from lead_ops import navigation

        from .selectors import unread_count

        navigation.register(
            navigation.NavItem("Notifications", "notifications:index", lambda user: True, order=900, badge=unread_count)
        )
