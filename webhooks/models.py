"""Webhook subscriptions of integration clients, the events they are sent and
each delivery's log. A payload carries the event and ids, never personal data."""

import uuid

from django.db import models

from lead_ops import events


class Subscription(models.Model):
    """One client's endpoint and the event kinds it wants. A client hears only
    events about its own agency's records, and the program's (workgroup issues)."""

    client = models.ForeignKey("api.IntegrationClient", on_delete=models.CASCADE, related_name="subscriptions")
    url = models.URLField(
        max_length=500,
        help_text="Where events are POSTed: https, or http to a host allowed by LEAD_WEBHOOK_HTTP_HOSTS.",
    )
    kinds = models.JSONField(default=list, help_text="The event kinds sent: " + ", ".join(events.KINDS) + ".")
    # Used to sign every delivery, so kept as is (a hash could not sign); shown once when made or rotated.
    secret = models.CharField(max_length=80, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["client", "url"]

    def __str__(self):
        return f"{self.client} → {self.url}"


class Event(models.Model):
    """An event as told to subscribers, once per key however often it was published."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40, choices=[(kind, kind) for kind in events.KINDS])
    key = models.CharField(max_length=120, unique=True)
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    data = models.JSONField(default=dict)
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self):
        return f"{self.kind} {self.data}"

    def payload(self) -> dict:
        return {"id": str(self.id), "type": self.kind, "occurred_at": self.occurred_at.isoformat(), "data": self.data}


class Delivery(models.Model):
    """One event to one subscription: tried until the receiver answers 2xx, with
    back-off, then given up after LEAD_WEBHOOK_MAX_ATTEMPTS (about three hours)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Given up"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    times_delivered = models.PositiveSmallIntegerField(default=0, help_text="More than one after a replay.")

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "subscription"], name="webhooks_one_delivery_per_subscription")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhooks_due_idx")]

    def __str__(self):
        return f"{self.event.kind} to {self.subscription.url}: {self.get_status_display()}"
