"""A service's refusal shown on the form that asked for it."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, error: ValidationError, aliases: dict | None = None) -> None:
    """Put a service's ValidationError beside the field it names (aliases: the
    service's name for a form field), or above the form when the form has no such
    field: a model's error about a column the form does not show is still a
    message, never a failed request."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = (aliases or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)
