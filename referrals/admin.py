from django.contrib import admin, messages

from lead_ops.admin_writes import ReadOnlyAdmin, ServiceSavedAdmin
from lead_ops.audit.admin import AuditedModelAdmin
from lead_ops.protocol.admin import ProtocolVersionAdmin
from lead_ops.protocol.models import ProtocolVersion

from .models import (
    Decision,
    DecisionReason,
    Disclosure,
    EligibilityCriterion,
    Intake,
    Offense,
    Person,
    PersonAlias,
    PersonIdentifier,
    Referral,
    ReferralDraft,
    ReferralRoute,
    ReleaseOfInformation,
    Review,
)
from .services import person_reindex
from .services.configuration import decision_reason_save, offense_save, referral_route_save
from .services.criteria import criterion_check_editable, criterion_save, protocol_draft_from
from .services.people import person_update


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0


class PersonIdentifierInline(admin.TabularInline):
    model = PersonIdentifier
    extra = 0


@admin.register(Person)
class PersonAdmin(ServiceSavedAdmin):
    list_display = ["last_name", "first_name", "date_of_birth", "sex", "race", "is_synthetic", "created_at"]
    list_filter = ["is_synthetic", "sex", "race", "ethnicity"]
    search_fields = ["search_text", "last_name", "first_name"]
    inlines = [PersonAliasInline, PersonIdentifierInline]
    readonly_fields = ["created_at", "created_by"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # people are created by filing a referral (duplicate detection runs there)

    def save_through_service(self, request, obj, form, change):
        return person_update(person=obj, actor=request.user, changed=form.changed_data)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person_reindex(person=form.instance)  # aliases and identifiers come from the inlines


@admin.register(ReferralRoute)
class ReferralRouteAdmin(ServiceSavedAdmin):
    list_display = ["name", "code", "asks_arrest_details", "asks_prior_activity", "review_diversions", "is_active"]
    prepopulated_fields = {"code": ["name"]}

    def save_through_service(self, request, obj, form, change):
        return referral_route_save(route=obj, actor=request.user, changed=form.changed_data)


@admin.register(Offense)
class OffenseAdmin(ServiceSavedAdmin):
    list_display = ["name", "code", "involves_drugs", "is_active"]
    list_filter = ["involves_drugs", "is_active", "agencies"]
    search_fields = ["name", "code"]
    filter_horizontal = ["agencies"]

    def save_through_service(self, request, obj, form, change):
        return offense_save(
            offense=obj, agencies=form.cleaned_data.get("agencies", []), actor=request.user, changed=form.changed_data
        )


@admin.register(DecisionReason)
class DecisionReasonAdmin(ServiceSavedAdmin):
    list_display = ["label", "applies_to", "is_not_a_good_fit", "requires_narrative", "is_active"]
    list_filter = ["applies_to", "is_not_a_good_fit", "is_active"]

    def save_through_service(self, request, obj, form, change):
        return decision_reason_save(reason=obj, actor=request.user, changed=form.changed_data)


@admin.register(EligibilityCriterion)
class EligibilityCriterionAdmin(AuditedModelAdmin):
    list_display = ["code", "protocol_version", "kind", "wording", "sergeant_may_override"]
    list_filter = ["protocol_version", "kind", "sergeant_may_override"]
    search_fields = ["code", "wording", "question"]
    filter_horizontal = ["routes", "agencies", "offenses"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.protocol_version.is_published:
            return [field.name for field in EligibilityCriterion._meta.fields] + ["routes", "agencies", "offenses"]
        return []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.protocol_version.is_published

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "protocol_version" in form.base_fields:
            form.base_fields["protocol_version"].queryset = ProtocolVersion.objects.filter(published_at__isnull=True)
            form.base_fields["protocol_version"].help_text = "Only draft versions: published criteria never change."
        return form

    def save_model(self, request, obj, form, change):
        """Saved, with its routes and offenses, by criterion_save in save_related."""

    def save_related(self, request, form, formsets, change):
        criterion_save(
            criterion=form.instance,
            routes=form.cleaned_data.get("routes", []),
            offenses=form.cleaned_data.get("offenses", []),
            agencies=form.cleaned_data.get("agencies", []),
            actor=request.user,
        )

    def delete_model(self, request, obj):
        criterion_check_editable(obj)
        super().delete_model(request, obj)


class CriterionInline(admin.TabularInline):
    model = EligibilityCriterion
    fields = ["code", "kind", "wording", "sergeant_may_override", "limit_grams", "lookback_months", "minimum_age"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


admin.site.unregister(ProtocolVersion)


@admin.register(ProtocolVersion)
class ProtocolVersionWithCriteriaAdmin(ProtocolVersionAdmin):
    inlines = [CriterionInline]
    actions = [*ProtocolVersionAdmin.actions, "start_next_draft"]

    @admin.action(description="Start the next draft version from the selected version (criteria copied)")
    def start_next_draft(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one version to copy.", messages.ERROR)
            return
        draft = protocol_draft_from(version=queryset.get(), actor=request.user)
        self.message_user(request, f"Draft version {draft.number} created: edit its criteria, then publish it.")


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["id", "submitted_at", "route", "status", "eligibility_status", "officer", "unit", "is_synthetic"]
    list_filter = ["route", "status", "eligibility_status", "unit__kind", "unit", "is_synthetic"]
    search_fields = ["incident_number", "person__search_text"]
    date_hierarchy = "submitted_at"
    list_select_related = ["route", "officer", "unit"]
    show_full_result_count = False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["referral", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    list_select_related = ["referral", "referral__route", "decided_by"]


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    list_display = ["disclosed_at", "person_label", "recipient", "recipient_role", "information", "channel"]
    list_filter = ["channel", "recipient_role"]
    search_fields = ["person_label", "recipient__username", "information"]
    date_hierarchy = "disclosed_at"
    list_select_related = ["recipient"]


@admin.register(ReleaseOfInformation)
class ReleaseOfInformationAdmin(ReadOnlyAdmin):
    list_display = ["person", "signed_on", "expires_on", "revoked_on", "recorded_by"]
    list_filter = ["signed_on", "expires_on"]
    list_select_related = ["person", "recorded_by"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "referral", "action", "sergeant", "eligibility_overridden"]
    list_filter = ["action", "eligibility_overridden"]
    search_fields = ["referral__incident_number", "sergeant__username", "comment"]
    date_hierarchy = "created_at"
    list_select_related = ["referral", "referral__route", "sergeant"]


@admin.register(Intake)
class IntakeAdmin(ReadOnlyAdmin):
    list_display = ["referral", "agency", "case_manager", "handed_off_at", "intake_deadline", "intake_completed_at"]
    list_filter = ["agency", "intake_deadline"]
    search_fields = ["referral__incident_number", "case_manager__username"]
    list_select_related = ["referral", "referral__route", "agency", "case_manager"]
    # Case notes stay with case management, even in the admin list.
    exclude = ["case_notes"]


@admin.register(ReferralDraft)
class ReferralDraftAdmin(ReadOnlyAdmin):
    list_display = ["token", "officer", "route", "updated_at"]
    list_select_related = ["officer", "route"]

    def has_delete_permission(self, request, obj=None):
        return True
