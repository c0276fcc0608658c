"""Integration clients in the admin, saved through the services: the client
secret is shown once when made or rotated (it is stored hashed)."""

from django import forms
from django.contrib import admin, messages

from lead_ops.admin_writes import ReadOnlyAdmin, ServiceSavedAdmin

from . import services
from .models import IntegrationClient, Prefill
from .scopes import SCOPES


class ClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=[(scope, f"{scope}: {text}") for scope, text in SCOPES.items()], widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = IntegrationClient
        fields = ["name", "agency", "scopes", "requests_per_minute", "is_active"]


@admin.register(IntegrationClient)
class IntegrationClientAdmin(ServiceSavedAdmin):
    form = ClientForm
    list_display = ["name", "agency", "scopes", "client_id", "is_active", "created_at"]
    list_filter = ["is_active", "agency"]
    list_select_related = ["agency", "application"]
    search_fields = ["name", "application__client_id"]
    actions = ["rotate_secret", "revoke"]

    @admin.display(description="Client id")
    def client_id(self, client):
        return client.application.client_id

    def save_through_service(self, request, obj, form, change):
        if change:
            return services.integration_client_save(client=obj, actor=request.user, changed=form.changed_data)
        client, secret = services.integration_client_create(
            name=obj.name,
            agency=obj.agency,
            scopes=obj.scopes,
            requests_per_minute=obj.requests_per_minute,
            actor=request.user,
        )
        self._shown = (client.application.client_id, secret)
        return client

    def response_add(self, request, obj, post_url_continue=None):
        if shown := getattr(self, "_shown", None):
            self.message_user(request, f"Client id {shown[0]}; client secret (shown this once): {shown[1]}")
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="Rotate the secret (the old one and every token stop working)")
    def rotate_secret(self, request, queryset):
        for client in queryset.select_related("application"):
            secret = services.integration_client_secret_rotate(client=client, actor=request.user)
            self.message_user(request, f"New secret for {client} (shown this once): {secret}")

    @admin.action(description="Revoke the selected clients")
    def revoke(self, request, queryset):
        for client in queryset.select_related("application"):
            services.integration_client_revoke(client=client, actor=request.user)
        self.message_user(request, f"{queryset.count()} clients revoked.", messages.SUCCESS)


@admin.register(Prefill)
class PrefillAdmin(ReadOnlyAdmin):
    list_display = ["incident_number", "client", "officer", "created_at"]
    list_filter = ["client"]
    list_select_related = ["client", "officer"]
    search_fields = ["incident_number"]


# Applications and tokens are made and revoked only through the clients above
# (the services), never edited on their own.
def _unregister_oauth_admin():
    from oauth2_provider.models import AccessToken, Application, Grant, IDToken, RefreshToken

    for model in (Application, AccessToken, RefreshToken, Grant, IDToken):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_oauth_admin()
