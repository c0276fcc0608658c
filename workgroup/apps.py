from django.apps import AppConfig


class WorkgroupConfig(AppConfig):
    name = "workgroup"
    verbose_name = "Operational workgroup"
