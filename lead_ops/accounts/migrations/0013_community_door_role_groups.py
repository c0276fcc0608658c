"""The community door's two roles, as groups (names frozen here on purpose)."""

from django.db import migrations

ROLE_GROUPS = ["Community referrer", "Project manager"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0012_referring_organisations_and_community_verifiers")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
