"""Suite-wide fixtures: fast settings for tests, users per role, and the pieces
that let the append-only audit table coexist with the test database flush."""

import os

import pytest
from django.db.backends.base.operations import BaseDatabaseOperations

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory, UserFactory
from lead_ops.audit.db_guard import maintenance_window


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


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("celery_worker"):
            item.fixturenames.insert(0, "real_celery_worker")


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


@pytest.fixture
def real_celery_worker(transactional_db):
    """A real Celery worker consuming from Redis, in a thread of this process,
    for tests marked celery_worker. Without REDIS_URL (the SQLite pass) tasks
    run eagerly instead; CI's PostgreSQL pass sets LEAD_REQUIRE_CELERY_WORKER=1
    so a missing broker fails rather than quietly falling back."""
    from django.conf import settings

    from lead_ops.celery import app

    if not settings.REDIS_URL:
        if os.environ.get("LEAD_REQUIRE_CELERY_WORKER") == "1":
            pytest.fail("LEAD_REQUIRE_CELERY_WORKER=1 but REDIS_URL is not set")
        app.conf.task_always_eager = True
        yield None
        return
    from celery.contrib.testing.worker import start_worker

    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app


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
