"""Every account with a unit belongs to the agency that owns the unit, so badge
numbers can be unique per agency (the next migration)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def join_unit_agency(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Unit = apps.get_model("accounts", "Unit")
    agency = Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("precinct__agency_id")[:1])
    User.objects.filter(unit__isnull=False, agency__isnull=True).update(agency_id=agency)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_recovery_codes_stored_hashed")]

    # Backwards there is nothing to undo: an account's agency was implied by its unit.
    operations = [migrations.RunPython(join_unit_agency, migrations.RunPython.noop)]
