"""Settings for the processes the fault tests start (gunicorn, Celery workers):
the production settings, with two differences that do not touch what is being
tested. Static files are referred to by name, so no collectstatic is needed per
run, and e-mail goes to files through a backend the test can hold mid-send."""

from lead_ops.settings import *  # noqa: F403
from lead_ops.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "tests.faults.mail.HeldFileBackend"
