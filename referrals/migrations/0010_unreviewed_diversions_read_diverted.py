"""A diversion no sergeant reviewed was stored as "approved". It now reads
"diverted"; "approved" stays only where a sergeant approved (or overrode a
decision into a diversion). Reversible: "diverted" goes back to "approved"."""

from django.db import migrations
from django.db.models import Exists, OuterRef

SERGEANT_ACTIONS = ("approve", "override")


def approved_without_review_to_diverted(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    Review = apps.get_model("referrals", "Review")
    reviewed = Review.objects.filter(referral=OuterRef("pk"), action__in=SERGEANT_ACTIONS)
    Referral.objects.filter(status="approved").exclude(Exists(reviewed)).update(status="diverted")


def diverted_to_approved(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    Referral.objects.filter(status="diverted").update(status="approved")


class Migration(migrations.Migration):
    dependencies = [("referrals", "0009_referral_status_diverted")]

    operations = [migrations.RunPython(approved_without_review_to_diverted, diverted_to_approved)]
