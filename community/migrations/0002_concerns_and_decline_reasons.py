"""The behaviours a partner picks from and the reasons the project team
declines with; administrators edit both in admin."""

from django.db import migrations

CONCERNS = [
    ("drug-use", "Drug use in public"),
    ("sex-work", "Sex work"),
    ("mental-health", "Signs of a mental-health crisis or condition"),
    ("unsheltered", "Living unsheltered"),
    ("trespass-loitering", "Trespass or loitering at a business"),
    ("repeated-calls", "Repeated calls to 311 or 911 about the same person"),
    ("other", "Something else (say what)"),
]

DECLINE_REASONS = [
    ("outside-area", "Outside the LEAD area", False, 1),
    ("cannot-find", "Not enough to find the person", False, 2),
    ("already-participant", "Already a LEAD participant", False, 3),
    ("not-leads-purpose", "Not what LEAD is for (referred elsewhere)", True, 4),
    ("duplicate", "Same person as another open community referral", False, 5),
    ("other", "Other (explain)", True, 9),
]


def seed(apps, schema_editor):
    Concern = apps.get_model("community", "Concern")
    Reason = apps.get_model("community", "DeclineReason")
    for order, (code, label) in enumerate(CONCERNS, start=1):
        Concern.objects.get_or_create(code=code, defaults={"label": label, "order": order})
    for code, label, needs_words, order in DECLINE_REASONS:
        Reason.objects.get_or_create(
            code=code, defaults={"label": label, "requires_narrative": needs_words, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("community", "0001_community_referrals_and_triage_steps")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
