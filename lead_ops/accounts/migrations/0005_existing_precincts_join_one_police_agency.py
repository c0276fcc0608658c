"""Existing data moves into one police agency: the police agency most users
belong to, or a new "Police department" where there is none. It keeps the
site's incident-number format (the settings), so filing is unchanged. Reversed,
the precincts lose their agency again; the agency itself stays."""

from django.conf import settings
from django.db import migrations
from django.db.models import Count

DEFAULT_NAME = "Police department"


def default_police_agency(agency_model):
    police = agency_model.objects.filter(kind="police").annotate(people=Count("staff")).order_by("-people", "pk").first()
    if police is not None:
        return police
    name, n = DEFAULT_NAME, 1
    while agency_model.objects.filter(name=name).exists():
        n += 1
        name = f"{DEFAULT_NAME} {n}"
    return agency_model.objects.create(name=name, kind="police")


def forwards(apps, schema_editor):
    Agency = apps.get_model("accounts", "Agency")
    Precinct = apps.get_model("accounts", "Precinct")
    Agency.objects.filter(kind="police", incident_number_pattern="").update(
        incident_number_pattern=settings.LEAD_INCIDENT_NUMBER_PATTERN,
        incident_number_example=settings.LEAD_INCIDENT_NUMBER_EXAMPLE,
    )
    if not Precinct.objects.filter(agency__isnull=True).exists():
        return
    agency = default_police_agency(Agency)
    if not agency.incident_number_pattern:
        agency.incident_number_pattern = settings.LEAD_INCIDENT_NUMBER_PATTERN
        agency.incident_number_example = settings.LEAD_INCIDENT_NUMBER_EXAMPLE
        agency.save(update_fields=["incident_number_pattern", "incident_number_example"])
    Precinct.objects.filter(agency__isnull=True).update(agency=agency)


def backwards(apps, schema_editor):
    apps.get_model("accounts", "Precinct").objects.update(agency=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_agencies_own_precincts_and_incident_formats")]

    operations = [migrations.RunPython(forwards, backwards)]
