"""Webhooks in the admin: subscriptions saved through the services (the signing
secret is shown once, when made or rotated), the events and the delivery log
read only, with a replay action."""

from django import forms
from django.contrib import admin, messages

from lead_ops import events
from lead_ops.admin_writes import ReadOnlyAdmin, ServiceSavedAdmin

from . import services
from .models import Delivery, Event, Subscription


class SubscriptionForm(forms.ModelForm):
    # Receivers are https (webhooks.services): a URL typed without a scheme is taken as one.
    url = forms.URLField(
        assume_scheme="https",
        max_length=Subscription._meta.get_field("url").max_length,
        help_text=Subscription._meta.get_field("url").help_text,
    )
    kinds = forms.MultipleChoiceField(
        choices=[(kind, kind) for kind in events.KINDS],
        widget=forms.CheckboxSelectMultiple,
        help_text="A payload carries the event and ids only; the receiver asks the API for the rest.",
    )

    class Meta:
        model = Subscription
        fields = ["client", "url", "kinds", "is_active"]


@admin.register(Subscription)
class SubscriptionAdmin(ServiceSavedAdmin):
    form = SubscriptionForm
    list_display = ["client", "url", "kinds", "is_active", "created_at"]
    list_filter = ["is_active", "client"]
    list_select_related = ["client"]
    actions = ["rotate_secret"]

    def save_through_service(self, request, obj, form, change):
        if change:
            return services.subscription_save(subscription=obj, actor=request.user, changed=form.changed_data)
        subscription, secret = services.subscription_create(
            client=obj.client, url=obj.url, kinds=obj.kinds, actor=request.user
        )
        self._shown_secret = secret
        return subscription

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(self, "_shown_secret", None)
        if secret:
            self.message_user(request, f"Signing secret (shown this once; give it to the receiver): {secret}")
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="Rotate the signing secret of the selected subscriptions")
    def rotate_secret(self, request, queryset):
        for subscription in queryset:
            secret = services.subscription_secret_rotate(subscription=subscription, actor=request.user)
            self.message_user(request, f"New signing secret for {subscription} (shown this once): {secret}")


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "kind", "data", "agency"]
    list_filter = ["kind", "agency"]
    list_select_related = ["agency"]
    search_fields = ["key"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "event",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "last_attempt_at",
        "next_attempt_at",
        "times_delivered",
    ]
    list_filter = ["status", "event__kind", "subscription__client"]
    list_select_related = ["event", "subscription", "subscription__client"]
    actions = ["replay"]

    @admin.action(description="Send the selected deliveries again")
    def replay(self, request, queryset):
        for delivery in queryset:
            services.delivery_replay(delivery=delivery, actor=request.user)
        self.message_user(request, f"{queryset.count()} deliveries queued again.", messages.SUCCESS)
