"""Scheduled work for referrals. Thin: each calls a service that is safe to run twice."""

from celery import shared_task

from lead_ops.notifications.services import notifications_digest_send

from .services.handoff import intake_deadline_sweep
from .services.review import review_digest_send


@shared_task(acks_late=True)
def intake_deadline_sweep_task() -> int:
    return intake_deadline_sweep()


@shared_task(acks_late=True)
def review_digest_task() -> int:
    """The morning's digests: the sergeants' review digest first, so that those
    who take one e-mail a day find it in that day's daily digest."""
    return review_digest_send() + notifications_digest_send()
