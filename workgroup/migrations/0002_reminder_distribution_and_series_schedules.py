"""Beat schedules for the workgroup: meetings made from each series, the agenda
e-mailed before each meeting, and action-item reminders. Created once, in the
site's time zone; administrators edit them in admin."""

from django.conf import settings
from django.db import migrations

SCHEDULES = [
    ("Workgroup meetings from series", "workgroup.tasks.meeting_series_task", "5", "5"),
    ("Workgroup agenda distribution", "workgroup.tasks.agenda_distribution_task", "0", "8"),
    ("Workgroup action item reminders", "workgroup.tasks.action_item_reminders_task", "30", "7"),
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
        ("workgroup", "0001_workgroups_meetings_issues"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
