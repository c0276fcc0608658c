from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from lead_ops import events

        from .services import event_fan_out

        events.listen(event_fan_out)
