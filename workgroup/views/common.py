"""What the workgroup views share: refusals shown as messages, never a 500."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError

manager_required = permission_required("workgroup.manage", raise_exception=True)


def refusal_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def refuse(request, error) -> None:
    messages.error(request, refusal_text(error))


def add_errors(form, error: ValidationError, aliases: dict | None = None) -> None:
    """Put a service's refusal beside the field it names (aliases: the service's
    name for a form field), or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = (aliases or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
