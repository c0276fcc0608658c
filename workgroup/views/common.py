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
