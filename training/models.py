from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from lead_ops.accounts.roles import POLICE_ROLES, Role

from .expiry import expiry_date
from .materials import material_upload_path


class Topic(models.Model):
    """Something officers are trained in. LEAD's core principles name the first
    ones (seeded by migration 0002); each site adds its own."""

    MAX_REFRESHER_MONTHS = 120

    code = models.SlugField(max_length=50, unique=True, help_text="Short, fixed name used in CSV imports.")
    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    refresher_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REFRESHER_MONTHS)],
        help_text="Months a completion stays current, e.g. 24. Empty: it never expires.",
    )
    is_active = models.BooleanField(default=True, help_text="Retired topics are kept in records but never required.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def expiry_for(self, completed_on):
        return expiry_date(completed_on, self.refresher_months)


class TopicRequirement(models.Model):
    """A topic everyone holding a role must complete and keep current."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="requirements")
    role = models.CharField(max_length=64, choices=Role.choices)

    class Meta:
        ordering = ["topic__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "role"],
                name="training_requirement_unique",
                violation_error_message="This topic is already required of this role.",
            )
        ]

    def __str__(self):
        return f"{self.topic} for {self.get_role_display()}"


class PeerTrainer(models.Model):
    """An officer or sergeant who leads training for their peers: LEAD explained
    by officers who use it persuades more than directives (core principles)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_trainer")
    since = models.DateField(default=timezone.localdate)
    is_active = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True, help_text="E.g. the topics they usually lead.")

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return str(self.user)

    def clean(self):
        if self.user_id and not self.user.has_role(*POLICE_ROLES):
            raise ValidationError({"user": "Only officers and sergeants can be peer trainers."})


class TrainingSession(models.Model):
    """One training event on one day. Attendance can be recorded from that day on."""

    MIN_HOURS = Decimal("0.25")
    MAX_HOURS = Decimal("12")

    title = models.CharField(max_length=200)
    held_on = models.DateField("date")
    topics = models.ManyToManyField(Topic, related_name="sessions")
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="training_sessions_led",
        help_text="Officers and sergeants flagged as peer trainers.",
    )
    outside_trainers = models.CharField(
        max_length=300, blank=True, help_text="Trainers from outside the department, e.g. a harm-reduction educator."
    )
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[
            MinValueValidator(MIN_HOURS, message=f"A session lasts at least {MIN_HOURS} hours (15 minutes)."),
            MaxValueValidator(MAX_HOURS, message=f"A session on one day lasts at most {MAX_HOURS} hours."),
        ],
    )
    place = models.CharField(max_length=200)
    materials = models.FileField(upload_to=material_upload_path, blank=True, max_length=200)
    materials_name = models.CharField(max_length=200, blank=True, help_text="The file's name as uploaded.")
    materials_content_type = models.CharField(max_length=100, blank=True)
    materials_size = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on"], name="training_session_held_on_idx")]

    def __str__(self):
        return f"{self.title} ({self.held_on:%Y-%m-%d})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("training:session_detail", args=[self.pk])

    @property
    def is_in_future(self) -> bool:
        return self.held_on > timezone.localdate()

    @property
    def hours_label(self) -> str:
        """1.5 rather than 1.50, 2 rather than 2.00."""
        return f"{self.hours.normalize():f}"


class Attendance(models.Model):
    """A person on a session's roster: they attended. Each attendance carries one
    training record per topic of the session."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    attendee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendances")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["attendee__last_name", "attendee__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "attendee"],
                name="training_attendance_once",
                violation_error_message="This person is already on the roster of this session.",
            )
        ]

    def __str__(self):
        return f"{self.attendee} at {self.session}"


class RecordImport(models.Model):
    """A CSV of historic training records: previewed first, applied only when
    every row is valid."""

    filename = models.CharField(max_length=200)
    content = models.TextField(help_text="The file as uploaded (UTF-8).")
    sha256 = models.CharField(max_length=64, db_index=True)
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.filename} ({self.uploaded_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("training:import_preview", args=[self.pk])

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None


class TrainingRecord(models.Model):
    """One person completed one topic on one day. The expiry is stored (the
    completion date plus the topic's refresher interval at the time, kept in
    step when the interval changes) so reminders and reports can query it."""

    class Source(models.TextChoices):
        SESSION = "session", "Training session"
        IMPORT = "import", "Imported record"
        MANUAL = "manual", "Entered by an administrator"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_records")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Empty: never expires.")
    source = models.CharField(max_length=16, choices=Source.choices)
    attendance = models.ForeignKey(Attendance, null=True, blank=True, on_delete=models.CASCADE, related_name="records")
    record_import = models.ForeignKey(
        RecordImport, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    note = models.CharField(max_length=200, blank=True, help_text="E.g. the academy or provider.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "topic__name"]
        constraints = [
            # The same completion is never counted twice: re-importing a file or
            # re-entering an attendee adds nothing.
            models.UniqueConstraint(
                fields=["person", "topic", "completed_on"],
                name="training_record_once",
                violation_error_message="This completion (person, topic and date) is already recorded.",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "topic", "expires_on"], name="training_record_standing_idx"),
            models.Index(fields=["expires_on"], name="training_record_expiry_idx"),
        ]

    def __str__(self):
        return f"{self.person}: {self.topic} on {self.completed_on:%Y-%m-%d}"

    def clean(self):
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": "A completion date cannot be in the future."})


class TrainingReminder(models.Model):
    """A reminder sent about one record: once 30 days before it expires, once when it does."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due within 30 days"
        EXPIRED = "expired", "Expired"

    record = models.ForeignKey(TrainingRecord, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["record", "kind"], name="training_reminder_once")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.record}"


class ProtocolAcknowledgement(models.Model):
    """An officer or sergeant has read a published version of the operational protocol."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="protocol_acknowledgements"
    )
    version = models.ForeignKey("protocol.ProtocolVersion", on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"],
                name="training_acknowledgement_once",
                violation_error_message="This version was already acknowledged.",
            )
        ]

    def __str__(self):
        return f"{self.user} acknowledged protocol v{self.version.number}"
