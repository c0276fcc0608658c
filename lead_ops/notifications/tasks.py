from celery import shared_task

from . import services


# Enqueued from web requests, and nobody reads its result: with ignore_result the
# request does not also wait on the result store, which is Redis too, and would
# hold the officer's request for 20 seconds of reconnecting while Redis is down.
@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5, acks_late=True, ignore_result=True)
def notification_email_send(notification_id: int) -> bool:
    return services.notification_email_send(notification_id=notification_id)


@shared_task
def notifications_deliver_pending() -> int:
    return services.notifications_deliver_pending()
