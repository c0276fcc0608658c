from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from lead_ops.admin_writes import ServiceSavedAdmin

from . import administration, lockout, mfa
from .models import Agency, Precinct, Unit, User
from .roles import AGENCY_ASSIGNABLE_ROLES
from .services import agency_save, precinct_save, unit_save, user_save

RELATED_ONLY = admin.RelatedOnlyFieldListFilter


class AgencyScopedAdmin(ServiceSavedAdmin):
    """Lists, change forms, choices and autocompletes hold only the rows the user
    administers: everything for the superuser, their own agency's for an agency
    administrator. A crafted URL or POST for another agency's row finds nothing,
    and the service refuses it again."""

    def get_queryset(self, request):
        return administration.scoped(super().get_queryset(request), request.user)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or administration.administered_agency(request.user) is not None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in (Agency, Precinct, Unit, User):
            kwargs["queryset"] = administration.scoped(db_field.related_model.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is User:
            kwargs["queryset"] = administration.scoped(User.objects.all(), request.user)
        elif db_field.related_model is Group and not administration.administers_all(request.user):
            kwargs["queryset"] = Group.objects.filter(name__in=[role.value for role in AGENCY_ASSIGNABLE_ROLES])
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(AgencyScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "badge_number", "unit", "agency", "is_active", "last_login"]
    list_filter = [
        "groups",
        "is_active",
        "is_staff",
        "unit__kind",
        ("unit__precinct", RELATED_ONLY),
        ("agency", RELATED_ONLY),
    ]
    search_fields = ["username", "first_name", "last_name", "email", "badge_number"]
    autocomplete_fields = ["unit", "agency"]
    list_select_related = ["unit", "agency"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("LEAD", {"fields": ("badge_number", "unit", "agency", "verifies_community_referrals")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("LEAD", {"fields": ("first_name", "last_name", "email", "badge_number", "unit", "agency", "groups")}),
    )
    actions = ["unlock_sign_in", "reset_two_factor"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if administration.administers_all(request.user):
            return fieldsets
        # An agency administrator gives roles and switches accounts off; no flags, no permissions.
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        f for f in options["fields"] if f not in {"is_staff", "is_superuser", "user_permissions"}
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def save_through_service(self, request, obj, form, change):
        password = None if change else form.cleaned_data.get("password1")
        if not change and not password:
            obj.set_unusable_password()
        return user_save(
            user=obj,
            groups=form.cleaned_data.get("groups", obj.groups.all() if change else []),
            user_permissions=form.cleaned_data.get("user_permissions", obj.user_permissions.all() if change else []),
            password=password,
            actor=request.user,
            changed=form.changed_data,
        )

    @admin.action(description="Unlock sign-in (clear failed attempts)", permissions=["change"])
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            lockout.lockout_release(username=user.get_username(), actor=request.user)
        self.message_user(request, f"Sign-in unlocked for {queryset.count()} account(s).", messages.SUCCESS)

    @admin.action(
        description="Reset two-factor sign-in (lost phone: set up again at next sign-in)", permissions=["change"]
    )
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            mfa.mfa_reset(user=user, actor=request.user)
        self.message_user(request, f"Two-factor sign-in reset for {queryset.count()} account(s).", messages.SUCCESS)


@admin.register(Precinct)
class PrecinctAdmin(AgencyScopedAdmin):
    list_display = ["name", "code", "agency"]
    list_filter = [("agency", RELATED_ONLY)]
    search_fields = ["name", "code"]

    def save_through_service(self, request, obj, form, change):
        return precinct_save(precinct=obj, actor=request.user, changed=form.changed_data)


@admin.register(Agency)
class AgencyAdmin(AgencyScopedAdmin):
    list_display = ["name", "kind", "incident_number_example"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def save_through_service(self, request, obj, form, change):
        return agency_save(agency=obj, actor=request.user, changed=form.changed_data)


@admin.register(Unit)
class UnitAdmin(AgencyScopedAdmin):
    list_display = ["name", "kind", "precinct", "onboarded_on"]
    list_filter = ["kind", ("precinct", RELATED_ONLY)]
    search_fields = ["name", "precinct__name"]
    autocomplete_fields = ["precinct", "supervisors"]
    list_select_related = ["precinct"]

    def save_through_service(self, request, obj, form, change):
        supervisors = form.cleaned_data.get("supervisors", obj.supervisors.all() if change else [])
        return unit_save(unit=obj, supervisors=supervisors, actor=request.user, changed=form.changed_data)


# Deleting a failed-attempt record unlocks its username: through the audited service.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAuditedAdmin(AccessAttemptAdmin):
    """django-axes' list of failed sign-ins. Deleting records unlocks their
    usernames (every record of each username, since locks are per username)."""

    def delete_model(self, request, obj):
        lockout.lockout_release(username=obj.username, actor=request.user)

    def delete_queryset(self, request, queryset):
        for username in sorted(set(queryset.values_list("username", flat=True))):
            lockout.lockout_release(username=username, actor=request.user)
