"""Fault tests: the app in real processes (gunicorn, Celery workers) against a
PostgreSQL cluster and Redis servers of their own, started on free ports, so
that they can be stopped, restarted and killed without disturbing the shared
services or a parallel test worker.

The cluster is made once per test process: migrated, with the fault tests'
people in it (world.py), kept as a template; each test gets a copy. Anything
missing (PostgreSQL's server binaries, redis-server) fails the test: these
tests are deselected where they are not meant to run, never skipped."""

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from glob import glob
from pathlib import Path

import psycopg2
import pytest
from celery import Celery

from tests.faults.browser import Browser
from tests.processes import ROOT, free_port, start_celery_worker, start_gunicorn, stop

TEMPLATE = "faults_template"
_copies = itertools.count(1)


def _postgres_bin() -> Path:
    found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        pytest.fail("The fault tests need PostgreSQL's server binaries (/usr/lib/postgresql/<version>/bin/initdb).")
    return Path(found[-1]).parent


def _as_postgres(command: list[str]) -> list[str]:
    # initdb and the server refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    """A PostgreSQL cluster in a temporary directory, listening on 127.0.0.1 only."""

    def __init__(self):
        self.bin = _postgres_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="lead-faults-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data, self.log = self.dir / "data", self.dir / "server.log"
        self.port = free_port()
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": self.port,
            "unix_socket_directories": f"'{self.dir}'",
            # Durability is not under test; speed is welcome.
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())

    def _run(self, *command: str) -> None:
        result = subprocess.run(_as_postgres(list(command)), capture_output=True, text=True)
        if result.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def pg_ctl(self, action: str) -> None:
        """start, stop or restart; stopping as a deployment does, cutting every connection (fast)."""
        mode = [] if action == "start" else ["-m", "fast"]
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *mode, action)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, query: str, params=(), *, database: str = "postgres") -> list[tuple]:
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def remove(self) -> None:
        try:
            self.pg_ctl("stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """A redis-server with no persistence on a port of its own; stop() and start()
    again on the same port, empty, as after a crash."""

    def __init__(self, scratch: Path):
        if shutil.which("redis-server") is None:
            pytest.fail("The fault tests need redis-server.")
        self.port, self.log, self.process = free_port(), scratch / "redis.log", None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        with self.log.open("a") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 20
        while subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout != b"PONG\n":
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start:\n{self.log.read_text()[-2000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


@pytest.fixture(scope="session")
def private_postgres(tmp_path_factory):
    """The test process's own cluster, with the template database ready."""
    cluster = PrivatePostgres()
    try:
        cluster.pg_ctl("start")
        cluster.sql(f'CREATE DATABASE "{TEMPLATE}"')
        env = app_env(database_url=cluster.url(TEMPLATE), redis_url="")
        world = tmp_path_factory.mktemp("faults") / "world.json"
        for command in (["manage.py", "migrate", "--no-input", "-v0"], ["-m", "tests.faults.world", str(world)]):
            subprocess.run([sys.executable, *command], cwd=ROOT, env=env, check=True)
        cluster.world = json.loads(world.read_text())
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def database(private_postgres):
    """A fresh copy of the template database for one test; returns its URL."""
    name = f"faults_{next(_copies)}"
    private_postgres.sql(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    database_url = private_postgres.url(name)
    yield database_url
    private_postgres.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sql(private_postgres, database):
    """Run SQL in the test's database: sql("SELECT ...") -> rows."""
    name = database.rsplit("/", 1)[1]
    return lambda query, params=(): private_postgres.sql(query, params, database=name)


@pytest.fixture
def redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def app_env(*, database_url: str, redis_url: str, **extra: str) -> dict:
    """What the app's processes run with: production settings (tests/faults/settings.py),
    the private services, no MFA."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "fault-tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "LEAD_HTTPS": "0",
        "LEAD_SSL_REDIRECT": "0",
        "LEAD_REQUIRE_MFA": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_DEFAULT_QUEUE": "celery",
        **extra,
    }


class Stack:
    """The processes of one test: gunicorn, Celery workers. Stopped at the end."""

    def __init__(self, scratch: Path, database_url: str, redis_url: str):
        self.scratch, self.database_url, self.redis_url = scratch, database_url, redis_url
        self.mail_dir = scratch / "mail"
        self.processes: list[subprocess.Popen] = []
        self.port = None

    def env(self, **extra: str) -> dict:
        return app_env(
            database_url=self.database_url, redis_url=self.redis_url, EMAIL_FILE_PATH=str(self.mail_dir), **extra
        )

    def gunicorn(self, *, workers: int = 2, threads: int = 2) -> subprocess.Popen:
        self.port = free_port()
        server = start_gunicorn(
            env=self.env(), log=self.scratch / "gunicorn.log", port=self.port, workers=workers, threads=threads
        )
        self.processes.append(server)
        return server

    def worker(self, *, pool: str = "solo", **extra: str) -> subprocess.Popen:
        worker = start_celery_worker(env=self.env(**extra), log=self.scratch / "worker.log", pool=pool)
        self.processes.append(worker)
        return worker

    def celery_client(self) -> Celery:
        """Sends tasks by name through the private Redis, as beat or the app would, and reads results."""
        client = Celery("faults-client", broker=self.redis_url, backend=self.redis_url)
        client.conf.update(task_default_queue="celery", accept_content=["json"], broker_connection_retry=False)
        return client

    def log(self, name: str) -> str:
        path = self.scratch / name
        return path.read_text() if path.exists() else ""

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            stop(process)


@pytest.fixture
def stack(tmp_path, database, redis):
    started = Stack(tmp_path, database, redis.url)
    yield started
    started.stop_all()


@pytest.fixture
def world(private_postgres) -> dict:
    return private_postgres.world


@pytest.fixture
def declined_reason(sql) -> int:
    return sql("SELECT id FROM referrals_decisionreason WHERE code = 'declined'")[0][0]


@pytest.fixture
def browser(stack, world):
    """browser(username): that user's browser, signed in, pointed at the stack's gunicorn."""
    sessions = {**world["officers"], **world["sergeants"]}
    return lambda username: Browser(stack.port, sessions[username])
