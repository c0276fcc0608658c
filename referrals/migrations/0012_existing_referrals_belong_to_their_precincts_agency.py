"""Each existing referral belongs to the police agency of its officer's unit at
filing time (the unit's precinct's agency, which accounts 0005 set), or else to
the police agency of its precinct, or else to the officer's own police agency.
Reversed, the referrals lose their agency again."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def forwards(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    Unit = apps.get_model("accounts", "Unit")
    Precinct = apps.get_model("accounts", "Precinct")
    User = apps.get_model("accounts", "User")
    pending = Referral.objects.filter(agency__isnull=True)
    pending.filter(unit__isnull=False).update(
        agency=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("precinct__agency_id")[:1])
    )
    pending.filter(agency__isnull=True, precinct__isnull=False).update(
        agency=Subquery(Precinct.objects.filter(pk=OuterRef("precinct_id")).values("agency_id")[:1])
    )
    pending.filter(agency__isnull=True).update(
        agency=Subquery(
            User.objects.filter(pk=OuterRef("officer_id"), agency__kind="police").values("agency_id")[:1]
        )
    )


def backwards(apps, schema_editor):
    apps.get_model("referrals", "Referral").objects.update(agency=None)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0011_agencies_on_referrals_offenses_and_criteria"),
        ("accounts", "0006_every_precinct_belongs_to_an_agency"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
