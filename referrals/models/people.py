from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from referrals.names import normalise


class Person(models.Model):
    """Someone an officer referred or considered. Race, ethnicity and sex are
    optional and kept only for equity monitoring; "not recorded" is always allowed."""

    class Race(models.TextChoices):
        AMERICAN_INDIAN = "american_indian", "American Indian or Alaska Native"
        ASIAN = "asian", "Asian"
        BLACK = "black", "Black or African American"
        PACIFIC_ISLANDER = "pacific_islander", "Native Hawaiian or Pacific Islander"
        WHITE = "white", "White"
        MULTIRACIAL = "multiracial", "Two or more races"
        OTHER = "other", "Another race"
        NOT_RECORDED = "not_recorded", "Not recorded"

    class Ethnicity(models.TextChoices):
        HISPANIC = "hispanic", "Hispanic or Latino"
        NOT_HISPANIC = "not_hispanic", "Not Hispanic or Latino"
        NOT_RECORDED = "not_recorded", "Not recorded"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        ANOTHER = "another", "Another sex or gender"
        NOT_RECORDED = "not_recorded", "Not recorded"

    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    race = models.CharField(max_length=32, choices=Race.choices, default=Race.NOT_RECORDED)
    ethnicity = models.CharField(max_length=32, choices=Ethnicity.choices, default=Ethnicity.NOT_RECORDED)
    sex = models.CharField(max_length=32, choices=Sex.choices, default=Sex.NOT_RECORDED)
    search_text = models.TextField(
        editable=False, default="", help_text="Normalised names, aliases and identifiers; kept by the person services."
    )
    is_synthetic = models.BooleanField(default=False, help_text="Demo data: not a real person.")
    legal_hold = models.BooleanField(
        default=False, help_text="Kept past the retention period (litigation, records request): never purged."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="person_name_idx"),
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
        ]

    OLDEST_AGE = 120

    def __str__(self):
        return self.full_name

    def clean(self):
        if self.date_of_birth is None:
            return
        today = timezone.localdate()
        if self.date_of_birth > today:
            raise ValidationError({"date_of_birth": "Date of birth cannot be in the future."})
        if self.age_on(today) > self.OLDEST_AGE:
            raise ValidationError(
                {"date_of_birth": f"This date of birth makes the person older than {self.OLDEST_AGE}; check the year."}
            )

    def age_on(self, day) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.middle_name, self.last_name) if part)

    def compute_search_text(self, aliases: list[str], identifiers: list[str]) -> str:
        return " | ".join(normalise(text) for text in [self.full_name, *aliases, *identifiers] if normalise(text))


class PersonAlias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "aliases"
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="person_alias_unique")]

    def __str__(self):
        return self.name


class PersonIdentifier(models.Model):
    """A local identifier for the person, e.g. a records-system person number."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(max_length=50, help_text="Which system issued it, e.g. 'RMS person number'.")
    value = models.CharField(max_length=100)

    class Meta:
        ordering = ["scheme", "value"]
        constraints = [models.UniqueConstraint(fields=["scheme", "value"], name="person_identifier_unique")]

    def __str__(self):
        return f"{self.scheme}: {self.value}"
