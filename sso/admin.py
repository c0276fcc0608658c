"""Identity providers in the admin, saved through the services: the client
secret is written, never shown; the SCIM token is shown once when made."""

from django import forms
from django.contrib import admin

from lead_ops.admin_writes import ReadOnlyAdmin, ServiceSavedAdmin

from . import services
from .models import IdentityProvider, ProviderAccount, ProviderGroup, RoleRule


class IdentityProviderForm(forms.ModelForm):
    client_secret = forms.CharField(
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Stored encrypted and never shown again. Leave empty to keep the stored one.",
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "agency", "name", "slug", "enabled", "issuer", "client_id", "client_secret", "client_secret_env",
            "scopes", "username_claim", "email_claim", "badge_claim", "unit_claim", "groups_claim",
            "create_unknown_users", "provider_does_second_factor",
        ]  # fmt: skip

    issuer = forms.URLField(
        assume_scheme="https", max_length=300, help_text=IdentityProvider._meta.get_field("issuer").help_text
    )


class RoleRuleInline(admin.TabularInline):
    model = RoleRule
    extra = 1


@admin.register(IdentityProvider)
class IdentityProviderAdmin(ServiceSavedAdmin):
    form = IdentityProviderForm
    inlines = [RoleRuleInline]
    list_display = ["name", "agency", "slug", "issuer", "enabled", "create_unknown_users", "scim_token_hint"]
    list_filter = ["enabled", "agency"]
    list_select_related = ["agency"]
    search_fields = ["name", "slug", "issuer"]
    actions = ["scim_token_make"]

    def save_through_service(self, request, obj, form, change):
        return services.identity_provider_save(
            provider=obj,
            client_secret=form.cleaned_data.get("client_secret", ""),
            actor=request.user,
            changed=[name for name in form.changed_data if name != "client_secret"],
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            # The rules changed: every account of the provider gets its roles again.
            services.identity_provider_rules_apply(provider=form.saved, actor=request.user)

    @admin.action(description="Make a new SCIM token (the old one stops working)")
    def scim_token_make(self, request, queryset):
        for provider in queryset:
            token = services.scim_token_rotate(provider=provider, actor=request.user)
            self.message_user(request, f"SCIM token for {provider} (shown this once): {token}")


@admin.register(ProviderAccount)
class ProviderAccountAdmin(ReadOnlyAdmin):
    list_display = ["user_name", "user", "provider", "last_signed_in_at"]
    list_filter = ["provider"]
    list_select_related = ["user", "provider"]
    search_fields = ["user_name", "user__username", "external_id"]


@admin.register(ProviderGroup)
class ProviderGroupAdmin(ReadOnlyAdmin):
    list_display = ["display_name", "provider", "external_id"]
    list_filter = ["provider"]
    list_select_related = ["provider"]
    search_fields = ["display_name", "external_id"]
