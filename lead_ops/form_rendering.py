"""Lean Bootstrap 5 rendering for forms on hot paths (the referral form).

crispy-bootstrap5 renders each field through several large templates; on a
30-field form that was most of the request's time. These forms render each
field with one small template (templates/forms/field.html) and give widgets
their Bootstrap classes and ARIA attributes here, with the same accessible
markup: a label or legend per field, errors and help tied to the input by
aria-describedby, aria-invalid on fields in error."""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

from lead_ops.widget_html import widget_html

_CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _bootstrap_class(widget) -> str:
    if isinstance(widget, (*_CHOICE_LISTS, forms.CheckboxInput)):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class BootstrapBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        classes = [widget.attrs.get("class", ""), _bootstrap_class(widget)]
        if self.errors:
            classes.append("is-invalid")
            described = [part for part in [attrs.get("aria-describedby", ""), f"{self.auto_id}_error"] if part]
            attrs["aria-describedby"] = " ".join(described)
        attrs["class"] = " ".join(c for c in classes if c)
        return attrs

    @property
    def is_choice_list(self) -> bool:
        return isinstance(self.field.widget, _CHOICE_LISTS)

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)


class LeadFormRenderer(TemplatesSetting):
    """The site's form renderer (FORM_RENDERER): Django's widget templates are
    written in Python (lead_ops/widget_html.py), every other template as set."""

    def render(self, template_name, context, request=None):
        html = widget_html(template_name, context)
        return html if html is not None else super().render(template_name, context, request)


class BootstrapFormRenderer(LeadFormRenderer):
    field_template_name = "forms/field.html"


class BootstrapFormMixin:
    bound_field_class = BootstrapBoundField
    default_renderer = BootstrapFormRenderer()
