"""After the sergeant's approval: the hand-off to case management, intake and
its deadline, the prosecutor's charging decision, and the participant's consent
to share information."""

from django.conf import settings
from django.db import models

from lead_ops.accounts.models import Agency

from .people import Person
from .referral import Referral


class Intake(models.Model):
    """The hand-off to case management and the intake deadline that follows it."""

    class FilingDecision(models.TextChoices):
        FILE = "file", "File the held charge"
        DECLINE = "decline", "Decline to file"

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="intake")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="intakes")
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="intakes"
    )
    case_manager_called_at = models.DateTimeField()
    case_manager_arrived_at = models.DateTimeField(null=True, blank=True)
    handed_off_at = models.DateTimeField()
    handed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    intake_deadline = models.DateField()
    intake_completed_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    case_notes = models.TextField(
        blank=True, max_length=8000, help_text="Case management only: never shown to police or prosecutors."
    )
    filing_decision = models.CharField(max_length=16, choices=FilingDecision.choices, blank=True)
    filing_decided_at = models.DateTimeField(null=True, blank=True)
    filing_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filing_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        indexes = [
            models.Index(fields=["intake_deadline"], name="intake_deadline_idx"),
            models.Index(fields=["agency", "intake_deadline"], name="intake_agency_deadline_idx"),
        ]

    def __str__(self):
        return f"Intake for referral {self.referral_id}"

    @property
    def warm_handoff_minutes(self) -> int | None:
        if self.case_manager_arrived_at is None:
            return None
        return round((self.case_manager_arrived_at - self.case_manager_called_at).total_seconds() / 60)


class ReleaseOfInformation(models.Model):
    """The participant's consent to share information between LEAD partners
    (42 CFR 2.31: who may disclose, to whom, what, for what purpose, until when)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="releases")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="releases")
    parties = models.TextField(help_text="The partners who may share information, one per line.")
    information = models.CharField(
        max_length=300, default="Participation status, attendance, and progress in case management"
    )
    purpose = models.CharField(max_length=300)
    signed_on = models.DateField()
    expires_on = models.DateField()
    revoked_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = "release of information"
        verbose_name_plural = "releases of information"

    def __str__(self):
        return f"Release of information for person {self.person_id}, signed {self.signed_on}"

    def is_active_on(self, day) -> bool:
        return self.signed_on <= day <= self.expires_on and (self.revoked_on is None or self.revoked_on > day)
