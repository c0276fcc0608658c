"""How fast is /reports/ over 100,000 referrals? (make bench-reports)

Builds a PostgreSQL database with the demo data plus BENCH_REFERRALS synthetic
referrals (default 100,000) over two years, with decisions, reasons, reviews and
hand-offs in the demo's proportions, written in bulk (the services would take
hours; these rows only need to be plausible, not to have been filed). Then
serves the app under gunicorn and measures:

- cold: each page with the figure cache off, one request at a time (p50, p95);
- load: the dashboard at BENCH_RPS requests a second (default 50) from
  analysts and sergeants, with the filters people use (default range, a unit, a
  route, a unit kind), starting from an empty cache: the first
  BENCH_WARMUP_SECONDS (default 10) are reported apart, then BENCH_SECONDS
  (default 30) of steady state; figures are cached per scope and filters for
  LEAD_REPORT_CACHE_SECONDS, as in production.

Target (the performance issue): dashboard p95 at most 500 ms at 50 requests a
second on a 2-core machine. Writes benchmarks/results/reports_dashboard.json.
Needs PostgreSQL at BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/lead_ops_reports_bench, dropped and made anew)
and Redis at BENCH_REDIS_URL (default redis://127.0.0.1:6379/11) for the cache.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "reports_dashboard.json"
PYTHON = ROOT / ".venv" / "bin" / "python"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lead_ops_reports_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
REFERRALS = int(os.environ.get("BENCH_REFERRALS", "100000"))
RPS = int(os.environ.get("BENCH_RPS", "50"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
PORT = int(os.environ.get("BENCH_PORT", "8779"))
COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "5"))
WARMUP = int(os.environ.get("BENCH_WARMUP_SECONDS", "10"))


def server_env(**extra) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnop",
        "DEBUG": "0",
        "LEAD_HTTPS": "0",
        "LEAD_REQUIRE_MFA": "0",
        "LEAD_DEMO_MODE": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(*args, env=None) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env or server_env(), check=True)


def create_database() -> None:
    parts = urllib.parse.urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, stdout=subprocess.DEVNULL)
    manage("migrate", "--no-input", "-v0")
    manage("seed_demo")
    manage("collectstatic", "--no-input", "-v0")
    subprocess.run([str(PYTHON), __file__, "generate"], cwd=ROOT, env=server_env(), check=True)


def generate() -> None:
    """Runs inside Django (python benchmarks/reports_dashboard.py generate)."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lead_ops.settings")
    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from lead_ops.accounts.models import Agency, User
    from lead_ops.accounts.roles import Role
    from lead_ops.protocol.selectors import protocol_current
    from referrals.models import Decision, DecisionReason, Intake, Person, Referral, ReferralRoute, Review

    rng = random.Random(7)
    now = timezone.now()
    officers = list(User.objects.filter(groups__name=Role.OFFICER, unit__isnull=False).select_related("unit"))
    supervisors = {o.unit_id: list(o.unit.supervisors.all()) for o in officers}
    routes = list(ReferralRoute.objects.all())
    version = protocol_current()
    reasons = list(DecisionReason.objects.filter(applies_to="not_divert"))
    agencies = list(Agency.objects.filter(kind=Agency.Kind.CASE_MANAGEMENT))
    case_managers = {a.pk: list(User.objects.filter(agency=a, groups__name=Role.CASE_MANAGER)) for a in agencies}
    races = [choice for choice, _ in Person.Race.choices]
    sexes = [choice for choice, _ in Person.Sex.choices]
    with transaction.atomic():
        people = Person.objects.bulk_create(
            Person(
                first_name=f"Bench{i}",
                last_name=f"Person{i}",
                race=rng.choice(races),
                sex=rng.choice(sexes),
                ethnicity=rng.choice(["hispanic", "not_hispanic", "not_recorded"]),
                is_synthetic=True,
            )
            for i in range(REFERRALS // 4)
        )
        batch = []
        for _ in range(REFERRALS):
            officer = rng.choice(officers)
            submitted = now - timedelta(minutes=rng.randint(60, 730 * 24 * 60))
            roll = rng.random()
            eligibility = "eligible" if roll < 0.8 else ("sergeant_decision" if roll < 0.88 else "not_eligible")
            batch.append(
                Referral(
                    route=rng.choice(routes),
                    person=rng.choice(people),
                    officer=officer,
                    unit=officer.unit,
                    precinct=officer.unit.precinct,
                    status="closed",
                    occurred_at=submitted - timedelta(minutes=40),
                    protocol_version=version,
                    eligibility_status=eligibility,
                    eligibility_results=[],
                    submitted_at=submitted,
                    is_synthetic=True,
                )
            )
        referrals = Referral.objects.bulk_create(batch, batch_size=5000)
        decided = [r for r in referrals if r.eligibility_status != "not_eligible"]
        decisions = Decision.objects.bulk_create(
            (
                Decision(
                    referral=r,
                    outcome="divert" if rng.random() < 0.86 else "not_divert",
                    decided_by_id=r.officer_id,
                    decided_at=r.submitted_at,
                )
                for r in decided
            ),
            batch_size=5000,
        )
        through = Decision.reasons.through
        through.objects.bulk_create(
            (
                through(decision_id=d.pk, decisionreason_id=rng.choice(reasons).pk)
                for d in decisions
                if d.outcome == "not_divert"
            ),
            batch_size=5000,
        )
        reviews, intakes = [], []
        for referral, decision in zip(decided, decisions, strict=True):
            referral.current_decision_id = decision.pk
            diverted = decision.outcome == "divert"
            referral.status = "approved" if diverted else "closed"
            if (not diverted or rng.random() < 0.4) and supervisors[referral.unit_id]:
                reviews.append(
                    Review(
                        referral=referral,
                        decision=decision,
                        sergeant=rng.choice(supervisors[referral.unit_id]),
                        action="approve" if rng.random() < 0.95 else "return",
                        created_at=referral.submitted_at + timedelta(minutes=rng.randint(30, 3000)),
                    )
                )
            if diverted and rng.random() < 0.8:
                agency = rng.choice(agencies)
                called = referral.occurred_at + timedelta(minutes=rng.randint(3, 15))
                arrived = called + timedelta(minutes=rng.choice([12, 18, 22, 25, 28, 31, 35, 48, 65]))
                completed = arrived + timedelta(days=rng.randint(1, 40)) if rng.random() < 0.75 else None
                referral.status = "intake_done" if completed and completed < now else "handed_off"
                intakes.append(
                    Intake(
                        referral=referral,
                        agency=agency,
                        case_manager=rng.choice(case_managers[agency.pk]) if case_managers[agency.pk] else None,
                        case_manager_called_at=called,
                        case_manager_arrived_at=arrived,
                        handed_off_at=arrived,
                        handed_off_by_id=referral.officer_id,
                        intake_deadline=timezone.localdate(arrived) + timedelta(days=30),
                        intake_completed_at=completed if completed and completed < now else None,
                    )
                )
        Referral.objects.bulk_update(decided, ["current_decision", "status"], batch_size=5000)
        Review.objects.bulk_create(reviews, batch_size=5000)
        Intake.objects.bulk_create(intakes, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = f"{len(referrals)} referrals, {len(decisions)} decisions, {len(reviews)} reviews, {len(intakes)} intakes"
    print(f"generated {counts}")


def start_server(env) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "lead_ops.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "4",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def session_cookie(username: str) -> str:
    """A signed-in session, made in the database (sign-in itself is not what is measured)."""
    code = (
        "from django.contrib.auth import get_user_model;"
        "from django.test import Client;"
        f"c=Client();c.force_login(get_user_model().objects.get(username='{username}'));"
        "print(c.cookies['sessionid'].value)"
    )
    out = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=server_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def fetch(path: str, cookie: str) -> tuple[int, float]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": f"sessionid={cookie}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  (our own http URL)
        response.read()
        status = response.status
    return status, (time.perf_counter() - started) * 1000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 1)


def cold(cookies: dict) -> dict:
    server = start_server(server_env(LEAD_REPORT_CACHE_SECONDS="0"))
    try:
        result = {}
        for path in ("/reports/", "/reports/discretion/", "/reports/equity/"):
            times = [fetch(path, cookies["analyst"])[1] for _ in range(COLD_RUNS)]
            result[path] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": percentile(times, 0.95)}
        return result
    finally:
        server.terminate()
        server.wait()


def run_at_rate(cookies: dict, seconds: int) -> dict:
    paths = ["/reports/", "/reports/?unit=1", "/reports/?route=1", "/reports/?unit_kind=patrol", "/reports/?unit=3"]
    latencies, errors, lock = [], [], threading.Lock()

    def one(index: int) -> None:
        who = "sergeant" if index % 5 == 0 else "analyst"
        try:
            status, ms = fetch(paths[index % len(paths)], cookies[who])
            with lock:
                latencies.append(ms)
                if status != 200:
                    errors.append(status)
        except OSError as error:
            with lock:
                errors.append(str(error))

    with ThreadPoolExecutor(max_workers=64) as pool:
        started = time.perf_counter()
        for index in range(RPS * seconds):
            delay = started + index / RPS - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, index)
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "max_ms": round(max(latencies), 1),
    }


def load(cookies: dict) -> dict:
    """From an empty cache: the first WARMUP seconds (every filter combination
    computed once, the crowd waiting for it), then SECONDS measured as steady state."""
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, stdout=subprocess.DEVNULL)
    server = start_server(server_env())
    try:
        return {"from_empty_cache": run_at_rate(cookies, WARMUP), "steady": run_at_rate(cookies, SECONDS)}
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    if sys.argv[1:] == ["generate"]:
        generate()
        return
    if "--reuse" not in sys.argv:
        create_database()
    cookies = {name: session_cookie(name) for name in ("analyst", "sergeant")}
    # The machine's load before and after: other work on the same cores shows up in every number.
    results = {"referrals": REFERRALS, "rps": RPS, "seconds": SECONDS, "load_average_before": os.getloadavg()}
    results.update(cold=cold(cookies), load=load(cookies), load_average_after=os.getloadavg())
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
