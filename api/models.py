"""Integration clients: a records system, an analysts' tool or a partner's
receiver, each bound to one agency (or to the whole program, for figures) and
to a set of scopes. It signs in with OAuth 2.0 client credentials through its
django-oauth-toolkit application, whose secret is stored hashed."""

from django.db import models
from oauth2_provider.models import Application

from .scopes import SCOPES


class IntegrationClient(models.Model):
    name = models.CharField(max_length=150, unique=True)
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="integration_client", editable=False
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integration_clients",
        help_text="The police agency whose referrals it prefills and reads; empty for a program-wide figures client.",
    )
    scopes = models.JSONField(default=list, help_text="Any of: " + ", ".join(SCOPES) + ".")
    requests_per_minute = models.PositiveIntegerField(default=120)
    is_active = models.BooleanField(default=True, help_text="Off: its tokens stop working at once.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def audit_name(self) -> str:
        return f"api-client:{self.name}"[:150]


class Prefill(models.Model):
    """One prefilled draft per (client, incident number): the same request sent
    again returns the same draft."""

    client = models.ForeignKey(IntegrationClient, on_delete=models.CASCADE, related_name="prefills")
    incident_number = models.CharField(max_length=40)
    draft = models.ForeignKey("referrals.ReferralDraft", null=True, on_delete=models.SET_NULL, related_name="+")
    draft_token = models.UUIDField()
    officer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "incident_number"], name="api_prefill_once_per_incident")
        ]

    def __str__(self):
        return f"{self.incident_number} ({self.client})"
