from functools import partial

from django.contrib import admin, messages
from django.utils import timezone

from lead_ops.audit.admin import AuditedModelAdmin
from lead_ops.service_errors import attempt, refusal_text

from .models import ProtocolVersion
from .services import protocol_version_publish


@admin.register(ProtocolVersion)
class ProtocolVersionAdmin(AuditedModelAdmin):
    list_display = ["number", "title", "effective_from", "published_at", "published_by"]
    search_fields = ["title", "text", "summary_of_changes"]
    readonly_fields = ["number", "published_at", "published_by", "created_at"]
    actions = ["publish_today"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            # A published protocol is a record of what was in force: it never changes.
            return [f.name for f in ProtocolVersion._meta.fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    def save_model(self, request, obj, form, change):
        if not change:
            from .services import protocol_version_draft

            created = protocol_version_draft(
                title=obj.title, text=obj.text, summary_of_changes=obj.summary_of_changes, actor=request.user
            )
            obj.pk, obj.number = created.pk, created.number
            return
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish the selected drafts, effective today")
    def publish_today(self, request, queryset):
        for version in queryset:
            published = attempt(
                partial(
                    protocol_version_publish, version=version, effective_from=timezone.localdate(), actor=request.user
                )
            )
            if not published.ok:
                self.message_user(request, refusal_text(published.error), messages.ERROR)
            else:
                self.message_user(request, f"Published version {version.number}.", messages.SUCCESS)
