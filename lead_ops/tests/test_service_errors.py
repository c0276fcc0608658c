"""A service's refusal lands on the form: beside its field, or above the form."""

from django import forms
from django.core.exceptions import ValidationError

from lead_ops.service_errors import add_service_errors


class NameForm(forms.Form):
    name = forms.CharField()


def _bound() -> NameForm:
    form = NameForm({"name": "Ada"})
    assert form.is_valid()
    return form


def test_an_error_on_a_field_of_the_form_goes_beside_it():
    form = _bound()
    add_service_errors(form, ValidationError({"name": "Already taken."}))
    assert form.errors == {"name": ["Already taken."]}


def test_an_error_on_a_column_the_form_does_not_show_goes_above_it():
    form = _bound()
    add_service_errors(form, ValidationError({"client_token": "Referral with this token already exists."}))
    assert form.non_field_errors() == ["Referral with this token already exists."]


def test_an_alias_maps_the_service_s_name_to_the_form_s():
    form = _bound()
    add_service_errors(form, ValidationError({"full_name": "Too long."}), aliases={"full_name": "name"})
    assert form.errors["name"] == ["Too long."]


def test_a_plain_error_goes_above_the_form():
    form = _bound()
    add_service_errors(form, ValidationError("Nothing was changed."))
    assert form.non_field_errors() == ["Nothing was changed."]
