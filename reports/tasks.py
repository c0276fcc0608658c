"""Background work for reports. Thin: load by id, call the service."""

from celery import shared_task

from .services import report_export_build, report_exports_expire_due


@shared_task(acks_late=True)
def report_export_build_task(export_id: str) -> str:
    return report_export_build(export_id=export_id).status


@shared_task(acks_late=True)
def report_exports_expire_task() -> int:
    return report_exports_expire_due()
