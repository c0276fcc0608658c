"""The two ways a model appears in the admin: written through its service, or
read only. Every admin page of the project builds on one of these, so that an
edit in the admin is validated and audited exactly like the same edit in the app."""

from django.db import transaction

from lead_ops.audit.admin import AuditedModelAdmin
from lead_ops.service_errors import add_service_errors, attempt


class ReadOnlyAdmin(AuditedModelAdmin):
    """Records written only by the application's own services: looked at and
    searched here, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceSavedAdmin(AuditedModelAdmin):
    """Saves through the model's service, called while the admin form validates:
    a refusal becomes the form's errors (beside the field it names) and nothing
    is saved. Subclasses define save_through_service(request, obj, form, change)."""

    def has_delete_permission(self, request, obj=None):
        return False

    def save_through_service(self, request, obj, form, change):  # pragma: no cover - each admin defines it
        raise NotImplementedError

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)
        model_admin, change = self, obj is not None

        class ServiceForm(base):
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                self.before_service = transaction.savepoint()
                outcome = attempt(lambda: model_admin.save_through_service(request, self.instance, self, change))
                if outcome.ok:
                    self.saved = outcome.result
                else:
                    add_service_errors(self, outcome.error)

        return ServiceForm

    def save_model(self, request, obj, form, change):
        # Already saved (and audited) by the service while the form validated.
        obj.pk = form.saved.pk

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The form is shown again after a POST when an inline was invalid: the
        # service already saved the main record while the form validated, so
        # undo it (the admin's view runs in one transaction): all or nothing.
        form = context.get("adminform").form if context.get("adminform") else None
        if request.method == "POST" and getattr(form, "saved", None) is not None:
            transaction.savepoint_rollback(form.before_service)
            form.saved = None
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields were saved by the service; inlines still save here.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
