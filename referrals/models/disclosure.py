"""Disclosures of substance-use information outside case management, for the
accounting a participant may ask for (42 CFR 2.25, three years; HIPAA 164.528,
six). Kept even after the referral itself is purged: the person and referral are
then gone, the snapshot of who it was about stays."""

from django.conf import settings
from django.db import models


class Disclosure(models.Model):
    class Channel(models.TextChoices):
        PAGE = "page", "Shown in the app"
        EXPORT = "export", "In an export"

    person = models.ForeignKey(
        "referrals.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="disclosures"
    )
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="disclosures"
    )
    release = models.ForeignKey(
        "referrals.ReleaseOfInformation", null=True, blank=True, on_delete=models.SET_NULL, related_name="disclosures"
    )
    person_label = models.CharField(max_length=250, help_text="Name and date of birth at the time of disclosure.")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recipient_role = models.CharField(max_length=100)
    information = models.CharField(max_length=300)
    purpose = models.CharField(max_length=300)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    disclosed_at = models.DateTimeField()

    class Meta:
        ordering = ["-disclosed_at", "-id"]
        indexes = [models.Index(fields=["person", "disclosed_at"], name="disclosure_person_time_idx")]

    def __str__(self):
        return f"{self.information} to {self.recipient_id} on {self.disclosed_at:%Y-%m-%d}"
