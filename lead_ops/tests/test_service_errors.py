"""A service's refusal lands on the page: beside its field, above the form, or
as a message when the page has no form."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError

from lead_ops.service_errors import add_service_errors, attempt, refusal_text, run_service


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


class TopicsForm(forms.Form):
    topics = forms.MultipleChoiceField(choices=[], required=False, widget=forms.CheckboxSelectMultiple)


def test_an_error_on_a_checkbox_group_with_no_choices_goes_above_the_form():
    form = TopicsForm({})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"topics": "Choose a topic."}))
    assert form.non_field_errors() == ["Choose a topic."]


def test_a_permission_refusal_goes_above_the_form():
    form = _bound()
    add_service_errors(form, PermissionDenied("Only a coordinator may do this."))
    assert form.non_field_errors() == ["Only a coordinator may do this."]


@pytest.fixture
def request_with_messages(rf):
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _shown(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def _refuse(error):
    def call():
        raise error

    return call


def test_a_call_that_succeeds_passes_its_result_through_and_shows_nothing(request_with_messages):
    form = _bound()
    outcome = run_service(request_with_messages, lambda: 42, form=form)
    assert outcome.ok and outcome.result == 42 and outcome.error is None
    assert not form.errors and _shown(request_with_messages) == []


def test_with_a_form_a_refusal_goes_beside_its_field_not_into_the_messages(request_with_messages):
    form = _bound()
    outcome = run_service(request_with_messages, _refuse(ValidationError({"name": "Already taken."})), form=form)
    assert not outcome.ok and outcome.result is None
    assert form.errors == {"name": ["Already taken."]}
    assert _shown(request_with_messages) == []


def test_with_a_form_a_refusal_naming_no_field_goes_above_it(request_with_messages):
    form = _bound()
    run_service(request_with_messages, _refuse(ValidationError("Nothing was changed.")), form=form)
    assert form.non_field_errors() == ["Nothing was changed."]


def test_with_a_form_the_aliases_map_the_service_s_names(request_with_messages):
    form = _bound()
    run_service(
        request_with_messages,
        _refuse(ValidationError({"full_name": "Too long."})),
        form=form,
        aliases={"full_name": "name"},
    )
    assert form.errors["name"] == ["Too long."]


def test_with_a_form_a_permission_refusal_goes_above_it(request_with_messages):
    form = _bound()
    outcome = run_service(request_with_messages, _refuse(PermissionDenied("Not yours.")), form=form)
    assert not outcome.ok and isinstance(outcome.error, PermissionDenied)
    assert form.non_field_errors() == ["Not yours."]


def test_without_a_form_a_refusal_becomes_one_error_message(request_with_messages):
    error = ValidationError({"name": "Already taken.", "place": "Too far."})
    outcome = run_service(request_with_messages, _refuse(error))
    assert not outcome.ok
    messages = list(get_messages(request_with_messages))
    assert [str(m) for m in messages] == ["Already taken. Too far."]
    assert messages[0].level_tag == "error"


def test_without_a_form_a_permission_refusal_becomes_its_message(request_with_messages):
    run_service(request_with_messages, _refuse(PermissionDenied("Only a prosecutor decides.")))
    assert _shown(request_with_messages) == ["Only a prosecutor decides."]


def test_anything_but_a_refusal_still_raises():
    with pytest.raises(ZeroDivisionError):
        attempt(lambda: 1 / 0)


def test_attempt_returns_the_refusal_and_shows_nothing():
    outcome = attempt(_refuse(ValidationError(["First.", "Second."])))
    assert not outcome.ok and refusal_text(outcome.error) == "First. Second."
