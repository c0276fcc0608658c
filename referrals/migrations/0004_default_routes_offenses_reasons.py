"""A new site starts with the two routes LEAD is known for, a short offense list
and the usual decision reasons; administrators edit all of them in admin."""

from django.db import migrations

ROUTES = [
    dict(code="arrest-diversion", name="Arrest diversion (pre-booking)", order=1,
         description="Probable cause and arrest; LEAD offered instead of booking. The prosecutor is asked to hold filing.",
         asks_arrest_details=True, holds_prosecution=True, review_diversions=True, intake_deadline_days=30),
    dict(code="social-contact", name="Social contact referral", order=2,
         description="No arrest: someone at high risk of arrest for low-level drug or prostitution activity.",
         asks_prior_activity=True, review_diversions=False, intake_deadline_days=30),
]

OFFENSES = [
    ("drug-possession", "Drug possession (VUCSA)", True),
    ("drug-delivery-subsistence", "Low-level delivery for subsistence", True),
    ("prostitution", "Prostitution", False),
    ("trespass", "Criminal trespass", False),
    ("theft-misdemeanor", "Misdemeanor theft", False),
    ("drug-delivery-profit", "Delivery for profit", True),
]

REASONS = [
    ("divert-eligible", "Eligible and willing to engage", "divert", False, False, 1),
    ("declined", "The person declined LEAD (it is voluntary)", "not_divert", False, False, 1),
    ("not-a-good-fit-profit", "Not a good fit: profit motive", "not_divert", True, True, 2),
    ("not-a-good-fit-organized", "Not a good fit: organized drug distribution", "not_divert", True, True, 3),
    ("not-amenable", "Not a good fit: not amenable at this time", "not_divert", True, True, 4),
    ("safety", "Immediate safety concern", "not_divert", False, True, 5),
    ("other", "Other (explain)", "not_divert", False, True, 9),
]


def seed(apps, schema_editor):
    Route = apps.get_model("referrals", "ReferralRoute")
    Offense = apps.get_model("referrals", "Offense")
    Reason = apps.get_model("referrals", "DecisionReason")
    for fields in ROUTES:
        Route.objects.get_or_create(code=fields["code"], defaults=fields)
    for code, name, involves_drugs in OFFENSES:
        Offense.objects.get_or_create(code=code, defaults={"name": name, "involves_drugs": involves_drugs})
    for code, label, applies_to, not_a_good_fit, needs_words, order in REASONS:
        Reason.objects.get_or_create(
            code=code,
            defaults={"label": label, "applies_to": applies_to, "is_not_a_good_fit": not_a_good_fit,
                      "requires_narrative": needs_words, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0003_routes_criteria_referrals_decisions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
