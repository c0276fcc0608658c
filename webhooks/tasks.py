"""Webhook delivery. Thin: each calls a service that is safe to run twice."""

from celery import shared_task

from .services import delivery_attempt, webhook_sweep


@shared_task(acks_late=True)
def webhook_deliver_task(delivery_id: int) -> bool:
    return delivery_attempt(delivery_id=delivery_id) is not None


@shared_task(acks_late=True)
def webhook_sweep_task() -> int:
    return webhook_sweep()
