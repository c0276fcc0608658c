"""Forms for the training pages. They collect and clean input; the services
decide, and their refusals are shown beside the fields they name
(lead_ops.service_errors)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

from lead_ops.accounts.models import User
from lead_ops.accounts.roles import Role
from lead_ops.form_fields import BoundedModelMultipleChoiceField

from .materials import ACCEPT, ALLOWED_DESCRIPTION, max_bytes
from .models import Topic, TrainingSession
from .selectors import peer_trainer_candidates, peer_trainers_active


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("save", label))
    return helper


class PersonChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class SessionForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="E.g. “Harm reduction for North Bike Squad”.")
    held_on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hours = forms.DecimalField(
        max_digits=4,
        decimal_places=2,
        help_text="Length of the session, e.g. 1.5.",
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    place = forms.CharField(max_length=200, help_text="E.g. “West Precinct roll-call room”.")
    topics = BoundedModelMultipleChoiceField(
        queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    trainers = PersonChoiceField(
        label="Peer trainers",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Officers and sergeants flagged as peer trainers.",
    )
    outside_trainers = forms.CharField(
        max_length=300, required=False, help_text="Trainers from outside the department, if any."
    )
    materials = forms.FileField(
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=f"Optional: {ALLOWED_DESCRIPTION}, up to {{size}} MB.",
    )
    remove_materials = forms.BooleanField(required=False, label="Remove the current materials file")

    def __init__(self, *args, session: TrainingSession | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        current_topics = session.topics.all() if session else Topic.objects.none()
        current_trainers = session.trainers.all() if session else User.objects.none()
        self.fields["topics"].queryset = (
            Topic.objects.filter(is_active=True) | Topic.objects.filter(pk__in=current_topics)
        ).distinct()
        self.fields["trainers"].queryset = (
            (peer_trainers_active() | User.objects.filter(pk__in=current_trainers))
            .distinct()
            .order_by("last_name", "first_name")
        )
        if not self.fields["trainers"].queryset.exists():
            self.fields["trainers"].help_text = (
                "Nobody is flagged as a peer trainer yet: flag officers and sergeants under Peer trainers, "
                "or name an outside trainer below."
            )
        self.fields["materials"].help_text = self.fields["materials"].help_text.format(size=max_bytes() // 2**20)
        if session is None or not session.materials:
            del self.fields["remove_materials"]
        else:
            # The file's name is the uploader's text: the page shows it beside
            # the form, escaped, never in help text (crispy marks that safe).
            self.fields["materials"].help_text += " Uploading a file replaces the current one."
        self.helper = _helper("Save session")

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("remove_materials", None)
        return data


class AttendanceForm(forms.Form):
    """The checklist's ticks, kept in the order and number sent: a person sent
    twice must reach the service, which refuses it with a message."""

    attendees = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, candidates: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {person.pk: person for person in candidates}
        self.fields["attendees"].choices = [(pk, str(pk)) for pk in self.candidates]

    def clean_attendees(self) -> list[User]:
        raw = self.data.getlist("attendees") if hasattr(self.data, "getlist") else self.cleaned_data["attendees"]
        try:
            return [self.candidates[int(pk)] for pk in raw]
        except (KeyError, ValueError):
            raise ValidationError("Someone ticked is not on the checklist; reload the page and try again.") from None


class TopicForm(forms.Form):
    name = forms.CharField(max_length=150)
    code = forms.SlugField(
        max_length=50, help_text="Short, fixed name used in CSV imports: lower case, digits and hyphens."
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    refresher_months = forms.IntegerField(
        required=False,
        label="Refresher interval (months)",
        help_text="How long a completion stays current, e.g. 24. Leave empty if it never expires.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    required_roles = forms.MultipleChoiceField(
        required=False,
        label="Required of",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Everyone holding a ticked role must complete this topic and keep it current.",
    )
    is_active = forms.BooleanField(
        required=False, initial=True, label="Active", help_text="Retired topics stay in records but are not required."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save topic")


class PeerTrainerForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label="Officer or sergeant")
    note = forms.CharField(max_length=200, required=False, help_text="E.g. the topics they usually lead.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = peer_trainer_candidates().order_by("last_name", "first_name")
        self.fields["user"].label_from_instance = lambda user: user.display_name
        self.helper = _helper("Flag as peer trainer")


class RecordImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        help_text="Columns: badge_number, topic, completed_on (YYYY-MM-DD) and, optionally, note and agency. "
        "Up to 2 MB.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Preview")
