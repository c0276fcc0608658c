import django_filters
from django import forms

from lead_ops.accounts.models import Unit, User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.selectors import units_supervised_by
from referrals.models import Referral, ReferralRoute


class DateInput(forms.DateInput):
    input_type = "date"


class ReferralFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            raise forms.ValidationError("The 'From' date is after the 'To' date.")
        return data


class ReferralFilter(django_filters.FilterSet):
    route = django_filters.ModelChoiceFilter(queryset=ReferralRoute.objects.all(), empty_label="All routes")
    status = django_filters.ChoiceFilter(choices=Referral.Status.choices, empty_label="Any status")
    submitted_from = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__gte", label="From", widget=DateInput
    )
    submitted_to = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__lte", label="To", widget=DateInput
    )
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.none(), empty_label="All units")
    officer = django_filters.ModelChoiceFilter(queryset=User.objects.none(), empty_label="All officers")

    class Meta:
        model = Referral
        fields = ["route", "status", "submitted_from", "submitted_to", "unit", "officer"]
        form = ReferralFilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only units and officers the user may look at are offered.
        if user.has_role(Role.ADMINISTRATOR):
            units = Unit.objects.all()
        elif user.has_role(Role.SERGEANT):
            units = units_supervised_by(user)
        else:
            units = None
        if units is None:
            del self.filters["unit"]
            del self.filters["officer"]
        else:
            self.filters["unit"].queryset = units
            self.filters["officer"].queryset = User.objects.filter(unit__in=units.values("pk")).order_by(
                "last_name", "first_name"
            )
