"""Beat schedules for the intake-deadline sweep and the sergeants' review digest.
Created once, in the site's time zone; administrators edit them in admin."""

from django.conf import settings
from django.db import migrations

SCHEDULES = [
    ("Intake deadline sweep", "referrals.tasks.intake_deadline_sweep_task", "15", "6"),
    ("Sergeant review digest", "referrals.tasks.review_digest_task", "0", "7"),
]


def add_schedules(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour in SCHEDULES:
        crontab, _ = Crontab.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone=settings.TIME_ZONE
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0005_reviews_intakes_releases"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
