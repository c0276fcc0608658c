"""Suite-wide fixtures: fast settings for tests, users per role, and the pieces
that let the append-only audit table coexist with the test database flush."""

import importlib
import os
import uuid

import pytest
from django.apps import apps as django_apps
from django.db.backends.base.operations import BaseDatabaseOperations

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory, UserFactory
from lead_ops.audit.db_guard import maintenance_window
from tests.processes import start_celery_worker, stop


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    from django.test.utils import override_settings

    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Finders serve static files to the live server; no collectstatic needed.
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # The same session store in both passes, so pinned query counts agree.
        SESSION_ENGINE="django.contrib.sessions.backends.db",
    ):
        yield


@pytest.fixture(scope="session", autouse=True)
def _audit_table_flushable():
    """Browser tests run in real transactions and end with a flush of every
    table. The audit table refuses DELETE (and TRUNCATE); open the guard's
    maintenance window for exactly that flush, inside the flush's transaction."""
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        before, after = maintenance_window(self.connection.vendor)
        original(self, [*before, *sql_list, *after])

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("celery_worker"):
            # The worker is another process: the test's data must be committed.
            item.add_marker(pytest.mark.django_db(transaction=True))
            item.fixturenames[0:0] = ["transactional_db", "real_celery_worker"]
    # The fault tests last: they start, stop and kill their own Redis, and their
    # process's Celery app keeps connections to it that later tests would meet.
    items[:] = [item for item in items if not item.get_closest_marker("faults")] + [
        item for item in items if item.get_closest_marker("faults")
    ]


@pytest.fixture(autouse=True)
def _celery_eager_unless_worker(request):
    """Tasks run in-process unless a test is marked celery_worker."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    from lead_ops.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def _celery_worker_process(django_db_setup, tmp_path_factory):
    """One real Celery worker process for the session, consuming a queue of its
    own on the REDIS_URL broker and using the test database."""
    from django.conf import settings
    from django.db import connection

    from lead_ops.celery import app

    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return None  # an in-memory test database cannot be shared with another process
    queue = f"lead-ops-test-{uuid.uuid4().hex[:12]}"
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    scratch = tmp_path_factory.mktemp("celery")
    log, mail_dir = scratch / "worker.log", scratch / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
        "LOG_LEVEL": "INFO",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    try:
        worker = start_celery_worker(env=env, log=log, queue=queue)
    except RuntimeError as error:
        pytest.fail(str(error))
    app.conf.task_default_queue = queue
    worker.mail_dir = mail_dir
    yield worker
    stop(worker)


@pytest.fixture
def real_celery_worker(request, transactional_db):
    """For tests marked celery_worker: tasks go through Redis to a real worker
    process. Without REDIS_URL (the SQLite pass) tasks run eagerly instead;
    CI's PostgreSQL pass sets LEAD_REQUIRE_CELERY_WORKER=1 so that a missing
    broker or worker fails rather than quietly falling back."""
    from django.conf import settings

    from lead_ops.celery import app

    required = os.environ.get("LEAD_REQUIRE_CELERY_WORKER") == "1"
    worker = request.getfixturevalue("_celery_worker_process") if settings.REDIS_URL else None
    if worker is None:
        if required:
            pytest.fail("LEAD_REQUIRE_CELERY_WORKER=1 needs REDIS_URL and a PostgreSQL test database")
        app.conf.task_always_eager = True
        yield None
        return
    app.conf.task_always_eager = False
    yield worker
    app.conf.task_always_eager = True


@pytest.fixture
def sent_mail(request):
    """The messages sent so far, as (recipients, subject): from the test's own
    outbox when tasks run eagerly, from the worker process's mail files when a
    real worker ran them."""
    from email import message_from_string

    from django.core import mail

    def read():
        worker = request.getfixturevalue("real_celery_worker") if "real_celery_worker" in request.fixturenames else None
        if worker is None:
            return [(list(m.to), m.subject) for m in mail.outbox]
        messages = []
        for path in sorted(worker.mail_dir.glob("*.log")) if worker.mail_dir.exists() else []:
            for chunk in path.read_text().split("-" * 79):
                if chunk.strip():
                    parsed = message_from_string(chunk.strip())
                    messages.append(([a.strip() for a in parsed["To"].split(",")], parsed["Subject"]))
        return messages

    return read


@pytest.fixture
def make_user(db):
    def make(*roles: Role, **fields):
        return UserFactory(roles=list(roles), **fields)

    return make


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER, username="officer", unit=UnitFactory())


@pytest.fixture
def sergeant(make_user, officer):
    user = make_user(Role.SERGEANT, username="sergeant")
    officer.unit.supervisors.add(user)
    return user


@pytest.fixture
def case_manager(make_user):
    return make_user(Role.CASE_MANAGER, username="casemanager")


@pytest.fixture
def prosecutor(make_user):
    return make_user(Role.PROSECUTOR, username="prosecutor")


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR, username="coordinator")


@pytest.fixture
def analyst(make_user):
    return make_user(Role.ANALYST, username="analyst")


@pytest.fixture
def administrator(make_user):
    return make_user(Role.ADMINISTRATOR, username="admin", is_staff=True, is_superuser=True)


def pytest_report_header(config):
    database = os.environ.get("DATABASE_URL", "SQLite (in memory)").split("@")[-1]
    broker = os.environ.get("REDIS_URL", "none: Celery tasks run eagerly")
    return [f"LEAD Ops database: {database}", f"LEAD Ops broker: {broker}"]


# --- Referrals: the defaults migration 0004 makes, and a published protocol ----------------


@pytest.fixture(autouse=True)
def _fresh_criteria_cache():
    """Published criteria are cached per process; each test starts without."""
    from referrals.selectors import criteria

    criteria._published.cache_clear()
    yield
    criteria._published.cache_clear()


@pytest.fixture
def lead_defaults(db):
    """Routes, offenses and decision reasons. Transactional tests flush them, so
    they are put back the way the migration made them."""
    importlib.import_module("referrals.migrations.0004_default_routes_offenses_reasons").seed(django_apps, None)
    importlib.import_module("referrals.migrations.0014_the_community_door_route").seed(django_apps, None)
    importlib.import_module("community.migrations.0002_concerns_and_decline_reasons").seed(django_apps, None)


@pytest.fixture
def lead_protocol(lead_defaults):
    from datetime import timedelta

    from django.utils import timezone

    from lead_ops.protocol.services import protocol_version_draft, protocol_version_publish
    from referrals.demo import publish_demo_criteria

    first = protocol_version_draft(title="Test protocol", text="Protocol text.")
    first = protocol_version_publish(version=first, effective_from=timezone.localdate() - timedelta(days=400))
    return publish_demo_criteria(first, effective_from=timezone.localdate() - timedelta(days=300))


@pytest.fixture
def routes(lead_defaults):
    from referrals.models import ReferralRoute

    return {route.code: route for route in ReferralRoute.objects.all()}
