"""The topics LEAD's core principles for policing call for, each required of
officers and sergeants. Sites change intervals, retire topics and add their own
in the app or the admin; this migration only creates the ones that are missing
(by code), so running it again never overwrites a site's edits."""

from django.db import migrations

REQUIRED_OF = ["Officer", "Sergeant"]

# code, name, refresher months, description
TOPICS = [
    (
        "lead-protocol",
        "LEAD protocol and referral practice",
        12,
        "The site's operational protocol: eligibility, the two referral routes, how decisions to divert or not "
        "divert are documented and reviewed, warm hand-offs and the Golden Rule.",
    ),
    (
        "social-contact",
        "Social-contact referrals",
        24,
        "Referring people at high risk of arrest without an arrest: verifying prior activity in the LEAD area "
        "within the last 24 months, and why social contact lets officers act before an arrest is needed.",
    ),
    (
        "harm-reduction",
        "Harm reduction",
        24,
        "Meeting people where they are: naloxone, safer use, and why abstinence is not a precondition for help.",
    ),
    (
        "substance-use",
        "Substance use disorders",
        24,
        "Substance use disorders as health conditions: how they develop, treatment options and why willpower "
        "alone rarely ends them.",
    ),
    (
        "mental-health",
        "Mental health",
        24,
        "Recognising mental-health crises and conditions, and the services that respond to them.",
    ),
    (
        "housing-barriers",
        "Homelessness and housing barriers, including exclusions from criminal history",
        24,
        "The social-service barriers people who are homeless face, and how criminal history excludes them "
        "from housing, benefits and jobs.",
    ),
]


def seed_topics(apps, schema_editor=None):
    Topic = apps.get_model("training", "Topic")
    TopicRequirement = apps.get_model("training", "TopicRequirement")
    for code, name, months, description in TOPICS:
        topic, created = Topic.objects.get_or_create(
            code=code, defaults={"name": name, "refresher_months": months, "description": description}
        )
        if created:
            for role in REQUIRED_OF:
                TopicRequirement.objects.get_or_create(topic=topic, role=role)


class Migration(migrations.Migration):
    dependencies = [("training", "0001_topics_sessions_records_acknowledgements")]

    operations = [migrations.RunPython(seed_topics, migrations.RunPython.noop)]
