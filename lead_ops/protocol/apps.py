from django.apps import AppConfig


class ProtocolConfig(AppConfig):
    name = "lead_ops.protocol"
    label = "protocol"
    verbose_name = "Operational protocol"
