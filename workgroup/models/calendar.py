"""Calendar distribution: each member's personal feed, and the record of whom
a meeting's agenda went to."""

from django.conf import settings
from django.db import models

from .meetings import Meeting


class CalendarFeed(models.Model):
    """A personal calendar subscription. The URL carries a random token; only its
    SHA-256 is stored, so the table alone cannot be turned back into working
    links. Revoking (or making a new link) ends the old one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="calendar_one_active_feed_per_user"
            )
        ]

    def __str__(self):
        state = "revoked" if self.revoked_at else "active"
        return f"Calendar feed of {self.user} ({state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AgendaDelivery(models.Model):
    """The agenda e-mail went to this member for this meeting: the sent marker
    that makes the distribution task safe to run twice."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting", "user"]
        verbose_name_plural = "agenda deliveries"
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="agenda_sent_once_per_member")]

    def __str__(self):
        return f"Agenda of meeting {self.meeting_id} to {self.user_id}"
