from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from lead_ops.audit.admin import AuditedModelAdmin

from .models import Agency, Precinct, Unit, User


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "badge_number", "unit", "agency", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "is_staff", "unit__kind", "unit__precinct", "agency"]
    search_fields = ["username", "first_name", "last_name", "email", "badge_number"]
    autocomplete_fields = ["unit", "agency"]
    list_select_related = ["unit", "agency"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("LEAD", {"fields": ("badge_number", "unit", "agency")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("LEAD", {"fields": ("first_name", "last_name", "email", "badge_number", "unit", "agency", "groups")}),
    )


@admin.register(Precinct)
class PrecinctAdmin(AuditedModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "precinct", "onboarded_on"]
    list_filter = ["kind", "precinct"]
    search_fields = ["name", "precinct__name"]
    autocomplete_fields = ["precinct", "supervisors"]
    list_select_related = ["precinct"]
