from django.contrib import admin

from lead_ops.audit.admin import AuditedModelAdmin

from .models import Person, PersonAlias, PersonIdentifier
from .services import person_reindex


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0


class PersonIdentifierInline(admin.TabularInline):
    model = PersonIdentifier
    extra = 0


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ["last_name", "first_name", "date_of_birth", "sex", "race", "is_synthetic", "created_at"]
    list_filter = ["is_synthetic", "sex", "race", "ethnicity"]
    search_fields = ["search_text", "last_name", "first_name"]
    inlines = [PersonAliasInline, PersonIdentifierInline]
    readonly_fields = ["created_at", "created_by"]
    show_full_result_count = False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person_reindex(person=form.instance)
