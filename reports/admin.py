from django.contrib import admin

from lead_ops.audit.admin import AuditedModelAdmin

from .models import ReportExport


@admin.register(ReportExport)
class ReportExportAdmin(AuditedModelAdmin):
    """Exports are made and fetched in the app (audited there); admin only lists them."""

    list_display = ["created_at", "owner", "kind", "format", "deidentified", "status", "row_count", "expires_at"]
    list_filter = ["kind", "format", "status", "deidentified"]
    readonly_fields = [field.name for field in ReportExport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
