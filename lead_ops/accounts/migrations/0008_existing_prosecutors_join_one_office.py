"""Prosecutors see the held charges of their office only. So that nobody loses
what they saw before: where there is exactly one prosecutor's office (or none,
and prosecutors without an office exist, in which case one is made), every
police agency without an office names it, and every prosecutor without an
office joins it. With several offices an administrator assigns them. Reversed,
the police agencies name no office again; agencies and memberships stay."""

from django.db import migrations

DEFAULT_NAME = "Prosecutor's office"


def forwards(apps, schema_editor):
    Agency = apps.get_model("accounts", "Agency")
    User = apps.get_model("accounts", "User")
    offices = list(Agency.objects.filter(kind="prosecutor").order_by("pk")[:2])
    loose = User.objects.filter(groups__name="Prosecutor", agency__isnull=True)
    if len(offices) > 1:
        return
    if offices:
        office = offices[0]
    elif loose.exists():
        name, n = DEFAULT_NAME, 1
        while Agency.objects.filter(name=name).exists():
            n += 1
            name = f"{DEFAULT_NAME} {n}"
        office = Agency.objects.create(name=name, kind="prosecutor")
    else:
        return
    Agency.objects.filter(kind="police", prosecutor_office__isnull=True).update(prosecutor_office=office)
    User.objects.filter(pk__in=loose.values("pk")).update(agency=office)


def backwards(apps, schema_editor):
    apps.get_model("accounts", "Agency").objects.update(prosecutor_office=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_police_agencies_name_their_prosecutor_office")]

    operations = [migrations.RunPython(forwards, backwards)]
