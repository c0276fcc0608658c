import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReportExport(models.Model):
    """An export prepared in the background. The id is a random UUID so links
    cannot be guessed, and the download is refused to anyone but the owner and
    after expires_at, when the file is deleted."""

    class Kind(models.TextChoices):
        REFERRALS = "referrals", "Referrals, one row each"
        DISCRETION = "discretion", "Discretion by officer and unit"
        EQUITY = "equity", "Equity by race, ethnicity and sex"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_exports")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    format = models.CharField(max_length=8, choices=Format.choices)
    filters = models.JSONField(default=dict, blank=True, help_text="The report filters, as submitted.")
    deidentified = models.BooleanField(default=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    row_count = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="reports/exports/", blank=True)
    error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="export_owner_recent_idx"),
            models.Index(fields=["status", "expires_at"], name="export_status_expiry_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_format_display()}), {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED}

    def is_expired(self, now=None) -> bool:
        return self.status == self.Status.EXPIRED or (
            self.expires_at is not None and self.expires_at <= (now or timezone.now())
        )

    @property
    def filename(self) -> str:
        stamp = timezone.localtime(self.created_at).strftime("%Y%m%d-%H%M")
        tag = "-deidentified" if self.deidentified else ""
        return f"lead-{self.kind}{tag}-{stamp}.{self.format}"
