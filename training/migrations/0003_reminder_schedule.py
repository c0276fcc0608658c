"""A daily beat schedule for training expiry reminders, kept in the database so
administrators can change the time or pause it in the admin (Periodic tasks).
Created only when missing, by name."""

from django.conf import settings
from django.db import migrations

TASK_NAME = "Training: expiry reminders"
TASK = "training.tasks.training_reminders_dispatch"


def create_schedule(apps, schema_editor=None):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    every_morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "crontab": every_morning,
            "description": "E-mails people whose required training expires within 30 days or expired today.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_seed_topics_and_requirements"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
