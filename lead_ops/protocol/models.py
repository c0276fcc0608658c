from django.conf import settings
from django.db import models


class ProtocolVersion(models.Model):
    """The operational protocol the workgroup wrote: how discretion is used, who
    decides, how decisions are documented and reviewed. Eligibility criteria
    belong to a version; referrals keep the version they were judged under; a
    published version never changes (a change is a new version)."""

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    summary_of_changes = models.TextField(blank=True)
    text = models.TextField(help_text="The protocol as adopted by the Policy Coordinating Group.")
    effective_from = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"v{self.number}: {self.title}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
