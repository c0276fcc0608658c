"""Celery application: settings come from Django's, under the CELERY_ namespace.

Without REDIS_URL the settings make every task run eagerly in-process, so a
laptop or a small site needs no broker. Tasks are thin adapters (load by id,
call a service) and are always enqueued with transaction.on_commit.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lead_ops.settings")

app = Celery("lead_ops")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
