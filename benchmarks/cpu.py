"""make bench-cpu: CPU milliseconds and queries per request, page by page, in-process.

Over the benchmark data set (benchmarks/load_data, BENCH_CPU_SCALE, 0.1 by
default) with DEBUG off and cached templates, signed in as each role's
benchmark account, the Django test client asks for every page the role uses,
warms up, then measures BENCH_CPU_REQUESTS requests each: CPU time
(time.process_time, which other load on the machine disturbs less than wall
time), wall time, and the queries of one further request
(CaptureQueriesContext, kept out of the timed ones: capturing costs CPU too).
The bare page /health/page/ comes first, as the floor, signed out and then
signed in (the session and user it loads are every page's too); "x bare" is a
page's CPU over the signed-in bare page's.

On SQLite the data set is generated once per scale (and version of its
generator) into var/ and copied for
each run (the POST flows write); with DATABASE_URL set it runs on that
database, generating the data set there if it is empty.
Writes benchmarks/results/cpu.json.
"""

import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from benchmarks.run_bench import data_set_tag
from benchmarks.run_bench import env as bench_environment

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SCALE = float(os.environ.get("BENCH_CPU_SCALE", "0.1"))
REQUESTS = int(os.environ.get("BENCH_CPU_REQUESTS", "30"))
WARM_UP = int(os.environ.get("BENCH_CPU_WARM_UP", "5"))
DATA_SET = data_set_tag(SCALE)


def _environment() -> dict:
    """make bench's environment for the app, in-process: no broker (tasks run
    eagerly), the test client's host, and the database of DATABASE_URL if set."""
    environment = bench_environment("unused")
    environment.pop("REDIS_URL")
    environment.pop("DATABASE_URL")
    if os.environ.get("DATABASE_URL"):
        environment["DATABASE_URL"] = os.environ["DATABASE_URL"]
    environment["ALLOWED_HOSTS"] = "testserver"
    # Tasks run in-process, so the POST flows' notifications are in their cost.
    environment["EMAIL_FILE_PATH"] = str(ROOT / "var" / "bench_cpu_mail")
    return environment


def _manage(environment: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, check=True)


def prepare_database(environment: dict) -> str:
    """The data set, generated once per scale; returns the engine's name."""
    if environment.get("DATABASE_URL"):
        _manage(environment, "migrate", "--no-input", "-v0")
        probe = "from referrals.models import Referral; print(Referral.objects.filter(is_synthetic=True).exists())"
        held = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", probe],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
        )
        # The shell may say what it imported first (Django 5.2): the answer is the last line.
        if held.stdout.strip().splitlines()[-1:] != ["True"]:
            _manage(environment, "generate_load_data", "--scale", str(SCALE))
        return "postgresql"
    template = ROOT / "var" / f"bench_cpu_{DATA_SET}.template.sqlite3"
    run = ROOT / "var" / f"bench_cpu_{DATA_SET}.sqlite3"
    template.parent.mkdir(exist_ok=True)
    build = {**environment, "DATABASE_URL": f"sqlite:///{template}"}
    if not template.exists():
        print(f"Generating the scale-{SCALE} data set once (kept as {template.relative_to(ROOT)})", flush=True)
        try:
            _manage(build, "migrate", "--no-input", "-v0")
            _manage(build, "generate_load_data", "--scale", str(SCALE))
        except subprocess.CalledProcessError:
            template.unlink(missing_ok=True)
            raise
    else:
        _manage(build, "migrate", "--no-input", "-v0")
    shutil.copyfile(template, run)
    environment["DATABASE_URL"] = f"sqlite:///{run}"
    return "sqlite"


def _pages() -> list[tuple]:
    """(role, account, name, method, path or callable, headers) for every page a role uses."""
    from benchmarks import flows
    from lead_ops.accounts.models import User
    from referrals.models import DecisionReason, Referral
    from referrals.selectors.routes import filing_routes

    officer = User.objects.get(username="bench-officer-1")
    sergeant = User.objects.get(username="bench-sergeant-1")
    own = Referral.objects.filter(officer=officer).order_by("-submitted_at").values_list("pk", flat=True).first()
    units = Referral.objects.filter(unit__in=sergeant.supervised_units.all()).order_by("-submitted_at")
    theirs = units.values_list("pk", flat=True).first()
    reason = (
        DecisionReason.objects.filter(applies_to=DecisionReason.AppliesTo.NOT_DIVERT, requires_narrative=False)
        .values_list("pk", flat=True)
        .first()
    )
    pages = [
        ("", "", "bare page", "get", "/health/page/", {}),
        ("officer", officer.username, "bare page, signed in", "get", "/health/page/", {}),
    ]
    officer_pages = [("home", "/"), ("referral list", "/referrals/"), ("referral detail", f"/referrals/{own}/")]
    officer_pages[1:1] = [
        (f"new referral: {route.code}", f"/referrals/new/?route={route.code}") for route in filing_routes()
    ]
    pages += [("officer", officer.username, name, "get", path, {}) for name, path in officer_pages]
    pages.append(("officer", officer.username, "person search (htmx)", "get", flows.person_search_path, flows.HTMX))
    pages.append(("officer", officer.username, "referral submit", "post", _submit, {}))
    pages += [
        ("sergeant", sergeant.username, "home", "get", "/", {}),
        ("sergeant", sergeant.username, "filtered referral list", "get", flows.referral_list_path, {}),
        ("sergeant", sergeant.username, "review queue", "get", "/reviews/", {}),
        ("sergeant", sergeant.username, "referral detail", "get", f"/referrals/{theirs}/", {}),
        ("sergeant", sergeant.username, "review approve (htmx)", "post", _approve(officer, reason), flows.HTMX),
    ]
    others = {
        "case manager": ("bench.cm1", ["/", "/handoffs/"]),
        "prosecutor": ("bench-prosecutor", ["/", "/prosecution/"]),
        "coordinator": (
            "bench-coordinator",
            ["/", "/workgroup/meetings/", "/workgroup/issues/", "/workgroup/actions/"],
        ),
        "analyst": ("bench-analyst", ["/", "/reports/", "/reports/discretion/", "/reports/equity/"]),
        "project manager": ("bench-project-manager", ["/", "/community/triage/"]),
    }
    known = set(
        User.objects.filter(username__in=[account for account, _ in others.values()]).values_list("username", flat=True)
    )
    for role, (account, paths) in others.items():
        if account in known:
            pages += [(role, account, "home" if path == "/" else path, "get", path, {}) for path in paths]
    return pages


def _submit(client) -> tuple:
    from benchmarks import flows

    return client.post("/referrals/new/", flows.referral_submit_data()), 302


def _approve(officer, reason):
    """Each approval first files, as the officer, the referral it approves (a
    social contact not diverted goes to the sergeant): the flow makes what it
    consumes, whatever the scale. Only the approval is timed."""
    from django.test import Client

    from benchmarks import flows
    from benchmarks.sessions import signed_in_session

    filer = Client()
    filer.cookies["sessionid"] = signed_in_session(officer)

    def prepare():
        from referrals.models import Referral

        filed = filer.post("/referrals/new/", flows.referral_submit_data(not_divert_reason=reason))
        assert filed.status_code == 302, f"could not file a referral to approve: {filed.status_code}"
        referral = Referral.objects.filter(officer=officer).order_by("-pk").first()
        assert referral.status == Referral.Status.UNDER_REVIEW, referral.status
        return referral.pk, referral.current_decision_id

    def approve(client, prepared):
        referral, decision = prepared
        response = client.post(
            f"/reviews/{referral}/", flows.review_approve_data(referral, decision), headers=flows.HTMX
        )
        return response, 200

    approve.prepare = prepare
    return approve


def _request(client, method, target, headers, prepared):
    if method == "get":
        path = target() if callable(target) else target
        return client.get(path, headers=headers), 200
    if hasattr(target, "prepare"):
        return target(client, prepared)
    return target(client)


def measure_page(client, method, target, headers) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    prepare = getattr(target, "prepare", lambda: None)
    for _ in range(WARM_UP):
        _check(*_request(client, method, target, headers, prepare()))
    cpu, wall = [], []
    for _ in range(REQUESTS):
        prepared = prepare()
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        response, expected = _request(client, method, target, headers, prepared)
        cpu.append((time.process_time() - cpu_start) * 1000)
        wall.append((time.perf_counter() - wall_start) * 1000)
        _check(response, expected)
    prepared = prepare()
    with CaptureQueriesContext(connection) as queries:
        _check(*_request(client, method, target, headers, prepared))
    return {
        "cpu_ms": round(statistics.median(cpu), 2),
        "cpu_p95_ms": round(sorted(cpu)[int(len(cpu) * 0.95)], 2),
        "wall_ms": round(statistics.median(wall), 2),
        "queries": len(queries),
    }


def _check(response, expected: int) -> None:
    if response.status_code != expected:
        raise RuntimeError(f"{response.request['PATH_INFO']}: status {response.status_code}, expected {expected}")


def main() -> int:
    environment = _environment()
    engine = prepare_database(environment)
    _manage(environment, "collectstatic", "--no-input", "-v0")  # DEBUG off: the manifest storage
    os.environ.update(environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lead_ops.settings")
    import django

    django.setup()
    from django.test import Client

    from benchmarks.sessions import signed_in_session
    from lead_ops.accounts.models import User

    random.seed(20261203)  # the same list filters and searches every run
    rows, clients = [], {}
    print(f"\nCPU per request: scale {SCALE}, {engine}, {REQUESTS} requests after {WARM_UP} to warm up\n", flush=True)
    print(f"{'role':<16} {'page':<34} {'CPU ms':>7} {'p95':>7} {'wall ms':>8} {'queries':>8} {'x bare':>7}")
    bare = None
    for role, account, name, method, target, headers in _pages():
        if account not in clients:
            clients[account] = Client()
            if account:
                clients[account].cookies["sessionid"] = signed_in_session(User.objects.get(username=account))
        row = {"role": role or "(none)", "page": name, **measure_page(clients[account], method, target, headers)}
        if name == "bare page, signed in":
            bare = row["cpu_ms"]  # the floor every signed-in page is compared with
        row["cpu_to_bare"] = round(row["cpu_ms"] / bare, 1) if bare else None
        rows.append(row)
        print(
            f"{row['role']:<16} {name:<34} {row['cpu_ms']:>7.1f} {row['cpu_p95_ms']:>7.1f} {row['wall_ms']:>8.1f} "
            f"{row['queries']:>8} {row['cpu_to_bare'] or '':>7}",
            flush=True,
        )
    report = {
        "date": date.today().isoformat(),
        "scale": SCALE,
        "engine": engine,
        "requests": REQUESTS,
        "warm_up": WARM_UP,
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "pages": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cpu.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {(RESULTS / 'cpu.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
