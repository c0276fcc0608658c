"""Scheduled and queued work for the workgroup. Thin: each loads by id and calls a
service that is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def action_item_reminders_task() -> int:
    return services.action_item_reminders_send()


@shared_task(acks_late=True)
def agenda_distribution_task() -> int:
    return services.agenda_distribution_sweep()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def meeting_agenda_send_task(meeting_id: int) -> int:
    return services.meeting_agenda_send(meeting_id=meeting_id)


@shared_task(acks_late=True)
def meeting_series_task() -> int:
    return services.meeting_series_generate_all()
