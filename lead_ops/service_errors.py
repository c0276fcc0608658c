"""A service's refusal shown on the page that asked for it.

A service refuses with a ValidationError (the input breaks a rule) or a
PermissionDenied (this user may not do it). A view runs the call through
run_service: on a form the refusal goes beside the field it names or above the
form; without a form it becomes a message on the next page. Either way the user
reads why, and never gets a 500.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

REFUSALS = (ValidationError, PermissionDenied)


@dataclass(frozen=True)
class Outcome:
    """What a service call came to: ok with its result, or the refusal."""

    ok: bool
    result: Any = None
    error: ValidationError | PermissionDenied | None = None


def attempt(call: Callable[[], Any]) -> Outcome:
    """Run a service call; a refusal is returned, anything else still raises."""
    try:
        return Outcome(ok=True, result=call())
    except REFUSALS as error:
        return Outcome(ok=False, error=error)


def refusal_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def add_service_errors(
    form: forms.Form, error: ValidationError | PermissionDenied, aliases: dict | None = None
) -> None:
    """Put a service's refusal beside the field it names (aliases: the service's
    name for a form field), or above the form when the form shows no such field:
    a model's error about a column the form does not show is still a message,
    never a failed request. A PermissionDenied names no field."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = (aliases or {}).get(field, field)
        form.add_error(field if _shows_errors(form, field) else None, errors)


def _shows_errors(form: forms.Form, name: str) -> bool:
    # A checkbox group with no choices renders no errors (crispy puts them
    # after the last choice); those go above the form instead.
    field = form.fields.get(name)
    if field is None:
        return False
    return not isinstance(field.widget, forms.CheckboxSelectMultiple) or bool(list(field.choices))


def run_service(request, call: Callable[[], Any], *, form: forms.Form | None = None, aliases=None) -> Outcome:
    """Run a service call for a page: a refusal goes on the form when there is
    one, into the messages otherwise. The caller redirects on outcome.ok."""
    outcome = attempt(call)
    if not outcome.ok:
        if form is not None:
            add_service_errors(form, outcome.error, aliases)
        else:
            messages.error(request, refusal_text(outcome.error))
    return outcome
