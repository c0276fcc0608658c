"""The scopes an integration client may be given, and which ones a token may
carry: only those its client was given (django-oauth-toolkit asks here)."""

from oauth2_provider.scopes import BaseScopes

PREFILL = "referrals:prefill"
STATUS = "referrals:status"
REPORTS = "reports:read"
WEBHOOKS = "webhooks:manage"
SCOPES = {
    PREFILL: "Prefill referral drafts for the client's agency's officers",
    STATUS: "Read the status of the client's agency's referrals",
    REPORTS: "Read de-identified figures",
    WEBHOOKS: "Manage the client's webhook subscriptions",
}
# Scopes that need a police agency: they read or write that agency's referrals.
AGENCY_SCOPES = frozenset({PREFILL, STATUS})


class ClientScopes(BaseScopes):
    def get_all_scopes(self):
        return SCOPES

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        client = getattr(application, "integration_client", None) if application is not None else None
        if client is None or not client.is_active:
            return []
        return [scope for scope in client.scopes if scope in SCOPES]

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)
