from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from lead_ops.search_limits import SEARCH_MAX_CHARACTERS, validate_search

from .models import AuditEvent
from .services import audit_event_record


class BoundedSearchAdmin(admin.ModelAdmin):
    """Admin search within the search limits: each word is a condition on every
    search field, so a long search is refused with a message, not a 500."""

    def get_search_results(self, request, queryset, search_term):
        try:
            validate_search(search_term)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


class AuditedModelAdmin(BoundedSearchAdmin):
    """Admin pages over people's data: every record opened, saved or deleted
    through the admin also goes to the audit trail."""

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            # The rows are known once the page renders: record those shown.
            response.add_post_render_callback(lambda rendered: self._record_list(request, changelist))
        return response

    def _record_list(self, request, changelist) -> None:
        query = changelist.query
        audit_event_record(
            action=AuditEvent.Action.SEARCH if query else AuditEvent.Action.LIST,
            actor=request.user,
            object_type=self.model._meta.label_lower,
            object_ids=[row.pk for row in changelist.result_list],
            summary="Searched in admin" if query else "Listed in admin",
            detail={"query": query[:SEARCH_MAX_CHARACTERS]} if query else {},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            audit_event_record(
                action=AuditEvent.Action.VIEW,
                actor=request.user,
                object_type=self.model._meta.label_lower,
                object_ids=[object_id],
                summary="Opened in admin",
            )
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_event_record(
            action=AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE,
            actor=request.user,
            target=obj,
            summary="Saved in admin",
            detail={"fields": sorted(form.changed_data)},
        )

    def delete_model(self, request, obj):
        object_type, object_id = obj._meta.label_lower, obj.pk
        super().delete_model(request, obj)
        audit_event_record(
            action=AuditEvent.Action.DELETE,
            actor=request.user,
            object_type=object_type,
            object_ids=[object_id],
            summary="Deleted in admin",
        )

    def delete_queryset(self, request, queryset):
        object_type, ids = queryset.model._meta.label_lower, list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        audit_event_record(
            action=AuditEvent.Action.DELETE,
            actor=request.user,
            object_type=object_type,
            object_ids=ids,
            summary="Deleted in admin",
        )


@admin.register(AuditEvent)
class AuditEventAdmin(BoundedSearchAdmin):
    list_display = ["occurred_at", "actor_username", "action", "object_type", "object_ids", "outcome", "ip_address"]
    list_filter = ["action", "outcome", "object_type", "occurred_at"]
    search_fields = ["actor_username", "object_ids", "request_id", "summary", "ip_address"]
    date_hierarchy = "occurred_at"
    list_select_related = ["actor"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
