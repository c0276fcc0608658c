"""Celery tasks for training: thin adapters that load by id and call a service.

The daily beat schedule (migration 0003, editable in the admin) runs
training_reminders_dispatch, which enqueues one task per person, after commit.
Both are idempotent: a reminder is sent once per record and kind."""

from datetime import date
from functools import partial
from smtplib import SMTPException

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from lead_ops.accounts.models import User

from . import services
from .reminders import reminders_due


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=6,
)
def training_reminders_send_to_user(user_id: int, on: str) -> int:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    return services.training_reminders_send(user=user, on=date.fromisoformat(on))


@shared_task
def training_reminders_dispatch(on: str | None = None) -> int:
    """Enqueue a reminder task for everyone with a reminder due on `on` (today
    in the site's zone by default). Returns how many people were enqueued."""
    day = date.fromisoformat(on) if on else timezone.localdate()
    user_ids = sorted(reminders_due(on=day))
    for user_id in user_ids:
        transaction.on_commit(partial(training_reminders_send_to_user.delay, user_id, day.isoformat()))
    return len(user_ids)
