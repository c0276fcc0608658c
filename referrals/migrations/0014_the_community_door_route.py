"""LEAD's third door: partners who are not police refer, the project team
triages. A site switches the door off by making the route inactive."""

from django.db import migrations

COMMUNITY_ROUTE = dict(
    code="community",
    name="Community referral",
    order=3,
    description="A partner who is not police (outreach, business district, 311, council office) refers someone; "
    "the project team triages.",
    asks_prior_activity=True,
    review_diversions=False,
    review_no_divert=False,
    is_community_door=True,
    intake_deadline_days=30,
)


def seed(apps, schema_editor):
    Route = apps.get_model("referrals", "ReferralRoute")
    Route.objects.get_or_create(code=COMMUNITY_ROUTE["code"], defaults=COMMUNITY_ROUTE)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0013_routes_may_be_the_community_door")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
