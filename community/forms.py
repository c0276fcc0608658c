"""The community door's forms: they check the shape of input; the services
hold the rules (who, why, how to reach the referrer)."""

import re

from django import forms
from django.core.exceptions import ValidationError

from lead_ops.accounts.models import Agency
from lead_ops.form_fields import BoundedModelMultipleChoiceField
from lead_ops.form_rendering import BootstrapFormMixin

from .models import CommunityReferral, Concern, DeclineReason
from .services import CommunityReferralInput

PHONE = re.compile(r"^[0-9+()./ -]{7,40}$")
# Links are what spam carries; no answer here needs one.
LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)


def _no_links(value: str) -> str:
    if LINK.search(value or ""):
        raise ValidationError("Leave out web links: describe in words.")
    return value


class CommunityReferralForm(BootstrapFormMixin, forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    person_name = forms.CharField(max_length=150, required=False, label="Their name, if you know it")
    person_description = forms.CharField(
        max_length=1000,
        required=False,
        label="What they look like",
        help_text="Needed if you do not know the name: age, height, clothing, anything that helps outreach find them.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    usual_location = forms.CharField(max_length=200, label="Where they are usually found")
    concerns = BoundedModelMultipleChoiceField(
        queryset=Concern.objects.none(), widget=forms.CheckboxSelectMultiple, label="What you have seen"
    )
    concern_text = forms.CharField(
        max_length=2000, required=False, label="In your words (optional)", widget=forms.Textarea(attrs={"rows": 3})
    )
    urgency = forms.ChoiceField(
        choices=CommunityReferral.Urgency.choices,
        initial=CommunityReferral.Urgency.ROUTINE,
        widget=forms.RadioSelect,
        label="How soon should someone see them?",
    )
    contact_name = forms.CharField(max_length=150, label="Your name")
    contact_phone = forms.CharField(max_length=40, required=False, label="Your phone")
    contact_email = forms.EmailField(max_length=254, required=False, label="Your e-mail")

    def __init__(self, *args, referrer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerns"].queryset = Concern.objects.filter(is_active=True)
        self.fields["contact_phone"].widget.input_type = "tel"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        if referrer is not None and not self.is_bound:
            self.initial.setdefault("contact_name", referrer.get_full_name())
            self.initial.setdefault("contact_email", referrer.email)

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError("Enter a phone number: digits, spaces, +, - and brackets.")
        return phone

    def clean(self):
        data = super().clean()
        for name in ("person_name", "person_description", "usual_location", "concern_text", "contact_name"):
            try:
                _no_links(data.get(name, ""))
            except ValidationError as error:
                self.add_error(name, error)
        return data

    def details(self) -> CommunityReferralInput:
        data = self.cleaned_data
        return CommunityReferralInput(
            person_name=data["person_name"],
            person_description=data["person_description"],
            usual_location=data["usual_location"],
            concerns=tuple(data["concerns"]),
            concern_text=data["concern_text"],
            urgency=data["urgency"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
        )


class PublicRequestForm(CommunityReferralForm):
    """The same questions for someone without an account. `website` is a field
    no person sees (hidden by CSS, skipped by keyboard and screen reader):
    what fills it is a program, and nothing it sends is stored."""

    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["token"]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_from_a_program(self) -> bool:
        return bool(self.data.get("website"))


class NoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(max_length=2000, label="Note", widget=forms.Textarea(attrs={"rows": 2}))


class VerificationRequestForm(BootstrapFormMixin, forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.filter(kind=Agency.Kind.POLICE), label="Police agency")
    note = forms.CharField(
        max_length=1000, required=False, label="For the verifying officer", widget=forms.Textarea(attrs={"rows": 2})
    )


class DeclineForm(BootstrapFormMixin, forms.Form):
    reason = forms.ModelChoiceField(queryset=DeclineReason.objects.filter(is_active=True), label="Reason")
    note = forms.CharField(max_length=2000, required=False, label="Explain", widget=forms.Textarea(attrs={"rows": 2}))
