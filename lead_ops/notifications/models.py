from django.conf import settings
from django.db import models


class Notification(models.Model):
    """Something a user should know: shown in the app and e-mailed. The row is
    also the e-mail outbox: it is written in the same transaction as the event,
    so if the broker is down nothing is lost; delivery is retried until sent."""

    class EmailStatus(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        NOT_SENT = "not_sent", "Not sent (no e-mail address)"
        IN_DIGEST = "in_digest", "Waiting for the daily digest"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    dedupe_key = models.CharField(
        max_length=200, unique=True, null=True, blank=True, help_text="The same event never notifies twice."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["email_status", "created_at"], name="notification_outbox_idx"),
        ]

    def __str__(self):
        return f"{self.subject} -> {self.recipient_id}"
