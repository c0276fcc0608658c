"""The community door in the admin: the lists a site sets (behaviours, decline
reasons), saved through services; the referrals themselves are read here and
triaged on the triage pages, where every step is written to their history."""

from django.contrib import admin

from lead_ops.admin_writes import ReadOnlyAdmin, ServiceSavedAdmin

from .models import CommunityReferral, Concern, DeclineReason, TriageStep
from .services import concern_save, decline_reason_save


@admin.register(Concern)
class ConcernAdmin(ServiceSavedAdmin):
    list_display = ["label", "code", "order", "is_active"]
    list_filter = ["is_active"]
    prepopulated_fields = {"code": ["label"]}

    def save_through_service(self, request, obj, form, change):
        return concern_save(concern=obj, actor=request.user, changed=form.changed_data)


@admin.register(DeclineReason)
class DeclineReasonAdmin(ServiceSavedAdmin):
    list_display = ["label", "code", "requires_narrative", "order", "is_active"]
    list_filter = ["requires_narrative", "is_active"]
    prepopulated_fields = {"code": ["label"]}

    def save_through_service(self, request, obj, form, change):
        return decline_reason_save(reason=obj, actor=request.user, changed=form.changed_data)


class TriageStepInline(admin.TabularInline):
    model = TriageStep
    fields = ["at", "kind", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CommunityReferral)
class CommunityReferralAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "received_at", "status", "urgency", "organisation", "source"]
    list_filter = ["status", "urgency", "source", "organisation"]
    date_hierarchy = "received_at"
    inlines = [TriageStepInline]
