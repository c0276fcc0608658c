"""Form fields every app shares."""

from django import forms
from django.core.exceptions import ValidationError


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice whose ids past the database's integer range are an
    invalid choice, not a 500: Django catches ValueError for a bad id, but
    SQLite raises OverflowError for a 40-digit one."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "that"}
            ) from None
