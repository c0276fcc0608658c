"""What a site configures: referral routes, offenses, eligibility criteria (which
belong to a protocol version) and the reasons officers give for their decisions."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from lead_ops.accounts.models import Agency
from lead_ops.protocol.models import ProtocolVersion


class ReferralRoute(models.Model):
    """A way into LEAD. Routes are rows, and the questions a route asks are flags
    on the row, so a site can add a route (say, community referral) in admin."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, help_text="One line shown to the officer choosing a route.")
    asks_arrest_details = models.BooleanField(
        default=False, help_text="Incident number, offenses, drug and quantity, who led the diversion conversation."
    )
    asks_prior_activity = models.BooleanField(
        default=False, help_text="How, when and where prior low-level drug or prostitution activity was verified."
    )
    holds_prosecution = models.BooleanField(
        default=False, help_text="The prosecutor is asked to hold filing while the person engages."
    )
    review_diversions = models.BooleanField(
        default=False, help_text="A sergeant reviews every diversion on this route before hand-off."
    )
    review_no_divert = models.BooleanField(
        default=True, help_text="A sergeant reviews every decision not to divert an eligible person."
    )
    intake_deadline_days = models.PositiveIntegerField(
        default=30,
        validators=[MinValueValidator(1)],
        help_text="Days after hand-off for the intake assessment (Seattle and California law: at most 30).",
    )
    is_community_door = models.BooleanField(
        default=False,
        help_text="Partners who are not police refer on this route; the project team triages each referral "
        "and screens it, or asks a designated officer to verify eligibility. Officers do not file on it.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Off: nobody files on this route (a site may close a door)."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def short_name(self) -> str:
        """The name without its explanation in brackets: "Arrest diversion"."""
        return self.name.split(" (", 1)[0]


class Offense(models.Model):
    """The site-managed list of offenses an officer picks from."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=150)
    involves_drugs = models.BooleanField(default=False, help_text="Ask for drug type and quantity.")
    is_active = models.BooleanField(default=True)
    agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Agency.Kind.POLICE},
        help_text="Empty: an offense of every agency. Named: only those agencies' officers charge it "
        "(a city ordinance, say).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class DrugType(models.TextChoices):
    OPIOIDS = "opioids", "Heroin, fentanyl or other opioids"
    METHAMPHETAMINE = "methamphetamine", "Methamphetamine"
    COCAINE = "cocaine", "Cocaine or crack"
    PRESCRIPTION = "prescription", "Prescription pills"
    CANNABIS = "cannabis", "Cannabis"
    OTHER = "other", "Other"


class EligibilityCriterion(models.Model):
    """One rule of a protocol version. The wording is what the officer reads when
    the rule decides the result; referrals keep the version they were judged by,
    so a published version's criteria never change (a change is a new version)."""

    class Kind(models.TextChoices):
        OFFENSE_ALLOWED = "offense_allowed", "Offenses allowed"
        QUANTITY_LIMIT = "quantity_limit", "Drug quantity limit"
        EXCLUSION = "exclusion", "Exclusion (a yes/no screening question)"
        MINIMUM_AGE = "minimum_age", "Minimum age"
        PRIOR_ACTIVITY_LOOKBACK = "prior_activity_lookback", "Prior activity within a lookback, inside the LEAD area"

    protocol_version = models.ForeignKey(ProtocolVersion, on_delete=models.PROTECT, related_name="criteria")
    code = models.SlugField(max_length=50, help_text="Stable name, e.g. 'delivery-for-profit'.")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    routes = models.ManyToManyField(ReferralRoute, blank=True, help_text="Empty: applies to every route.")
    agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Agency.Kind.POLICE},
        help_text="Empty: applies to referrals of every agency. Named: only to those agencies' referrals.",
    )
    question = models.CharField(max_length=250, blank=True, help_text="For exclusions: what the officer is asked.")
    wording = models.CharField(max_length=250, help_text="Shown to the officer when this rule decides the result.")
    sergeant_may_override = models.BooleanField(
        default=False, help_text="If it fails, a sergeant may still approve a diversion (with justification)."
    )
    offenses = models.ManyToManyField(Offense, blank=True, help_text="For 'offenses allowed'.")
    limit_grams = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    exempt_drug_types = models.CharField(
        max_length=200, blank=True, help_text="For a quantity limit: comma-separated drug types it does not apply to."
    )
    lookback_months = models.PositiveIntegerField(null=True, blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["protocol_version", "order", "id"]
        verbose_name_plural = "eligibility criteria"
        constraints = [
            models.UniqueConstraint(fields=["protocol_version", "code"], name="criterion_code_unique_per_version")
        ]

    def __str__(self):
        return f"v{self.protocol_version.number} {self.code}"

    def clean(self):
        required = {
            self.Kind.QUANTITY_LIMIT: ("limit_grams", "a limit in grams"),
            self.Kind.PRIOR_ACTIVITY_LOOKBACK: ("lookback_months", "a lookback in months"),
            self.Kind.MINIMUM_AGE: ("minimum_age", "a minimum age"),
        }
        if self.kind in required:
            field, what = required[self.kind]
            if getattr(self, field) is None:
                raise ValidationError({field: f"This kind of criterion needs {what}."})
        if self.kind == self.Kind.EXCLUSION and not self.question:
            raise ValidationError({"question": "An exclusion needs the question the officer answers."})
        unknown = set(self.exempt_drug_type_list) - set(DrugType.values)
        if unknown:
            raise ValidationError({"exempt_drug_types": f"Unknown drug types: {', '.join(sorted(unknown))}."})

    @property
    def exempt_drug_type_list(self) -> list[str]:
        return [part.strip() for part in self.exempt_drug_types.split(",") if part.strip()]


class DecisionReason(models.Model):
    """A reason an officer gives for a decision, e.g. 'Not a good fit: profit motive'."""

    class AppliesTo(models.TextChoices):
        DIVERT = "divert", "Divert"
        NOT_DIVERT = "not_divert", "Do not divert"

    code = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=150)
    applies_to = models.CharField(max_length=16, choices=AppliesTo.choices)
    is_not_a_good_fit = models.BooleanField(
        default=False, help_text="The officer judged an eligible person not a good fit (core principles)."
    )
    requires_narrative = models.BooleanField(default=False, help_text="The officer must explain in words.")
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["applies_to", "order", "label"]

    def __str__(self):
        return self.label
