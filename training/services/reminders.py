"""Reminders that required training is about to expire or has expired."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from lead_ops import audit
from lead_ops.accounts.models import User
from lead_ops.audit.models import AuditEvent

from ..models import TrainingReminder
from ..reminders import reminders_due


@transaction.atomic
def training_reminders_send(*, user: User, on: date) -> int:
    """E-mail one person about each required topic that expires within 30 days
    or expired on or shortly before `on`, once per record and kind: running it
    again the same day (or a retried task) sends nothing new. Returns how many
    reminders went out."""
    user = User.objects.select_for_update().get(pk=user.pk)  # one sender at a time per person
    due = reminders_due(on=on, people=[user.pk]).get(user.pk, [])
    if not due or not user.email:
        return 0
    TrainingReminder.objects.bulk_create([TrainingReminder(record=item.record, kind=item.kind) for item in due])
    context = {"user": user, "items": due, "on": on, "site_name": settings.LEAD_SITE_NAME}
    subject = render_to_string("training/email/reminder_subject.txt", context).strip()
    body = render_to_string("training/email/reminder.txt", context)
    # Sent inside the transaction: if the mail server refuses, no reminder is
    # marked as sent and the task's retry tries again.
    send_mail(subject, body, None, [user.email])
    audit.record(
        action=AuditEvent.Action.CREATE,
        object_type="training.trainingrecord",
        object_ids=[item.record.pk for item in due],
        summary=f"Training reminder e-mailed to user {user.pk}",
        detail={"kinds": sorted({item.kind for item in due})},
    )
    return len(due)
