"""Beat schedule: every five minutes, send e-mails the broker never delivered.
Created once; administrators may change it in admin (django-celery-beat)."""

from django.db import migrations


def add_schedule(apps, schema_editor):
    Interval = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five, _ = Interval.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Deliver pending notification e-mails",
        defaults={"task": "lead_ops.notifications.tasks.notifications_deliver_pending", "interval": every_five},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="Deliver pending notification e-mails"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_notification_outbox"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
