"""The data migrations: the seeded catalogue and the reminder schedule."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db.models.signals import post_migrate

from lead_ops.accounts.roles import Role
from lead_ops.celery import app as celery_app
from training.models import Topic

pytestmark = pytest.mark.django_db

topics_migration = import_module("training.migrations.0002_seed_topics_and_requirements")
schedule_migration = import_module("training.migrations.0003_reminder_schedule")


def test_the_core_principles_topics_are_seeded_required_of_police(seeded_catalogue):
    assert set(seeded_catalogue) == {
        "lead-protocol",
        "social-contact",
        "harm-reduction",
        "substance-use",
        "mental-health",
        "housing-barriers",
    }
    for topic in seeded_catalogue.values():
        assert set(topic.requirements.values_list("role", flat=True)) == {Role.OFFICER, Role.SERGEANT}
    assert seeded_catalogue["lead-protocol"].refresher_months == 12
    assert "criminal history" in seeded_catalogue["housing-barriers"].name


def test_seeding_again_keeps_a_sites_edits(seeded_catalogue):
    topic = seeded_catalogue["harm-reduction"]
    topic.refresher_months = 36
    topic.save()
    topic.requirements.filter(role=Role.SERGEANT).delete()

    topics_migration.seed_topics(apps)

    topic.refresh_from_db()
    assert topic.refresher_months == 36
    assert list(topic.requirements.values_list("role", flat=True)) == [Role.OFFICER]
    assert Topic.objects.count() == 6


def test_an_empty_catalogue_is_restored_after_a_flush_but_never_a_trimmed_one(seeded_catalogue):
    from training.apps import TrainingConfig

    config = apps.get_app_config("training")
    Topic.objects.exclude(code="harm-reduction").delete()
    post_migrate.send(sender=config, app_config=config, verbosity=0, interactive=False, using="default")
    assert Topic.objects.count() == 1

    Topic.objects.all().delete()
    post_migrate.send(sender=config, app_config=config, verbosity=0, interactive=False, using="default")
    assert Topic.objects.count() == 6
    assert isinstance(config, TrainingConfig)


def test_the_reminder_schedule_runs_a_registered_task_daily():
    from django_celery_beat.models import PeriodicTask

    PeriodicTask.objects.filter(name=schedule_migration.TASK_NAME).delete()
    schedule_migration.create_schedule(apps)
    schedule_migration.create_schedule(apps)

    task = PeriodicTask.objects.get(name=schedule_migration.TASK_NAME)
    celery_app.loader.import_default_modules()  # what a worker does on start: autodiscover tasks.py
    assert task.task in celery_app.tasks
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("0", "7", "*")
    assert task.enabled
