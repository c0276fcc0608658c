"""Which law-enforcement agency a user files for, and the incident-number format
that agency uses. One home for each: the filing form, the live incident-number
check, the submission service and the admin all ask here."""

import re
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class IncidentNumberFormat:
    pattern: str
    example: str

    def accepts(self, number: str) -> bool:
        return re.fullmatch(self.pattern, number) is not None

    @property
    def refusal(self) -> str:
        return f"Use the department's format, for example {self.example}."


def site_incident_number_format() -> IncidentNumberFormat:
    """The settings' format: the default a new agency starts with."""
    return IncidentNumberFormat(settings.LEAD_INCIDENT_NUMBER_PATTERN, settings.LEAD_INCIDENT_NUMBER_EXAMPLE)


def incident_number_format(agency) -> IncidentNumberFormat:
    """The agency's own format, or the site's where the agency has none."""
    if agency is not None and agency.incident_number_pattern:
        return IncidentNumberFormat(agency.incident_number_pattern, agency.incident_number_example)
    return site_incident_number_format()


def incident_format_problems(pattern: str, example: str) -> dict[str, str]:
    """What is wrong with an agency's format, by field: a pattern must compile, come
    with an example, and accept that example."""
    if not pattern:
        return {"incident_number_example": "Give a format first."} if example else {}
    try:
        re.compile(pattern)
    except re.error as error:
        return {"incident_number_pattern": f"Not a valid regular expression: {error}."}
    if not example:
        return {"incident_number_example": "Give an incident number in this format, for officers to copy."}
    if re.fullmatch(pattern, example) is None:
        return {"incident_number_example": "The example does not match the format."}
    return {}


def police_agency_of(user):
    """The law-enforcement agency a user files and reviews for: the agency that
    owns their unit's precinct, or, without a unit, their own agency if it is a
    police agency. None for everyone else."""
    from .models import Agency

    if getattr(user, "unit_id", None):
        return Agency.objects.filter(precincts__units__pk=user.unit_id).first()
    if getattr(user, "agency_id", None):
        return Agency.objects.filter(pk=user.agency_id, kind=Agency.Kind.POLICE).first()
    return None


def own_agency_filter(user, field: str = "agency"):
    """A condition on `field` (an agency foreign key) true for the user's police
    agency only, in the same query: no extra round trip per request."""
    from django.db.models import Q, Subquery

    from .models import Unit

    if getattr(user, "unit_id", None):
        agency = Subquery(Unit.objects.filter(pk=user.unit_id).values("precinct__agency_id")[:1])
        return Q(**{f"{field}_id": agency})
    if getattr(user, "agency_id", None):
        # Only a police agency owns precincts and units, so only a police agency matches.
        return Q(**{f"{field}_id": user.agency_id})
    return Q(pk__in=[])
