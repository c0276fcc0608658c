"""A referral: one contact between an officer and a person, screened against the
protocol version in force, and the decision the officer documented."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lead_ops.accounts.models import Agency, Precinct, Unit
from lead_ops.protocol.models import ProtocolVersion

from .people import Person
from .protocol import DecisionReason, DrugType, Offense, ReferralRoute

MAX_QUANTITY_GRAMS = 1000


class EligibilityStatus(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    SERGEANT_DECISION = "sergeant_decision", "Sergeant decision needed"
    INCOMPLETE = "incomplete", "Answers missing"


class Referral(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        UNDER_REVIEW = "under_review", "Awaiting sergeant review"
        RETURNED = "returned", "Returned for correction"
        DIVERTED = "diverted", "Diverted: ready for hand-off"
        APPROVED = "approved", "Approved by a sergeant"
        HANDED_OFF = "handed_off", "Handed off to case management"
        INTAKE_DONE = "intake_done", "Intake completed"
        INTAKE_OVERDUE = "intake_overdue", "Intake overdue"
        CLOSED = "closed", "Closed"

    class ConversationLead(models.TextChoices):
        OFFICER = "officer", "Arresting officer"
        SERGEANT = "sergeant", "Sergeant"

    class Verification(models.TextChoices):
        CRIMINAL_HISTORY = "criminal_history", "Criminal history"
        DIRECT_OBSERVATION = "direct_observation", "Direct observation by an officer"
        RELIABLE_REPORT = "reliable_report", "Reliable report"

    # A diversion waiting for its warm hand-off: one no sergeant needed to see,
    # or one a sergeant approved.
    READY_FOR_HAND_OFF = (Status.DIVERTED, Status.APPROVED)

    route = models.ForeignKey(ReferralRoute, on_delete=models.PROTECT, related_name="referrals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals",
        help_text="Who filed and screened it: the officer, or on the community door the project manager or "
        "designated officer who screened the partner's referral.",
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals", help_text="At filing time."
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        help_text="The referring officer's law-enforcement agency, at filing time.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    client_token = models.UUIDField(
        unique=True, default=uuid.uuid4, editable=False, help_text="One per form: a form sent twice files once."
    )

    occurred_at = models.DateTimeField(help_text="When the contact or arrest happened.")
    precinct = models.ForeignKey(Precinct, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    beat = models.CharField(max_length=20, blank=True)
    location_text = models.CharField(max_length=200, blank=True)

    # Arrest-diversion details
    incident_number = models.CharField(max_length=30, blank=True, db_index=True)
    offenses = models.ManyToManyField(Offense, blank=True, related_name="referrals")
    drug_type = models.CharField(max_length=32, choices=DrugType.choices, blank=True)
    quantity_grams = models.DecimalField(
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_QUANTITY_GRAMS)],
    )
    conversation_led_by = models.CharField(max_length=16, choices=ConversationLead.choices, blank=True)
    case_manager_called_at = models.DateTimeField(null=True, blank=True)
    prosecutor_hold_requested = models.BooleanField(default=False)

    # Social-contact details
    prior_activity_verification = models.CharField(max_length=32, choices=Verification.choices, blank=True)
    prior_activity_reported_by = models.CharField(max_length=150, blank=True)
    prior_activity_date = models.DateField(null=True, blank=True)
    prior_activity_in_area = models.BooleanField(null=True, blank=True)

    screening_answers = models.JSONField(
        default=dict, blank=True, help_text="Exclusion question code -> true (applies) / false (does not)."
    )
    narrative = models.TextField(blank=True, max_length=4000)

    protocol_version = models.ForeignKey(ProtocolVersion, on_delete=models.PROTECT, related_name="referrals")
    eligibility_status = models.CharField(max_length=20, choices=EligibilityStatus.choices)
    eligibility_results = models.JSONField(
        default=list, help_text="Per-criterion outcome at screening, as judged under protocol_version."
    )

    current_decision = models.OneToOneField(
        "Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    is_synthetic = models.BooleanField(default=False, help_text="Demo data.")
    legal_hold = models.BooleanField(default=False, help_text="Kept past the retention period: never purged.")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["officer", "-submitted_at"], name="referral_officer_recent_idx"),
            models.Index(fields=["unit", "-submitted_at"], name="referral_unit_recent_idx"),
            models.Index(fields=["status", "-submitted_at"], name="referral_status_recent_idx"),
            # A sergeant's queue: their units' referrals in one status, oldest first.
            models.Index(fields=["unit", "status", "submitted_at"], name="referral_unit_status_idx"),
            models.Index(fields=["-submitted_at"], name="referral_recent_idx"),
            # A prosecutor's held cases (held_charges_condition): the referring
            # agencies' held charges alone, not every referral those agencies filed.
            models.Index(
                fields=["agency", "status"], condition=Q(prosecutor_hold_requested=True), name="referral_held_idx"
            ),
        ]

    def __str__(self):
        return f"Referral {self.pk} ({self.route.name})"

    def get_absolute_url(self):
        return reverse("referrals:detail", args=[self.pk])

    @property
    def where(self) -> str:
        parts = [
            self.precinct.name if self.precinct_id else "",
            f"beat {self.beat}" if self.beat else "",
            self.location_text,
        ]
        return ", ".join(part for part in parts if part)

    @property
    def eligibility_headline(self) -> str:
        from referrals.eligibility import headline

        return headline(self.eligibility_status, self.eligibility_results)


class ReferralDraft(models.Model):
    """An officer's unfinished referral, saved as they type so a dropped
    connection or a call-out loses nothing. Kept apart from Referral so that a
    half-filled form never shows up in lists or reports."""

    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_drafts")
    route = models.ForeignKey(ReferralRoute, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return f"Draft {self.token} by {self.officer_id}"

    def _answer(self, name: str) -> str:
        # Answers are kept as the form sent them: a list of values per field.
        value = self.answers.get(name) or ""
        if isinstance(value, list):
            value = value[0] if value else ""
        return str(value).strip()

    @property
    def person_label(self) -> str:
        name = " ".join(part for part in (self._answer("first_name"), self._answer("last_name")) if part)
        if name:
            return name
        return "a person on record" if self._answer("person") else "person not yet entered"

    @property
    def label(self) -> str:
        """As a person would write it: "Arrest diversion: Dora Smith, saved 23:00"."""
        route = self.route.short_name if self.route else "Referral"
        saved = timezone.localtime(self.updated_at)
        when = f"{saved:%H:%M}" if saved.date() == timezone.localdate() else f"{saved:%-d %b %H:%M}"
        return f"{route}: {self.person_label}, saved {when}"


class Decision(models.Model):
    """Divert or not divert, with reasons, by whom and when. Every eligible contact
    ends in one, including the people not diverted: that log is how discretion
    is reviewed (core principles: documenting the decision to divert or not)."""

    class Outcome(models.TextChoices):
        DIVERT = "divert", "Divert to LEAD"
        NOT_DIVERT = "not_divert", "Do not divert"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reasons = models.ManyToManyField(DecisionReason, blank=True, related_name="decisions")
    narrative = models.TextField(blank=True, max_length=4000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self):
        return f"{self.get_outcome_display()} (referral {self.referral_id})"
