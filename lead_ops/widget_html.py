"""Django's own widget templates, written in Python for the form renderer.
Each returns what the renderer would: the template's output, stripped.

Every input, option, select and textarea of a page went through the template
engine: a variable lookup, an include and an escape per attribute. On the
referral form (30 fields, most of them radio options) and the lists' filters
(a select per filter, an option per officer) that was a quarter of the
request's CPU (make bench-cpu). The functions below write the same markup as
the templates they stand for, byte for byte; the test renders both over
generated widgets (lead_ops/tests/test_widget_html.py). A template the project
overrides is rendered by it, unless its markup is the one written here
(templates/django/forms/widgets/select.html is: options written inline)."""

from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"

# The template context of a value ({{ value }}): autoescaped, localized.
_CONTEXT = Context(autoescape=True)


def _shown(value) -> str:
    """{{ value }}"""
    return render_value_in_context(value, _CONTEXT)


def _as_string(value) -> str:
    """{{ value|stringformat:'s' }}: not localized; safe stays safe."""
    try:
        text = "%s" % (value,)  # noqa: UP031 (the filter's own formatting)
    except (ValueError, TypeError):
        return ""
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)


def attrs_html(attrs: dict) -> str:
    """attrs.html"""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_as_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict) -> str:
    """input.html, and each template that only includes it (text.html, hidden.html, ...)."""
    value = "" if widget["value"] is None else f' value="{_as_string(widget["value"])}"'
    attributes = attrs_html(widget["attrs"])
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{attributes}>'


def option_input_html(widget: dict) -> str:
    """input_option.html (radio_option.html, checkbox_option.html)."""
    tag = input_html(widget)
    if not widget.get("wrap_label"):
        return tag
    target = widget["attrs"].get("id")
    label_for = f' for="{_shown(target)}"' if target else ""
    # The include of input.html keeps that file's final newline.
    return f"<label{label_for}>{tag}\n {_shown(widget['label'])}</label>"


def select_html(widget: dict) -> str:
    """templates/django/forms/widgets/select.html (the project's: options inline)."""
    parts = [f'<select name="{_shown(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        parts.extend(
            f'\n  <option value="{_as_string(option["value"])}"{attrs_html(option["attrs"])}>'
            f"{_shown(option['label'])}</option>"
            for option in group_choices
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def textarea_html(widget: dict) -> str:
    """textarea.html"""
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{attrs_html(widget["attrs"])}>\n{value}</textarea>'


_INPUTS = ("checkbox", "color", "date", "datetime", "email", "hidden", "input", "number", "password")
_INPUTS += ("search", "tel", "text", "time", "url")

WRITERS = {
    **{f"{WIDGETS}{name}.html": input_html for name in _INPUTS},
    f"{WIDGETS}input_option.html": option_input_html,
    f"{WIDGETS}radio_option.html": option_input_html,
    f"{WIDGETS}checkbox_option.html": option_input_html,
    f"{WIDGETS}select.html": select_html,
    f"{WIDGETS}textarea.html": textarea_html,
}


def widget_html(template_name: str, context: dict) -> str | None:
    """The widget's markup, or None when its template is not one of these."""
    writer = WRITERS.get(template_name)
    if writer is None or "widget" not in context:
        return None
    return mark_safe(writer(context["widget"]))
