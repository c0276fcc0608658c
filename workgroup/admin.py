"""Admin for the workgroup. Every save goes through the services (validated,
audited); what the services do not offer is read-only here. Agendas, minutes and
attendance are never edited in admin: they change only in the app, and approved
minutes change nowhere."""

from functools import partial

from django.contrib import admin, messages

from lead_ops.admin_writes import ReadOnlyAdmin, ServiceSavedAdmin
from lead_ops.service_errors import attempt, refusal_text

from . import services
from .models import (
    ActionItem,
    AgendaDelivery,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Meeting,
    MeetingSeries,
    Membership,
    MinutesAddendum,
    OperationalIssue,
    Workgroup,
)


@admin.register(Workgroup)
class WorkgroupAdmin(ServiceSavedAdmin):
    list_display = ["name", "precinct", "default_place", "is_active"]
    list_filter = ["is_active", "precinct"]
    search_fields = ["name"]
    fields = ["name", "precinct", "default_place", "is_active"]

    def save_through_service(self, request, obj, form, change):
        if not change:
            return services.workgroup_create(
                name=obj.name, precinct=obj.precinct, default_place=obj.default_place, actor=request.user
            )
        return services.workgroup_update(
            workgroup=obj,
            name=obj.name,
            precinct=obj.precinct,
            default_place=obj.default_place,
            is_active=obj.is_active,
            actor=request.user,
        )


@admin.register(Membership)
class MembershipAdmin(ServiceSavedAdmin):
    list_display = ["user", "workgroup", "role", "is_active", "joined_on"]
    list_filter = ["workgroup", "role", "is_active"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    list_select_related = ["user", "workgroup"]
    autocomplete_fields = ["user"]

    def get_fields(self, request, obj=None):
        return ["workgroup", "user", "role"] if obj is None else ["workgroup", "user", "role", "is_active", "joined_on"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["workgroup", "user", "joined_on"]

    def save_through_service(self, request, obj, form, change):
        if not change:
            return services.membership_add(workgroup=obj.workgroup, user=obj.user, role=obj.role, actor=request.user)
        return services.membership_update(membership=obj, role=obj.role, is_active=obj.is_active, actor=request.user)


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ServiceSavedAdmin):
    list_display = ["__str__", "place", "interval_weeks", "ends_on", "is_active"]
    list_filter = ["workgroup", "is_active"]
    fields = ["workgroup", "first_meeting_on", "start_time", "duration_minutes", "interval_weeks", "place", "ends_on"]
    actions = ["generate_meetings", "stop_series"]

    def has_change_permission(self, request, obj=None):
        # A series is set up once; to change the rhythm, stop it and set up another.
        return obj is None and super().has_change_permission(request, obj)

    def save_through_service(self, request, obj, form, change):
        return services.meeting_series_create(
            workgroup=obj.workgroup,
            first_meeting_on=obj.first_meeting_on,
            start_time=obj.start_time,
            duration_minutes=obj.duration_minutes,
            interval_weeks=obj.interval_weeks,
            place=obj.place,
            ends_on=obj.ends_on,
            actor=request.user,
        )

    @admin.action(description="Make the upcoming meetings of the selected series now")
    def generate_meetings(self, request, queryset):
        made = sum(services.meeting_series_generate(series=series) for series in queryset)
        self.message_user(request, f"{made} meeting{'s' if made != 1 else ''} made.")

    @admin.action(description="Stop the selected series (meetings already made stay)")
    def stop_series(self, request, queryset):
        for series in queryset:
            services.meeting_series_stop(series=series, actor=request.user)
        self.message_user(request, "Stopped.")


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["position", "kind", "title", "issue", "referral", "minutes"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ["user", "role", "recorded_by", "recorded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AddendumInline(admin.TabularInline):
    model = MinutesAddendum
    fields = ["agenda_item", "text", "author", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    """Meetings are scheduled, minuted and approved in the app; here they are read."""

    list_display = ["starts_at", "workgroup", "place", "is_cancelled", "minutes_approved_at", "agenda_sent_at"]
    list_filter = ["workgroup", "is_cancelled", ("minutes_approved_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, AttendanceInline, AddendumInline]
    actions = ["cancel_meetings"]

    def has_change_permission(self, request, obj=None):
        # The list needs it for the action; every field stays read-only.
        return obj is None and request.user.is_superuser

    @admin.action(description="Cancel the selected meetings")
    def cancel_meetings(self, request, queryset):
        for meeting in queryset:
            outcome = attempt(partial(services.meeting_cancel, meeting=meeting, actor=request.user))
            if not outcome.ok:
                self.message_user(request, f"{meeting}: {refusal_text(outcome.error)}", messages.ERROR)


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "position", "kind", "title"]
    list_filter = ["kind"]
    list_select_related = ["meeting__workgroup"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "user", "role", "recorded_at"]
    list_filter = ["role"]
    list_select_related = ["meeting__workgroup", "user"]


@admin.register(MinutesAddendum)
class MinutesAddendumAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "agenda_item", "author", "created_at"]
    list_select_related = ["meeting__workgroup", "author", "agenda_item"]


@admin.register(OperationalIssue)
class OperationalIssueAdmin(ServiceSavedAdmin):
    list_display = ["pk", "title", "raised_by", "status", "workgroup", "created_at"]
    list_filter = ["status", "workgroup"]
    search_fields = ["what_happened", "location", "suggestion", "resolution"]
    list_select_related = ["raised_by", "workgroup"]
    fields = [
        "raised_by",
        "what_happened",
        "location",
        "suggestion",
        "created_at",
        "workgroup",
        "status",
        "resolution",
        "protocol_version",
        "resolved_at",
        "resolved_by",
    ]
    readonly_fields = [
        "raised_by",
        "what_happened",
        "location",
        "suggestion",
        "created_at",
        "resolved_at",
        "resolved_by",
    ]

    def has_add_permission(self, request):
        return False  # raised by its author in the app

    def save_through_service(self, request, obj, form, change):
        return services.issue_update(
            issue=obj,
            actor=request.user,
            status=obj.status,
            resolution=obj.resolution,
            protocol_version=obj.protocol_version,
            workgroup=obj.workgroup,
        )


@admin.register(ActionItem)
class ActionItemAdmin(ServiceSavedAdmin):
    list_display = ["description", "owner", "due_on", "status", "workgroup", "meeting"]
    list_filter = ["status", "workgroup"]
    search_fields = ["description"]
    list_select_related = ["owner", "workgroup", "meeting"]

    def get_fields(self, request, obj=None):
        return ["workgroup", "meeting", "issue", "description", "owner", "due_on", "status"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["workgroup", "meeting", "issue", "description", "owner", "due_on"]

    def save_through_service(self, request, obj, form, change):
        if not change:
            return services.action_item_create(
                workgroup=obj.workgroup,
                actor=request.user,
                description=obj.description,
                owner=obj.owner,
                due_on=obj.due_on,
                meeting=obj.meeting,
                issue=obj.issue,
            )
        return services.action_item_update_status(item=obj, actor=request.user, status=obj.status)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "revoked_at", "last_used_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.is_superuser

    @admin.action(description="Revoke the selected users' calendar links")
    def revoke(self, request, queryset):
        users = {feed.user for feed in queryset.filter(revoked_at__isnull=True).select_related("user")}
        for user in users:
            services.calendar_feed_revoke(user=user)
        self.message_user(request, f"Revoked the links of {len(users)} user{'s' if len(users) != 1 else ''}.")


@admin.register(AgendaDelivery)
class AgendaDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "user", "sent_at"]
    list_select_related = ["meeting__workgroup", "user"]
