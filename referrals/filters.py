from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from lead_ops.accounts.models import Unit, User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.selectors import units_supervised_by
from lead_ops.form_rendering import BootstrapFormMixin
from lead_ops.search_limits import SEARCH_MAX_CHARACTERS, validate_search
from referrals.consent import HIDDEN_FILTER_REFUSAL, seen_as, status_choices_for
from referrals.models import Decision, Referral, ReferralRoute
from referrals.names import normalise


class DateInput(forms.DateInput):
    input_type = "date"


def _start_of_local_day(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class ReferralFilterForm(BootstrapFormMixin, forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            raise forms.ValidationError("The 'From' date is after the 'To' date.")
        return data


# The choices' querysets read only what their labels show (each model's __str__):
# each list page builds an object for every route, unit and officer it offers.
def _route_choices():
    return ReferralRoute.objects.only("name")


def _unit_choices(units):
    return units.only("name")


def _officer_choices(units, *, excluding=None):
    officers = User.objects.filter(unit__in=units.values("pk"))
    if excluding is not None:
        officers = officers.exclude(pk=excluding.pk)
    return officers.only("username", "first_name", "last_name", "badge_number").order_by("last_name", "first_name")


class ReferralFilter(django_filters.FilterSet):
    route = django_filters.ModelChoiceFilter(queryset=_route_choices(), empty_label="All routes")
    # Filtered on the stage the user may see (referrals.consent), not the stored one.
    status = django_filters.ChoiceFilter(choices=(), empty_label="Any status", method="filter_visible_status")
    submitted_from = django_filters.DateFilter(method="filter_submitted_from", label="From", widget=DateInput)
    submitted_to = django_filters.DateFilter(method="filter_submitted_to", label="To", widget=DateInput)
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.none(), empty_label="All units")
    officer = django_filters.ModelChoiceFilter(queryset=User.objects.none(), empty_label="All officers")

    class Meta:
        model = Referral
        fields = ["route", "status", "submitted_from", "submitted_to", "unit", "officer"]
        form = ReferralFilterForm

    # Days are the site's local days. Compared as a range of instants, not by
    # casting each row's time to a date, so the index on submitted_at serves it.
    def filter_submitted_from(self, queryset, name, value):
        return queryset.filter(submitted_at__gte=_start_of_local_day(value))

    def filter_submitted_to(self, queryset, name, value):
        return queryset.filter(submitted_at__lt=_start_of_local_day(value + timedelta(days=1)))

    def filter_visible_status(self, queryset, name, value):
        return seen_as(queryset, self.user, value)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["status"].extra.update(
            choices=status_choices_for(user), error_messages={"invalid_choice": HIDDEN_FILTER_REFUSAL}
        )
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
            self.filters["unit"].queryset = _unit_choices(units)
            self.filters["officer"].queryset = _officer_choices(units)


class ReviewQueueFilterForm(BootstrapFormMixin, forms.Form):
    pass


class WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ReviewQueueFilter(django_filters.FilterSet):
    """Narrows the sergeant's queue (referrals.selectors.review.review_queue_for);
    never widens it: every choice comes from the units the sergeant supervises."""

    q = django_filters.CharFilter(
        method="filter_search",
        label="Person or officer",
        max_length=SEARCH_MAX_CHARACTERS,
        validators=[validate_search],
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    route = django_filters.ModelChoiceFilter(queryset=_route_choices(), empty_label="All routes")
    outcome = django_filters.ChoiceFilter(
        field_name="current_decision__outcome",
        label="Decision",
        choices=Decision.Outcome.choices,
        empty_label="Divert or not",
    )
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.none(), empty_label="All units")
    officer = django_filters.ModelChoiceFilter(queryset=User.objects.none(), empty_label="All officers")
    waiting_days = WholeNumberFilter(
        method="filter_waiting_days",
        label="Waiting more than (days)",
        min_value=0,
        max_value=365,
        widget=forms.NumberInput(attrs={"min": 0, "max": 365, "step": 1, "inputmode": "numeric"}),
    )

    class Meta:
        model = Referral
        fields = ["q", "route", "outcome", "unit", "officer", "waiting_days"]
        form = ReviewQueueFilterForm

    def __init__(self, *args, sergeant, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_supervised_by(sergeant)
        self.filters["unit"].queryset = _unit_choices(units)
        self.filters["officer"].queryset = _officer_choices(units, excluding=sergeant)

    def filter_search(self, queryset, name, value):
        # Every word must name the person (names, aliases, identifiers, as
        # normalised for person search) or the officer (name or badge).
        for word in value.split():
            names_person = Q()
            for part in normalise(word).split():
                names_person &= Q(person__search_text__contains=part)
            queryset = queryset.filter(
                (names_person if names_person else Q(pk__in=[]))
                | Q(officer__first_name__icontains=word)
                | Q(officer__last_name__icontains=word)
                | Q(officer__badge_number__iexact=word)
            )
        return queryset

    def filter_waiting_days(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(submitted_at__lt=timezone.now() - timedelta(days=value))
