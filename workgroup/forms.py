"""Forms of the workgroup app, rendered by the project's lean Bootstrap renderer."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from lead_ops.accounts.models import User
from lead_ops.form_rendering import BootstrapFormMixin
from lead_ops.protocol.models import ProtocolVersion
from referrals.forms.filing import DateInput

from .models import ActionItem, AgendaItem, MemberRole, OperationalIssue, Workgroup


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class IssueForm(BootstrapFormMixin, forms.Form):
    what_happened = forms.CharField(
        label="What happened?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What got in the way, or what went wrong. Please leave out names of people you referred.",
        error_messages={"required": "Say what happened: the issue cannot be empty."},
    )
    location = forms.CharField(
        label="Where? (optional)",
        max_length=200,
        required=False,
        help_text="A beat, a place, or a step of the process.",
    )
    suggestion = forms.CharField(
        label="What would fix it? (optional)", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_what_happened(self):
        text = self.cleaned_data["what_happened"].strip()
        if not text:
            raise forms.ValidationError("Say what happened: the issue cannot be empty.")
        return text


class IssueUpdateForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(choices=OperationalIssue.Status.choices, label="Status")
    resolution = forms.CharField(
        label="Resolution",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to resolve an issue or close it as won't fix; the officer who raised it sees this.",
    )
    protocol_version = forms.ModelChoiceField(
        queryset=ProtocolVersion.objects.order_by("-number"),
        required=False,
        label="Protocol version it led to",
    )
    workgroup = forms.ModelChoiceField(queryset=Workgroup.objects.filter(is_active=True), required=False)


class MeetingForm(BootstrapFormMixin, forms.Form):
    workgroup = forms.ModelChoiceField(queryset=Workgroup.objects.none())
    date = forms.DateField(widget=DateInput())
    start_time = forms.TimeField(label="Starts at", widget=TimeInput())
    end_time = forms.TimeField(label="Ends at", widget=TimeInput())
    place = forms.CharField(max_length=200)

    def __init__(self, *args, workgroups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workgroup"].queryset = workgroups if workgroups is not None else Workgroup.objects.none()
        if workgroups is not None and len(workgroups) == 1:
            self.fields["workgroup"].initial = workgroups[0].pk
            self.fields["place"].initial = workgroups[0].default_place

    def clean(self):
        data = super().clean()
        if {"date", "start_time", "end_time"} <= data.keys():
            data["starts_at"] = timezone.make_aware(datetime.combine(data["date"], data["start_time"]))
            data["ends_at"] = timezone.make_aware(datetime.combine(data["date"], data["end_time"]))
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", "The meeting must end after it starts.")
        return data


class SeriesForm(BootstrapFormMixin, forms.Form):
    workgroup = forms.ModelChoiceField(queryset=Workgroup.objects.none())
    first_meeting_on = forms.DateField(label="First meeting", widget=DateInput())
    start_time = forms.TimeField(label="Starts at", widget=TimeInput())
    duration_minutes = forms.IntegerField(label="Length (minutes)", min_value=15, max_value=480, initial=90)
    interval_weeks = forms.IntegerField(label="Every how many weeks", min_value=1, max_value=8, initial=2)
    place = forms.CharField(max_length=200)
    ends_on = forms.DateField(label="Last day (optional)", required=False, widget=DateInput())

    def __init__(self, *args, workgroups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workgroup"].queryset = workgroups if workgroups is not None else Workgroup.objects.none()


class AgendaItemForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=AgendaItem.Kind.choices, label="Kind")
    title = forms.CharField(max_length=200, required=False, help_text="Left empty, it is taken from what you link.")
    detail = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    issue = forms.ModelChoiceField(queryset=OperationalIssue.objects.none(), required=False, label="Operational issue")
    referral_number = forms.IntegerField(
        required=False, min_value=1, label="Referral number", help_text="For a participant case conference."
    )
    protocol_version = forms.ModelChoiceField(
        queryset=ProtocolVersion.objects.order_by("-number"), required=False, label="Protocol version"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = OperationalIssue.objects.exclude(
            status__in=OperationalIssue.CLOSED_STATUSES
        ).order_by("-created_at")
        self.fields["issue"].label_from_instance = lambda issue: f"Issue {issue.pk}: {issue.title}"


class AgendaBuildForm(forms.Form):
    keep = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(p.key, p.title) for p in proposals]


class MinutesForm(forms.Form):
    """One text area per agenda item the writer may see."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            if row.restricted:
                continue
            self.fields[f"item_{row.item.pk}"] = forms.CharField(
                required=False,
                max_length=8000,
                label=f"{row.item.position}. {row.item.title}",
                initial=row.item.minutes,
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            )

    def minutes(self) -> dict[int, str]:
        return {int(name.removeprefix("item_")): value for name, value in self.cleaned_data.items()}


class AttendanceForm(forms.Form):
    """A row per member (present? which seat?), and room for one guest."""

    def __init__(self, *args, members=(), recorded=(), **kwargs):
        super().__init__(*args, **kwargs)
        present = {row.user_id: row.role for row in recorded}
        self.people, self.usual_seat = {}, {}
        for membership in members:
            user = membership.user
            self.people[user.pk] = user
            self.fields[f"present_{user.pk}"] = forms.BooleanField(
                required=False, initial=user.pk in present, label=user.get_full_name() or user.username
            )
            self.fields[f"role_{user.pk}"] = forms.ChoiceField(
                choices=MemberRole.choices, initial=present.get(user.pk, membership.role), label="Seat", required=False
            )
            self.usual_seat[user.pk] = membership.role
        for row in recorded:
            if row.user_id not in self.people:
                self.people[row.user_id] = row.user
                self.fields[f"present_{row.user_id}"] = forms.BooleanField(
                    required=False, initial=True, label=row.user.get_full_name() or row.user.username
                )
                self.fields[f"role_{row.user_id}"] = forms.ChoiceField(
                    choices=MemberRole.choices, initial=row.role, label="Seat", required=False
                )
                self.usual_seat[row.user_id] = row.role
        self.fields["guest"] = forms.ModelChoiceField(
            queryset=User.objects.filter(is_active=True)
            .exclude(pk__in=self.people)
            .order_by("last_name", "first_name", "pk"),
            required=False,
            label="Someone else who came",
        )
        self.fields["guest_role"] = forms.ChoiceField(
            choices=MemberRole.choices, initial=MemberRole.OTHER, label="Their seat"
        )

    def rows(self):
        return [(self[f"present_{pk}"], self[f"role_{pk}"]) for pk in self.people]

    def attendees(self) -> list[tuple]:
        data = self.cleaned_data
        chosen = [
            (self.people[pk], data.get(f"role_{pk}") or self.usual_seat[pk])
            for pk in self.people
            if data.get(f"present_{pk}")
        ]
        if data.get("guest"):
            chosen.append((data["guest"], data["guest_role"]))
        return chosen


class AddendumForm(BootstrapFormMixin, forms.Form):
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, label="About item", empty_label="The meeting as a whole"
    )
    text = forms.CharField(
        label="Correction",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the correction."},
    )

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        visible = [row.item.pk for row in rows if not row.restricted]
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(pk__in=visible).order_by("position")
        self.fields["agenda_item"].label_from_instance = lambda item: f"{item.position}. {item.title}"


class ActionItemForm(BootstrapFormMixin, forms.Form):
    description = forms.CharField(max_length=500, label="What is to be done")
    owner = forms.ModelChoiceField(queryset=User.objects.none(), label="Owner")
    due_on = forms.DateField(label="Due", widget=DateInput())
    meeting = forms.ModelChoiceField(queryset=None, required=False, label="Agreed at meeting")
    issue = forms.ModelChoiceField(queryset=OperationalIssue.objects.none(), required=False, label="About issue")

    def __init__(self, *args, workgroup, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.workgroup = workgroup
        self.fields["owner"].queryset = User.objects.filter(
            workgroup_memberships__workgroup=workgroup, workgroup_memberships__is_active=True, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.username
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: f"{timezone.localtime(m.starts_at):%Y-%m-%d %H:%M}"
        self.fields["issue"].queryset = OperationalIssue.objects.exclude(
            status__in=OperationalIssue.CLOSED_STATUSES
        ).order_by("-created_at")
        self.fields["issue"].label_from_instance = lambda issue: f"Issue {issue.pk}: {issue.title}"
        self.fields["due_on"].initial = timezone.localdate() + timedelta(days=14)


class ActionStatusForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices, label="Status")
