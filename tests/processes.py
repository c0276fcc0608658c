"""Starting the app's own processes for tests: a Celery worker, gunicorn. Each
starts in a process group of its own, so that it can be killed with whatever it
forked, and is waited for until it is ready to work."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A port nobody listens on now; the OS hands different ones to parallel test workers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_celery_worker(*, env: dict, log: Path, queue: str | None = None, pool: str = "solo") -> subprocess.Popen:
    """A Celery worker of this app, ready to consume when this returns."""
    command = [sys.executable, "-m", "celery", "-A", "lead_ops", "worker", f"--pool={pool}", "--concurrency=1"]
    if queue:
        command += ["-Q", queue]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO"]
    worker = _start(command, env=env, log=log)
    _wait(worker, log, ready=lambda: "ready." in log.read_text(), what="Celery worker")
    return worker


def start_gunicorn(*, env: dict, log: Path, port: int, workers: int = 2, threads: int = 2) -> subprocess.Popen:
    """The app under gunicorn as make bench runs it (gthread workers), ready when /health/ answers 200."""
    command = [sys.executable, "-m", "gunicorn", "lead_ops.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread"]
    command += ["--backlog", "2048", "--log-level", "warning"]
    server = _start(command, env=env, log=log)
    _wait(server, log, ready=lambda: _answers(f"http://127.0.0.1:{port}/health/"), what="gunicorn")
    return server


def stop(process: subprocess.Popen, *, kill: bool = False) -> None:
    """Stop a process started here and everything in its group (SIGTERM, or SIGKILL)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _start(command: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    with log.open("a") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _wait(process: subprocess.Popen, log: Path, *, ready, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process, kill=True)
            raise RuntimeError(f"{what} did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (http://127.0.0.1 only)
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False
