from celery import shared_task

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5, acks_late=True)
def notification_email_send(notification_id: int) -> bool:
    return services.notification_email_send(notification_id=notification_id)


@shared_task
def notifications_deliver_pending() -> int:
    return services.notifications_deliver_pending()
