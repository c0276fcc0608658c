"""Training in the admin. Every write goes through training.services, as on the
training pages; sessions and rosters are changed on those pages, where a
roster change keeps the attendees' records in step."""

from functools import partial

from django import forms
from django.contrib import admin, messages

from lead_ops.accounts.roles import Role
from lead_ops.admin_writes import ReadOnlyAdmin
from lead_ops.audit.admin import AuditedModelAdmin
from lead_ops.service_errors import attempt, refusal_text

from . import services
from .models import (
    Attendance,
    PeerTrainer,
    ProtocolAcknowledgement,
    RecordImport,
    Topic,
    TrainingRecord,
    TrainingReminder,
    TrainingSession,
)


def _without_bulk_delete(actions: dict) -> dict:
    actions.pop("delete_selected", None)
    return actions


class TopicAdminForm(forms.ModelForm):
    required_roles = forms.MultipleChoiceField(
        choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False, label="Required of"
    )

    class Meta:
        model = Topic
        fields = ["name", "code", "description", "refresher_months", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["required_roles"].initial = list(self.instance.requirements.values_list("role", flat=True))


@admin.register(Topic)
class TopicAdmin(AuditedModelAdmin):
    form = TopicAdminForm
    list_display = ["name", "code", "refresher_months", "required_of", "is_active"]
    list_filter = ["is_active", "requirements__role"]
    search_fields = ["name", "code"]

    @admin.display(description="Required of")
    def required_of(self, topic):
        return ", ".join(r.get_role_display() for r in topic.requirements.all()) or "optional"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("requirements")

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in [*TopicAdminForm.Meta.fields, "required_roles"]}
        if change:
            saved = services.topic_update(topic=Topic.objects.get(pk=obj.pk), **fields, actor=request.user)
        else:
            saved = services.topic_create(**fields, actor=request.user)
        obj.pk = saved.pk


@admin.register(PeerTrainer)
class PeerTrainerAdmin(AuditedModelAdmin):
    list_display = ["user", "unit", "since", "is_active", "note"]
    list_filter = ["is_active"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__badge_number"]
    autocomplete_fields = ["user"]
    list_select_related = ["user__unit"]
    fields = ["user", "note"]
    actions = ["retire", "flag_again"]

    @admin.display(description="Unit")
    def unit(self, trainer):
        return trainer.user.unit

    def has_change_permission(self, request, obj=None):
        # Stop or restart with the actions; a trainer's history is not rewritten.
        return obj is None and super().has_change_permission(request)

    def get_actions(self, request):
        return _without_bulk_delete(super().get_actions(request))

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.peer_trainer_flag(user=obj.user, note=obj.note, actor=request.user)
        obj.pk = saved.pk

    @admin.action(description="Stop offering the selected people as peer trainers")
    def retire(self, request, queryset):
        for trainer in queryset.filter(is_active=True):
            services.peer_trainer_retire(trainer=trainer, actor=request.user)
        self.message_user(request, "Done.", messages.SUCCESS)

    @admin.action(description="Offer the selected people as peer trainers again")
    def flag_again(self, request, queryset):
        for trainer in queryset.filter(is_active=False).select_related("user"):
            outcome = attempt(
                partial(services.peer_trainer_flag, user=trainer.user, note=trainer.note, actor=request.user)
            )
            if not outcome.ok:
                self.message_user(request, f"{trainer.user}: {refusal_text(outcome.error)}", messages.ERROR)
        self.message_user(request, "Done.", messages.SUCCESS)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ["attendee", "recorded_by", "recorded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(AuditedModelAdmin):
    """Looked at here; scheduled, changed and given a roster on the training pages."""

    list_display = ["title", "held_on", "hours", "place", "materials_name"]
    list_filter = ["topics", "held_on"]
    search_fields = ["title", "place", "outside_trainers", "trainers__last_name"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline]
    readonly_fields = [
        "title",
        "held_on",
        "topics",
        "trainers",
        "outside_trainers",
        "hours",
        "place",
        "materials_name",
        "materials_content_type",
        "materials_size",
        "created_by",
        "created_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.attendances.exists() and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        return _without_bulk_delete(super().get_actions(request))

    def delete_model(self, request, obj):
        services.training_session_delete(session=obj, actor=request.user)


@admin.register(TrainingRecord)
class TrainingRecordAdmin(AuditedModelAdmin):
    list_display = ["person", "topic", "completed_on", "expires_on", "source"]
    list_filter = ["source", "topic", "completed_on"]
    search_fields = [
        "person__username",
        "person__first_name",
        "person__last_name",
        "person__badge_number",
        "topic__name",
    ]
    autocomplete_fields = ["person", "topic"]
    list_select_related = ["person", "topic"]
    date_hierarchy = "completed_on"
    show_full_result_count = False
    details = ["expires_on", "source", "attendance", "record_import", "created_by", "created_at"]

    def get_fields(self, request, obj=None):
        return ["person", "topic", "completed_on", "note", *([] if obj is None else self.details)]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["person", "topic", *self.details]

    def has_change_permission(self, request, obj=None):
        # A session's records follow its roster: change the session instead.
        return (obj is None or not obj.attendance_id) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.attendance_id) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        return _without_bulk_delete(super().get_actions(request))

    def save_model(self, request, obj, form, change):
        if change:
            services.training_record_update(
                record=obj, completed_on=obj.completed_on, note=obj.note, actor=request.user
            )
            return
        saved = services.training_record_create(
            person=obj.person, topic=obj.topic, completed_on=obj.completed_on, note=obj.note, actor=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.training_record_delete(record=obj, actor=request.user)


@admin.register(ProtocolAcknowledgement)
class ProtocolAcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ["user", "version", "acknowledged_at"]
    list_filter = ["version"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__badge_number"]
    list_select_related = ["user", "version"]


@admin.register(RecordImport)
class RecordImportAdmin(ReadOnlyAdmin):
    list_display = ["filename", "uploaded_by", "uploaded_at", "row_count", "error_count", "applied_at", "created_count"]
    search_fields = ["filename", "sha256"]
    list_select_related = ["uploaded_by"]
    exclude = ["content"]


@admin.register(TrainingReminder)
class TrainingReminderAdmin(ReadOnlyAdmin):
    list_display = ["record", "kind", "sent_at"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["record__person__username", "record__person__last_name", "record__topic__name"]
    list_select_related = ["record__person", "record__topic"]
