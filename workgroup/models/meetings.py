"""The operational workgroup and its meetings: who sits in it, when it meets,
what it discusses, who came, and the minutes it approved.

Core principles for the policing role: line officers and sergeants sit in the
Operational Workgroup alongside case managers and prosecutors, and periodic
review with officers finds and fixes operational issues."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from lead_ops.accounts.models import Precinct
from lead_ops.protocol.models import ProtocolVersion


class MemberRole(models.TextChoices):
    """The seat someone takes in the workgroup (and at a meeting)."""

    OFFICER = "officer", "Line officer"
    SERGEANT = "sergeant", "Sergeant"
    CASE_MANAGER = "case_manager", "Case manager"
    PROSECUTOR = "prosecutor", "Prosecutor"
    DEFENDER = "defender", "Public defender"
    COMMUNITY = "community", "Community representative"
    COORDINATOR = "coordinator", "Coordinator"
    OTHER = "other", "Other / guest"


POLICE_SEATS = (MemberRole.OFFICER, MemberRole.SERGEANT)


class Workgroup(models.Model):
    name = models.CharField(max_length=150, unique=True)
    precinct = models.ForeignKey(
        Precinct,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workgroups",
        help_text="Empty for a site-wide workgroup.",
    )
    default_place = models.CharField(max_length=200, blank=True, help_text="Where meetings usually happen.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    workgroup = models.ForeignKey(Workgroup, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workgroup_memberships")
    role = models.CharField(max_length=16, choices=MemberRole.choices)
    is_active = models.BooleanField(default=True)
    joined_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["workgroup", "role", "user__last_name"]
        constraints = [models.UniqueConstraint(fields=["workgroup", "user"], name="workgroup_one_membership_per_user")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.workgroup})"


class MeetingSeries(models.Model):
    """A regular meeting (every other week by default: Santa Fe's rhythm). A daily
    task turns it into meetings up to LEAD_MEETING_HORIZON_WEEKS ahead."""

    workgroup = models.ForeignKey(Workgroup, on_delete=models.PROTECT, related_name="series")
    first_meeting_on = models.DateField(help_text="The first meeting; later ones fall on the same weekday.")
    start_time = models.TimeField(help_text="Local time (the site's time zone).")
    duration_minutes = models.PositiveSmallIntegerField(
        default=90, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    interval_weeks = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(8)], help_text="Weeks between meetings."
    )
    place = models.CharField(max_length=200)
    ends_on = models.DateField(null=True, blank=True, help_text="No meetings after this day; empty: open-ended.")
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workgroup", "first_meeting_on"]
        verbose_name_plural = "meeting series"

    def __str__(self):
        weeks = "week" if self.interval_weeks == 1 else f"{self.interval_weeks} weeks"
        return f"{self.workgroup}: every {weeks} from {self.first_meeting_on:%Y-%m-%d} at {self.start_time:%H:%M}"


class Meeting(models.Model):
    workgroup = models.ForeignKey(Workgroup, on_delete=models.PROTECT, related_name="meetings")
    series = models.ForeignKey(MeetingSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings")
    series_date = models.DateField(null=True, blank=True, help_text="The series occurrence this meeting is.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    is_cancelled = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0, help_text="Bumped when the time or place changes (iCalendar).")
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agenda_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the agenda went to every member; the distribution task's marker."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["workgroup", "starts_at"], name="meeting_workgroup_time_idx")]
        constraints = [
            models.UniqueConstraint(fields=["series", "series_date"], name="meeting_one_per_series_date"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.workgroup}: {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("workgroup:meeting", args=[self.pk])

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_approved_at is not None

    @property
    def local_date(self):
        return timezone.localdate(self.starts_at)

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        OPERATIONAL_ISSUE = "operational_issue", "Operational issue"
        CASE_CONFERENCE = "case_conference", "Participant case conference"
        PROTOCOL_CHANGE = "protocol_change", "Protocol change"
        REPORT_REVIEW = "report_review", "Report review"
        OTHER = "other", "Other"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=24, choices=Kind.choices)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True, max_length=2000)
    issue = models.ForeignKey(
        "OperationalIssue", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Participant case conferences only. Shown only to those allowed to see the referral.",
    )
    protocol_version = models.ForeignKey(
        ProtocolVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action_item = models.ForeignKey(
        "ActionItem", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    minutes = models.TextField(blank=True, max_length=8000)
    minutes_updated_at = models.DateTimeField(null=True, blank=True)
    minutes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="case_conference") | models.Q(referral__isnull=False),
                name="agenda_case_conference_has_referral",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.get_kind_display()} (meeting {self.meeting_id})"

    @property
    def is_case_conference(self) -> bool:
        return self.kind == self.Kind.CASE_CONFERENCE


class MinutesAddendum(models.Model):
    """A correction to approved minutes: the minutes themselves never change once
    approved; what was said later is added, with its author and time."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="addenda")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField(max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "minutes addenda"

    def __str__(self):
        return f"Addendum to meeting {self.meeting_id} by {self.author_id}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=MemberRole.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "role", "user__last_name"]
        verbose_name_plural = "attendance"
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_meeting")]

    def __str__(self):
        return f"{self.user} at meeting {self.meeting_id} as {self.get_role_display()}"
