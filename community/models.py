"""LEAD's third door: a partner who is not police (an outreach worker, business
district staff, 311 or a council office) refers someone; the project team
triages it, screens it or asks a designated officer to verify eligibility, and
hands the accepted ones to case management like any diversion.

A community referral is kept apart from Referral until it is screened, as a
draft is: what a partner says about someone is not yet a contact, and never
shows up in the referral lists, the people search or the discretion figures.
Screening files a Referral on the community route (the same engine, the same
hand-off, intake, consent and disclosure rules) and links it here."""

import uuid

from django.conf import settings
from django.db import models

from lead_ops.accounts.models import Agency
from referrals.models import Referral, ReferralRoute


class Concern(models.Model):
    """A behaviour a partner can pick, from the list the program sets."""

    code = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class DeclineReason(models.Model):
    """Why the project team declined a community referral at triage."""

    code = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=150)
    requires_narrative = models.BooleanField(default=False, help_text="The project team must explain in words.")
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class CommunityReferral(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        IN_TRIAGE = "in_triage", "Being looked at"
        VERIFICATION_REQUESTED = "verification_requested", "Law enforcement asked to verify eligibility"
        SCREENED = "screened", "Screened: filed as a referral"
        DECLINED = "declined", "Declined at triage"

    class Urgency(models.TextChoices):
        ROUTINE = "routine", "Not urgent"
        SOON = "soon", "Within a few days"
        TODAY = "today", "Today"

    class Source(models.TextChoices):
        PARTNER = "partner", "Registered partner"
        PUBLIC = "public", "Public request form"

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_TRIAGE, Status.VERIFICATION_REQUESTED)

    token = models.UUIDField(
        unique=True, default=uuid.uuid4, editable=False, help_text="One per form: a form sent twice files once."
    )
    route = models.ForeignKey(
        ReferralRoute, on_delete=models.PROTECT, related_name="+", limit_choices_to={"is_community_door": True}
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.PARTNER)
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_referrals",
        help_text="The partner's account; empty for a public request.",
    )
    organisation = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_referrals",
        limit_choices_to={"kind": Agency.Kind.REFERRING},
        help_text="The referring organisation, at filing time.",
    )

    # Who
    person_name = models.CharField(max_length=150, blank=True, help_text="If known.")
    person_description = models.TextField(max_length=1000, blank=True)
    usual_location = models.CharField(max_length=200, help_text="Where the person is usually found.")
    # Why
    concerns = models.ManyToManyField(Concern, related_name="community_referrals")
    concern_text = models.TextField(max_length=2000, blank=True)
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.ROUTINE)
    # How to reach the referrer
    contact_name = models.CharField(max_length=150)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)

    status = models.CharField(max_length=24, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    verification_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Agency.Kind.POLICE},
        help_text="The police agency whose designated officers are asked to verify eligibility.",
    )
    decline_reason = models.ForeignKey(DeclineReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decline_note = models.TextField(max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    referral = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="community_referral"
    )
    is_synthetic = models.BooleanField(default=False, help_text="Demo data.")

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="community_status_received_idx"),
            models.Index(fields=["referrer", "-received_at"], name="community_referrer_recent_idx"),
        ]

    def __str__(self):
        return f"Community referral {self.pk}"

    @property
    def who(self) -> str:
        """As the project team reads it in a list: the name, or the description."""
        if self.person_name:
            return self.person_name
        description = " ".join(self.person_description.split())
        return description[:60] + ("…" if len(description) > 60 else "") if description else "Not named"


class TriageStep(models.Model):
    """One step of a community referral's history, for those allowed to see it."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "Received"
        NOTE = "note", "Note"
        VERIFICATION_REQUESTED = "verification_requested", "Verification asked of law enforcement"
        SCREENED = "screened", "Screened"
        DECLINED = "declined", "Declined"
        HANDED_OFF = "handed_off", "Handed off"

    community_referral = models.ForeignKey(CommunityReferral, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.community_referral_id})"
