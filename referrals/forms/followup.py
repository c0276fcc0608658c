"""Forms after filing: review actions, hand-off, intake and consent, notes, filing."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from lead_ops.accounts.models import Agency, User
from lead_ops.accounts.roles import Role
from lead_ops.form_rendering import BootstrapFormMixin
from referrals.models import Intake, Review

from .filing import DateInput, DateTimeInput, local_now_input


class ReviewActionForm(BootstrapFormMixin, forms.Form):
    decision_id = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=Review.Action.choices)
    comment = forms.CharField(
        required=False,
        max_length=4000,
        label="Comment (needed to return or override)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HandOffForm(BootstrapFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(kind=Agency.Kind.CASE_MANAGEMENT), label="Case-management agency"
    )
    case_manager = forms.ModelChoiceField(
        queryset=User.objects.filter(groups__name=Role.CASE_MANAGER, is_active=True).select_related("agency"),
        required=False,
        label="Case manager (if known)",
    )
    called_at = forms.DateTimeField(label="Case manager called at", widget=DateTimeInput())
    arrived_at = forms.DateTimeField(required=False, label="Case manager arrived at", widget=DateTimeInput())

    def __init__(self, *args, referral=None, **kwargs):
        super().__init__(*args, **kwargs)
        called = referral.case_manager_called_at if referral is not None else None
        self.fields["called_at"].initial = (
            timezone.localtime(called).strftime("%Y-%m-%dT%H:%M") if called else local_now_input
        )
        self.fields["case_manager"].label_from_instance = lambda user: f"{user.get_full_name()} ({user.agency})"


class IntakeForm(BootstrapFormMixin, forms.Form):
    completed_at = forms.DateTimeField(label="Intake assessment completed at", widget=DateTimeInput())
    parties = forms.CharField(
        label="Parties who may share information (one per line)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    purpose = forms.CharField(
        max_length=300, initial="Coordinating LEAD case management and monitoring progress", label="Purpose"
    )
    signed_on = forms.DateField(label="Release signed on", widget=DateInput())
    expires_on = forms.DateField(label="Release expires on", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["completed_at"].initial = local_now_input
        self.fields["signed_on"].initial = today
        self.fields["expires_on"].initial = today + timedelta(days=365)


class NotesForm(BootstrapFormMixin, forms.Form):
    notes = forms.CharField(
        required=False, max_length=8000, label="Case notes", widget=forms.Textarea(attrs={"rows": 4})
    )


class ChargingDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=Intake.FilingDecision.choices, widget=forms.RadioSelect, label="Decision")
    note = forms.CharField(required=False, max_length=2000, label="Note", widget=forms.Textarea(attrs={"rows": 2}))
