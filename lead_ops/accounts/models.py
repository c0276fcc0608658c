from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from .roles import POLICE_ROLES, Role


class Agency(models.Model):
    """An organisation a user works for: the police department, a case-management
    provider, the prosecutor's office, the defender's office, a community group."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        CASE_MANAGEMENT = "case_management", "Case management"
        PROSECUTOR = "prosecutor", "Prosecutor's office"
        DEFENDER = "defender", "Public defender"
        COMMUNITY = "community", "Community organisation"
        REFERRING = "referring", "Referring organisation (community referrals)"
        OTHER = "other", "Other"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    incident_number_pattern = models.CharField(
        max_length=200,
        blank=True,
        help_text="For a police agency: a regular expression every incident number it issues matches, "
        "e.g. ^[0-9]{2,4}-[0-9]{4,8}$. A new agency starts with the site's default.",
    )
    incident_number_example = models.CharField(
        max_length=40, blank=True, help_text="An incident number in that format, shown to officers."
    )
    prosecutor_office = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="police_agencies",
        limit_choices_to={"kind": "prosecutor"},
        help_text="For a police agency: the prosecutor's office that decides its held charges. "
        "Its prosecutors, and only they, see those charges.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    def clean(self):
        from .agencies import incident_format_problems

        problems = incident_format_problems(self.incident_number_pattern, self.incident_number_example)
        if self.prosecutor_office_id and (
            self.kind != self.Kind.POLICE or self.prosecutor_office.kind != self.Kind.PROSECUTOR
        ):
            problems["prosecutor_office"] = "Only a police agency names a prosecutor's office, and it must be one."
        if problems:
            raise ValidationError(problems)


class Precinct(models.Model):
    """A precinct of one law-enforcement agency; its units belong to that agency."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="precincts",
        limit_choices_to={"kind": Agency.Kind.POLICE},
        help_text="The law-enforcement agency this precinct belongs to.",
    )
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=20, help_text="Short code used on reports, e.g. 'N' or 'W2'.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="accounts_precinct_name_unique_per_agency"),
            models.UniqueConstraint(fields=["agency", "code"], name="accounts_precinct_code_unique_per_agency"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.agency_id and self.agency.kind != Agency.Kind.POLICE:
            raise ValidationError({"agency": "Precincts belong to a police agency."})


class Unit(models.Model):
    """A police unit. LEAD starts with proactive units and later brings in patrol,
    so the kind and the date a unit joined are kept for roll-out reports."""

    class Kind(models.TextChoices):
        PROACTIVE = "proactive", "Proactive / specialized"
        PATROL = "patrol", "Patrol"

    name = models.CharField(max_length=150, help_text="Unique within the agency, e.g. 'North proactive'.")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    precinct = models.ForeignKey(Precinct, on_delete=models.PROTECT, related_name="units")
    supervisors = models.ManyToManyField(
        "accounts.User",
        blank=True,
        related_name="supervised_units",
        help_text="Sergeants who review the decisions of this unit's officers.",
    )
    onboarded_on = models.DateField(
        null=True, blank=True, help_text="Date the unit began making LEAD referrals; empty if not yet onboarded."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["precinct", "name"], name="accounts_unit_name_unique_per_precinct"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # Two agencies may each have a "Patrol North"; one agency may not have two.
        if self.precinct_id and self.name:
            namesakes = Unit.objects.filter(precinct__agency_id=self.precinct.agency_id, name__iexact=self.name)
            if namesakes.exclude(pk=self.pk).exists():
                raise ValidationError({"name": "This agency already has a unit of that name."})


class User(AbstractUser):
    class NotificationDelivery(models.TextChoices):
        EACH = "each", "An e-mail for each notice"
        DAILY_DIGEST = "daily_digest", "One e-mail a day with every notice since the last"

    badge_number = models.CharField(max_length=20, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff")
    verifies_community_referrals = models.BooleanField(
        default=False,
        help_text="For an officer or sergeant: designated to verify the eligibility of community referrals "
        "the project team sends to their agency.",
    )
    notification_delivery = models.CharField(
        max_length=16,
        choices=NotificationDelivery.choices,
        default=NotificationDelivery.EACH,
        help_text="How notices reach this person by e-mail; the app shows every notice either way.",
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            # Badge numbers are issued by each agency: a deputy and a city officer may share one.
            models.UniqueConstraint(
                fields=["agency", "badge_number"],
                condition=~models.Q(badge_number=""),
                name="accounts_user_badge_number_unique_per_agency",
                violation_error_message="Another account of this agency has that badge number.",
            )
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        # An account with a unit belongs to the agency that owns the unit.
        if self.unit_id:
            unit_agency_id = Unit.objects.filter(pk=self.unit_id).values_list("precinct__agency_id", flat=True).first()
            if self.agency_id is None:
                self.agency_id = unit_agency_id
            elif self.agency_id != unit_agency_id:
                raise ValidationError({"unit": "That unit belongs to another agency than the account's."})

    @property
    def display_name(self) -> str:
        name = self.get_full_name() or self.username
        return f"{name} (#{self.badge_number})" if self.badge_number else name

    @cached_property
    def role_names(self) -> frozenset[str]:
        # One query per request: the user object is loaded fresh for each request.
        return frozenset(self.groups.values_list("name", flat=True))

    @cached_property
    def supervised_unit_ids(self) -> list[int]:
        # One query per request, like role_names; see accounts.selectors.unit_ids_supervised_by.
        # Only units of the sergeant's own agency count: supervising another
        # agency's unit by mistake in the admin gives no reach into it.
        from .agencies import own_agency_filter

        units = self.supervised_units.filter(own_agency_filter(self, "precinct__agency"))
        return list(units.order_by("pk").values_list("pk", flat=True))

    def has_role(self, *roles: Role) -> bool:
        return self.is_active and any(role in self.role_names for role in roles)

    @cached_property
    def police_agency(self):
        """The law-enforcement agency this user files and reviews for (one query per request)."""
        from .agencies import police_agency_of

        return police_agency_of(self)

    @property
    def is_police(self) -> bool:
        return self.has_role(*POLICE_ROLES)

    @property
    def roles_display(self) -> str:
        return ", ".join(role.label for role in Role if role in self.role_names) or "No role assigned"
