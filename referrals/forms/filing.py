"""The referral form. One form for every route: the route's flags decide which
sections it asks, and the protocol version's exclusion criteria become its
screening checklist, so neither routes nor criteria are written into code."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from lead_ops.accounts.agencies import incident_number_format
from lead_ops.accounts.models import Precinct
from lead_ops.form_fields import BoundedModelMultipleChoiceField
from lead_ops.form_rendering import BootstrapFormMixin
from referrals import eligibility
from referrals.models import Decision, DecisionReason, EligibilityCriterion, Person, Referral
from referrals.models.protocol import DrugType
from referrals.models.referral import MAX_QUANTITY_GRAMS
from referrals.selectors.criteria import criterion_value, exclusion_questions, offenses_for_agency
from referrals.selectors.people import people_visible_to, person_likely_duplicates
from referrals.services import DecisionInput, PersonInput, ReferralAnswers, screen

CLOCK_SKEW = timedelta(minutes=5)
OLDEST_CONTACT = timedelta(days=365)
YES_NO = [("yes", "Yes"), ("no", "No")]


def local_now_input() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PersonFieldsForm(BootstrapFormMixin, forms.Form):
    """The person section: pick someone on record, or describe a new person."""

    person = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, widget=forms.HiddenInput)
    first_name = forms.CharField(max_length=100, required=False, label="First name")
    last_name = forms.CharField(max_length=100, required=False, label="Last name")
    date_of_birth = forms.DateField(required=False, label="Date of birth", widget=DateInput())
    middle_name = forms.CharField(max_length=100, required=False, label="Middle name")
    race = forms.ChoiceField(choices=Person.Race.choices, initial=Person.Race.NOT_RECORDED, required=False)
    ethnicity = forms.ChoiceField(
        choices=Person.Ethnicity.choices, initial=Person.Ethnicity.NOT_RECORDED, required=False
    )
    sex = forms.ChoiceField(choices=Person.Sex.choices, initial=Person.Sex.NOT_RECORDED, required=False)
    not_a_duplicate = forms.BooleanField(required=False, label="None of these is the person: create a new record")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.likely_duplicates: list[Person] = []
        self.fields["person"].queryset = people_visible_to(user)
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "autocapitalize": "words"})
        for name in ("first_name", "last_name", "date_of_birth"):
            # Needed unless a person on record is picked: marked as required.
            self.fields[name].required_unless_chosen = True


class ReferralForm(PersonFieldsForm):
    token = forms.UUIDField(widget=forms.HiddenInput)

    # When and where.
    occurred_at = forms.DateTimeField(label="Date and time of contact", widget=DateTimeInput())
    precinct = forms.ModelChoiceField(queryset=Precinct.objects.all(), required=False)
    beat = forms.CharField(max_length=20, required=False)
    location_text = forms.CharField(max_length=200, required=False, label="Address or location")

    narrative = forms.CharField(
        max_length=4000, required=False, label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 3})
    )
    not_divert_reasons = BoundedModelMultipleChoiceField(
        queryset=DecisionReason.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Reasons for not diverting",
    )
    decision_narrative = forms.CharField(
        max_length=4000,
        required=False,
        label="Explain the decision",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.ChoiceField(choices=[(c.value, c.value) for c in eligibility.Choice], required=False)

    def __init__(self, *args, user, route, version, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.route, self.version = route, version
        self.agency = user.police_agency
        self.agency_id = self.agency.pk if self.agency else None
        self.incident_number_format = incident_number_format(self.agency)
        self.result: eligibility.Result | None = None
        if self.agency is not None:
            self.fields["precinct"].queryset = Precinct.objects.filter(agency=self.agency)
        self.fields["not_divert_reasons"].queryset = DecisionReason.objects.filter(
            applies_to=DecisionReason.AppliesTo.NOT_DIVERT, is_active=True
        )
        self.fields["occurred_at"].initial = local_now_input
        if user.unit_id:
            self.fields["precinct"].initial = user.unit.precinct_id
        if route.asks_arrest_details:
            self._add_arrest_fields()
        if route.asks_prior_activity:
            self._add_prior_activity_fields()
        self.exclusions = exclusion_questions(version, route, self.agency_id)
        for criterion in self.exclusions:
            self.fields[self.exclusion_field(criterion.code)] = forms.BooleanField(
                required=False, label=criterion.question
            )
        if self.exclusions:
            self.fields["none_apply"] = forms.BooleanField(required=False, label="None of these apply")

    @classmethod
    def initial_from(cls, referral: Referral, exclusions) -> dict:
        """The form as the officer filled it, for a correction after a return."""
        local = timezone.localtime
        initial = {
            "token": referral.client_token,
            "person": referral.person_id,
            "occurred_at": local(referral.occurred_at).strftime("%Y-%m-%dT%H:%M"),
            "precinct": referral.precinct_id,
            "beat": referral.beat,
            "location_text": referral.location_text,
            "incident_number": referral.incident_number,
            "offenses": [offense.pk for offense in referral.offenses.all()],
            "drug_type": referral.drug_type,
            "quantity_grams": referral.quantity_grams,
            "conversation_led_by": referral.conversation_led_by,
            "prior_activity_verification": referral.prior_activity_verification,
            "prior_activity_reported_by": referral.prior_activity_reported_by,
            "prior_activity_date": referral.prior_activity_date,
            "narrative": referral.narrative,
        }
        if referral.case_manager_called_at:
            initial["case_manager_called_at"] = local(referral.case_manager_called_at).strftime("%Y-%m-%dT%H:%M")
        if referral.prior_activity_in_area is not None:
            initial["prior_activity_in_area"] = "yes" if referral.prior_activity_in_area else "no"
        answered = referral.screening_answers
        for criterion in exclusions:
            initial[cls.exclusion_field(criterion.code)] = bool(answered.get(criterion.code))
        initial["none_apply"] = bool(answered) and not any(answered.values())
        return initial

    @staticmethod
    def exclusion_field(code: str) -> str:
        return f"exclusion_{code}"

    def _add_arrest_fields(self):
        example = self.incident_number_format.example
        self.fields["incident_number"] = forms.CharField(
            max_length=30, label="Incident / report number", help_text=f"For example {example}"
        )
        self.fields["offenses"] = BoundedModelMultipleChoiceField(
            queryset=offenses_for_agency(self.agency_id),
            widget=forms.CheckboxSelectMultiple,
            label="Offense(s)",
        )
        self.fields["drug_type"] = forms.ChoiceField(
            choices=[("", "No drug involved"), *DrugType.choices], required=False, label="Drug"
        )
        self.fields["quantity_grams"] = forms.DecimalField(
            required=False,
            min_value=0,
            max_digits=7,
            decimal_places=3,
            label="Quantity (grams)",
            widget=forms.NumberInput(attrs={"step": "0.001", "inputmode": "decimal"}),
        )
        self.fields["conversation_led_by"] = forms.ChoiceField(
            choices=Referral.ConversationLead.choices,
            initial=Referral.ConversationLead.OFFICER,
            widget=forms.RadioSelect,
            label="Who offered LEAD to the person",
        )
        self.fields["case_manager_called_at"] = forms.DateTimeField(
            required=False, label="Case manager called at", widget=DateTimeInput()
        )

    def _add_prior_activity_fields(self):
        months = self.lookback_months
        self.fields["prior_activity_verification"] = forms.ChoiceField(
            choices=Referral.Verification.choices,
            widget=forms.RadioSelect,
            label="How was prior drug or prostitution activity verified?",
        )
        self.fields["prior_activity_reported_by"] = forms.CharField(
            max_length=150, required=False, label="Reported by (for a reliable report)"
        )
        self.fields["prior_activity_date"] = forms.DateField(
            label="Date of that activity",
            widget=DateInput(),
            help_text=f"Must be within the last {months} months." if months else "",
        )
        self.fields["prior_activity_in_area"] = forms.ChoiceField(
            choices=YES_NO, widget=forms.RadioSelect, label="Was it inside the LEAD area?"
        )

    @property
    def lookback_months(self) -> int | None:
        return criterion_value(
            self.version,
            self.route,
            EligibilityCriterion.Kind.PRIOR_ACTIVITY_LOOKBACK,
            "lookback_months",
            self.agency_id,
        )

    @property
    def minimum_age(self) -> int | None:
        return criterion_value(
            self.version, self.route, EligibilityCriterion.Kind.MINIMUM_AGE, "minimum_age", self.agency_id
        )

    @property
    def exclusion_fields(self):
        return [self[self.exclusion_field(c.code)] for c in self.exclusions]

    # --- field checks -------------------------------------------------------------

    def clean_occurred_at(self):
        occurred = self.cleaned_data["occurred_at"]
        now = timezone.now()
        if occurred > now + CLOCK_SKEW:
            raise ValidationError("The contact cannot be in the future.")
        if occurred < now - OLDEST_CONTACT:
            raise ValidationError("The contact was more than a year ago; check the date.")
        return occurred

    def clean_date_of_birth(self):
        # Only the shape of a date of birth; whether the person is old enough is
        # the screening engine's to judge, on the day of contact.
        born = self.cleaned_data.get("date_of_birth")
        if born is None:
            return born
        today = timezone.localdate()
        if born > today:
            raise ValidationError("Date of birth cannot be in the future.")
        age = eligibility.age_on(born, today)
        if age > Person.OLDEST_AGE:
            raise ValidationError(f"This date of birth makes the person {age}; check the year.")
        return born

    def clean_incident_number(self):
        number = self.cleaned_data["incident_number"].strip().upper()
        if not self.incident_number_format.accepts(number):
            raise ValidationError(self.incident_number_format.refusal)
        return number

    def clean_quantity_grams(self):
        quantity = self.cleaned_data.get("quantity_grams")
        if quantity is not None and quantity > MAX_QUANTITY_GRAMS:
            raise ValidationError(f"More than {MAX_QUANTITY_GRAMS:,} g is not a personal quantity; check the unit.")
        return quantity

    def clean_case_manager_called_at(self):
        called = self.cleaned_data.get("case_manager_called_at")
        if called and called > timezone.now() + CLOCK_SKEW:
            raise ValidationError("The call cannot be in the future.")
        return called

    def clean_prior_activity_date(self):
        # Only the shape; whether it falls inside the lookback is the engine's to judge.
        seen = self.cleaned_data["prior_activity_date"]
        if seen > timezone.localdate():
            raise ValidationError("The activity cannot be in the future.")
        return seen

    # --- the whole form ------------------------------------------------------------

    def clean(self):
        data = super().clean()
        self._clean_person(data)
        self._clean_route_details(data)
        self._clean_screening(data)
        if not self.errors:
            self.result = self.screen()
            self._add_problems(data, eligibility.decision_problems(self.result, self.decision_answers(data)))
        return data

    def _clean_person(self, data):
        if data.get("person"):
            return
        for name in ("first_name", "last_name", "date_of_birth"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, "Required, or pick the person from the matches.")
        if self.errors or data.get("not_a_duplicate"):
            return
        self.likely_duplicates = person_likely_duplicates(
            user=self.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
        )
        if self.likely_duplicates:
            self.add_error(
                "not_a_duplicate",
                "This may be someone already on record: pick them, or confirm that none of them is this person.",
            )

    def _clean_route_details(self, data):
        if self.route.asks_prior_activity:
            reliable = data.get("prior_activity_verification") == Referral.Verification.RELIABLE_REPORT
            if reliable and not data.get("prior_activity_reported_by", "").strip():
                self.add_error("prior_activity_reported_by", "Say who made the report.")
            seen, occurred = data.get("prior_activity_date"), data.get("occurred_at")
            if seen and occurred and seen > timezone.localdate(occurred):
                self.add_error("prior_activity_date", "The activity must be on or before the day of contact.")

    def _clean_screening(self, data):
        checked = [c for c in self.exclusions if data.get(self.exclusion_field(c.code))]
        if checked and data.get("none_apply"):
            self.add_error("none_apply", "You checked an exclusion and also 'none of these apply'.")

    def _add_problems(self, data, problems: list[eligibility.Problem]):
        """Put the engine's problems where the officer will look for them."""
        for problem in problems:
            field = self._field_for(problem, data)
            if field == "none_apply":
                message = "Check the ones that apply, or confirm that none of them apply."
                if message in self.errors.get(field, []):
                    continue
            else:
                message = problem.message
            self.add_error(field, message)

    def _field_for(self, problem: eligibility.Problem, data) -> str | None:
        kind = EligibilityCriterion.Kind
        field = {
            "reasons": "not_divert_reasons",
            "narrative": "decision_narrative",
            kind.EXCLUSION: "none_apply",
            kind.OFFENSE_ALLOWED: "offenses",
            kind.QUANTITY_LIMIT: "quantity_grams" if data.get("drug_type") else "drug_type",
            kind.MINIMUM_AGE: "date_of_birth",
            kind.PRIOR_ACTIVITY_LOOKBACK: "prior_activity_in_area"
            if not data.get("prior_activity_in_area")
            else "prior_activity_date",
        }.get(problem.kind or problem.about)
        return field if field in self.fields else None

    # --- what the services take -------------------------------------------------------

    def exclusion_answers(self, data=None) -> dict[str, bool | None]:
        data = self.cleaned_data if data is None else data
        confirmed_none = bool(data.get("none_apply"))
        answers = {}
        for criterion in self.exclusions:
            checked = bool(data.get(self.exclusion_field(criterion.code)))
            answers[criterion.code] = True if checked else (False if confirmed_none else None)
        if any(answers.values()):
            # Checking one is an answer to the whole list: the others do not apply.
            answers = {code: bool(value) for code, value in answers.items()}
        return answers

    def answers(self, data=None) -> ReferralAnswers:
        data = self.cleaned_data if data is None else data
        in_area = data.get("prior_activity_in_area")
        return ReferralAnswers(
            occurred_at=data.get("occurred_at") or timezone.now(),
            precinct=data.get("precinct"),
            beat=data.get("beat", ""),
            location_text=data.get("location_text", ""),
            incident_number=data.get("incident_number", ""),
            offenses=tuple(data.get("offenses") or ()),
            drug_type=data.get("drug_type", ""),
            quantity_grams=data.get("quantity_grams"),
            conversation_led_by=data.get("conversation_led_by", ""),
            case_manager_called_at=data.get("case_manager_called_at"),
            prior_activity_verification=data.get("prior_activity_verification", ""),
            prior_activity_reported_by=data.get("prior_activity_reported_by", ""),
            prior_activity_date=data.get("prior_activity_date"),
            prior_activity_in_area=None if not in_area else in_area == "yes",
            exclusions=self.exclusion_answers(data),
            narrative=data.get("narrative", ""),
        )

    def person_input(self) -> Person | PersonInput:
        data = self.cleaned_data
        if data.get("person"):
            return data["person"]
        return PersonInput(
            first_name=data["first_name"],
            last_name=data["last_name"],
            middle_name=data.get("middle_name", ""),
            date_of_birth=data["date_of_birth"],
            race=data.get("race") or Person.Race.NOT_RECORDED,
            ethnicity=data.get("ethnicity") or Person.Ethnicity.NOT_RECORDED,
            sex=data.get("sex") or Person.Sex.NOT_RECORDED,
        )

    def decision_answers(self, data=None) -> eligibility.DecisionAnswers:
        data = self.cleaned_data if data is None else data
        reasons = data.get("not_divert_reasons") or ()
        return eligibility.DecisionAnswers(
            choice=data.get("decision") or "",
            reasons_given=bool(reasons),
            narrative_required=any(reason.requires_narrative for reason in reasons),
            narrative=data.get("decision_narrative", ""),
        )

    def decision_input(self) -> DecisionInput | None:
        """The decision as the engine will record it (None: screened not eligible)."""
        recorded = eligibility.recorded_as(self.result or self.screen(), self.cleaned_data.get("decision") or "")
        if recorded == eligibility.Choice.DIVERT:
            return DecisionInput(outcome=Decision.Outcome.DIVERT)
        if recorded == eligibility.Choice.NOT_DIVERT:
            return DecisionInput(
                outcome=Decision.Outcome.NOT_DIVERT,
                reasons=tuple(self.cleaned_data.get("not_divert_reasons") or ()),
                narrative=self.cleaned_data.get("decision_narrative", ""),
            )
        return None

    def submission(self) -> dict:
        """What referral_submit takes from a valid form, besides the officer and the token."""
        return {
            "route": self.route,
            "person": self.person_input(),
            "answers": self.answers(),
            "decision": self.decision_input(),
            "screening": self.screening,
        }

    def screen(self, data=None) -> eligibility.Result:
        """Screen what has been answered so far (for the live panel) or all of it."""
        data = self.cleaned_data if data is None else data
        person = data.get("person")
        born = person.date_of_birth if person else data.get("date_of_birth")
        self.screening = screen(
            route=self.route,
            answers=self.answers(data),
            date_of_birth=born,
            agency_id=self.agency_id,
            version=self.version,
        )
        return self.screening.result

    def screen_partial(self) -> eligibility.Result:
        """For the live panel: the form need not be valid; unanswered is unanswered."""
        self.is_valid()
        return self.screen(self.cleaned_data)
