import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from .models import Topic, TrainingSession


class SessionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Title or place", method="filter_text")
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.all(), label="Topic", empty_label="Any topic"
    )
    held_after = django_filters.DateFilter(
        field_name="held_on", lookup_expr="gte", label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    held_before = django_filters.DateFilter(
        field_name="held_on", lookup_expr="lte", label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    peer_led = django_filters.BooleanFilter(
        label="Led by peers",
        method="filter_peer_led",
        widget=forms.Select(choices=[("", "Any"), ("true", "Peer-led only"), ("false", "Without peer trainers")]),
    )

    class Meta:
        model = TrainingSession
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value))

    def filter_peer_led(self, queryset, name, value):
        led = Exists(TrainingSession.trainers.through.objects.filter(trainingsession_id=OuterRef("pk")))
        return queryset.filter(led) if value else queryset.exclude(led)
