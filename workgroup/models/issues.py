"""The operational issue tracker and the action items the workgroup agrees on.

Core principles: periodic review with officers to find and fix operational
issues is what builds line-officer ownership, so anyone signed in can raise an
issue in three fields, and the officer who raised it sees what became of it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from lead_ops.protocol.models import ProtocolVersion

from .meetings import Meeting, Workgroup


class OperationalIssue(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ON_AGENDA = "on_agenda", "On an agenda"
        IN_PROGRESS = "in_progress", "In progress"
        RESOLVED = "resolved", "Resolved"
        WONT_FIX = "wont_fix", "Won't fix"

    CLOSED_STATUSES = (Status.RESOLVED, Status.WONT_FIX)

    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="raised_issues")
    what_happened = models.TextField(max_length=2000)
    location = models.CharField(max_length=200, blank=True, help_text="Where: a beat, a place, a step of the process.")
    suggestion = models.TextField(max_length=2000, blank=True)
    workgroup = models.ForeignKey(Workgroup, null=True, blank=True, on_delete=models.PROTECT, related_name="issues")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(max_length=4000, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    protocol_version = models.ForeignKey(
        ProtocolVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The protocol version this issue led to, if any.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="issue_status_recent_idx"),
            models.Index(fields=["raised_by", "-created_at"], name="issue_raiser_recent_idx"),
        ]

    def __str__(self):
        return f"Issue {self.pk}: {self.title}"

    def get_absolute_url(self):
        return reverse("workgroup:issue", args=[self.pk])

    @property
    def title(self) -> str:
        first_line = self.what_happened.strip().splitlines()[0] if self.what_happened.strip() else ""
        return Truncator(first_line).chars(80)

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    workgroup = models.ForeignKey(Workgroup, on_delete=models.PROTECT, related_name="action_items")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items")
    issue = models.ForeignKey(
        OperationalIssue, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workgroup_actions")
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due_idx")]

    def __str__(self):
        return f"Action {self.pk}: {Truncator(self.description).chars(60)}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())
