from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """One thing that happened: who did what to which records, when, from where,
    with what outcome. Append-only: the database refuses UPDATE and DELETE
    (triggers in migration 0002), so not even a bug in this code can rewrite it."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed a record"
        LIST = "list", "Listed records"
        SEARCH = "search", "Searched"
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGN_OUT = "sign_out", "Signed out"
        PERMISSION_DENIED = "permission_denied", "Permission denied"
        LOCKOUT = "lockout", "Locked out after failed sign-ins"
        UNLOCK = "unlock", "Sign-in unlocked"
        MFA_ENROLLED = "mfa_enrolled", "Set up two-factor sign-in"
        MFA_VERIFIED = "mfa_verified", "Passed two-factor sign-in"
        MFA_FAILED = "mfa_failed", "Two-factor code refused"
        MFA_RECOVERY_CODES = "mfa_recovery_codes", "Made new recovery codes"
        MFA_RESET = "mfa_reset", "Two-factor sign-in reset"
        PASSKEY_REGISTERED = "passkey_registered", "Registered a passkey"
        PASSKEY_RENAMED = "passkey_renamed", "Renamed a passkey"
        PASSKEY_REMOVED = "passkey_removed", "Removed a passkey"
        SESSION_EXPIRED = "session_expired", "Session ended without sign-out"
        PASSWORD_CHANGED = "password_changed", "Changed password"

    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        FAILURE = "failure", "Failure"
        DENIED = "denied", "Denied"

    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    actor_username = models.CharField(max_length=150, blank=True, help_text="As typed, also for failed sign-ins.")
    action = models.CharField(max_length=32, choices=Action.choices)
    object_type = models.CharField(max_length=100, blank=True, help_text="app_label.model of the records touched.")
    object_ids = models.TextField(blank=True, help_text="Primary keys touched, as ',1,2,3,' so one id can be found.")
    summary = models.CharField(max_length=255, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["occurred_at"], name="audit_occurred_at_idx"),
            models.Index(fields=["actor", "occurred_at"], name="audit_actor_time_idx"),
            models.Index(fields=["object_type", "occurred_at"], name="audit_object_type_time_idx"),
        ]

    def __str__(self):
        who = self.actor_username or "anonymous"
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {who} {self.get_action_display()} {self.object_type}".strip()

    @property
    def id_list(self) -> list[str]:
        return [part for part in self.object_ids.split(",") if part]
