from django import forms

from lead_ops.accounts.models import User
from lead_ops.form_rendering import BootstrapFormMixin


class NotificationDeliveryForm(BootstrapFormMixin, forms.Form):
    delivery = forms.ChoiceField(
        label="E-mail me",
        choices=User.NotificationDelivery.choices,
        widget=forms.RadioSelect,
        help_text="This page lists every notice either way.",
    )


class NoticeGroupForm(forms.Form):
    """Which group of notices: a kind on a local day (query string or post)."""

    kind = forms.CharField(max_length=40)
    day = forms.DateField()
