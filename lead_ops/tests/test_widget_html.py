"""The widgets written in Python (lead_ops/widget_html.py) against the templates
they stand for: two renderers, the same widgets, the same bytes."""

from datetime import date

import pytest
from django import forms
from django.forms.boundfield import BoundWidget
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from lead_ops.form_rendering import LeadFormRenderer
from lead_ops.widget_html import WRITERS, widget_html

TEMPLATES = TemplatesSetting()
PYTHON = LeadFormRenderer()

# Text with the characters escaping is about, and a little of everything else.
text = st.text(alphabet=st.sampled_from("ab Zé<>&\"'{}%"), max_size=8)
shown = st.one_of(text, st.integers(-5, 5), text.map(mark_safe), st.just(gettext_lazy("Yes")))
attribute_values = st.one_of(st.booleans(), text, st.integers(0, 3), text.map(mark_safe))
attribute_names = st.sampled_from(["id", "class", "placeholder", "required", "disabled", "data-x"])
attrs = st.dictionaries(attribute_names, attribute_values)
names = st.text(alphabet=st.sampled_from('ab-_<&"'), min_size=1, max_size=6)
choice = st.tuples(st.one_of(text, st.integers(0, 9)), shown)
choices = st.lists(
    st.one_of(choice, st.tuples(text.filter(bool), st.lists(choice, max_size=3))),
    max_size=5,
)
INPUTS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.HiddenInput,
    forms.PasswordInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.CheckboxInput,
    forms.Textarea,
]


def both(render) -> tuple[str, str]:
    return str(render(TEMPLATES)), str(render(PYTHON))


@settings(max_examples=200, deadline=None)
@given(
    widget=st.sampled_from(INPUTS),
    name=names,
    value=st.one_of(st.none(), shown, st.just(date(2026, 12, 3)), st.booleans()),
    given_attrs=attrs,
)
def test_inputs_and_textareas_are_the_templates_markup(widget, name, value, given_attrs):
    made = widget(attrs={"class": "form-control"})

    templated, written = both(lambda renderer: made.render(name, value, given_attrs, renderer=renderer))

    assert written == templated


@settings(max_examples=200, deadline=None)
@given(
    widget=st.sampled_from([forms.Select, forms.SelectMultiple, forms.NullBooleanSelect]),
    name=names,
    given_choices=choices,
    value=st.one_of(st.none(), text, st.integers(0, 9), st.lists(text, max_size=2)),
    given_attrs=attrs,
)
def test_selects_are_the_templates_markup(widget, name, given_choices, value, given_attrs):
    made = widget() if widget is forms.NullBooleanSelect else widget(choices=given_choices)
    if widget is forms.NullBooleanSelect and isinstance(value, list):
        value = None  # it takes one value, which it looks up

    templated, written = both(lambda renderer: made.render(name, value, given_attrs, renderer=renderer))

    assert written == templated


@settings(max_examples=200, deadline=None)
@given(
    widget=st.sampled_from([forms.RadioSelect, forms.CheckboxSelectMultiple]),
    name=names,
    given_choices=choices,
    value=st.one_of(st.none(), text, st.lists(text, max_size=2)),
    given_attrs=attrs,
    wrap_label=st.booleans(),
)
def test_each_option_of_a_choice_list_is_the_templates_markup(
    widget, name, given_choices, value, given_attrs, wrap_label
):
    """As forms/field.html renders them (option.tag) and as Django's own list does."""
    made = widget(choices=given_choices)

    for option in made.subwidgets(name, value, given_attrs):
        templated, written = both(
            lambda renderer, option=option: BoundWidget(made, option, renderer).tag(wrap_label=wrap_label)
        )
        assert written == templated
    templated, written = both(lambda renderer: made.render(name, value, given_attrs, renderer=renderer))
    assert written == templated


def test_every_template_written_in_python_is_one_django_or_the_project_has():
    from django.template.loader import get_template

    for template_name in WRITERS:
        assert get_template(template_name, using="django")


@pytest.mark.parametrize("template_name", ["django/forms/widgets/file.html", "forms/field.html"])
def test_other_templates_are_left_to_the_template_engine(template_name):
    assert widget_html(template_name, {"widget": {}}) is None


def test_the_site_renders_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), LeadFormRenderer)
