"""How much work is a referral for an officer on a phone? (make bench-referral)

Serves the app under gunicorn on a fresh SQLite database with the demo data,
drives Chromium at a 375 px wide phone viewport through both routes, and
reports per route: the inputs the officer had to give, the full page loads
from "New referral" to the confirmation, the server time of every request on
the way (from the Server-Timing header, p50 and p95), and whether the page ever
scrolled sideways. Writes benchmarks/results/referral_form.json.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "referral_form.json"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
RUNS = int(os.environ.get("BENCH_REFERRAL_RUNS", "15"))
PYTHON = ROOT / ".venv" / "bin" / "python"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TARGETS = {"social-contact": {"inputs": 8, "loads": 2}, "arrest-diversion": {"inputs": 12, "loads": 2}}


def server_env(database: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnop",
        "DEBUG": "0",
        "LEAD_HTTPS": "0",
        "LEAD_DEMO_MODE": "1",
        "LEAD_REQUIRE_MFA": "0",  # as make run: the demo accounts have no second factor
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }


def prepare(env: dict) -> None:
    for command in (["migrate", "--no-input", "-v0"], ["seed_demo"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([str(PYTHON), "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def start_server(env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "lead_ops.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
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


class Officer:
    """A phone that counts what the officer had to do."""

    def __init__(self, page):
        self.page = page
        self.inputs = 0
        self.loads = 0
        self.server_ms: dict[str, list[float]] = {}
        self.scrolled_sideways = False
        page.on("load", self._loaded)
        page.on("response", self._record)

    def detach(self):
        self.page.remove_listener("load", self._loaded)
        self.page.remove_listener("response", self._record)

    def _loaded(self, _page=None):
        self.loads += 1
        if not self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
            self.scrolled_sideways = True

    def _record(self, response):
        timing = response.headers.get("server-timing", "")
        if "app;dur=" not in timing or "/static/" in response.url:
            return
        path = response.url.split(f":{PORT}", 1)[1].split("?")[0]
        path = "/referrals/<id>/" if path.rstrip("/").split("/")[-1].isdigit() else path
        step = f"{response.request.method} {path}"
        self.server_ms.setdefault(step, []).append(float(timing.split("app;dur=")[1].split(",")[0]))

    def fill(self, label, value, **kwargs):
        self.page.get_by_label(label, **kwargs).fill(value)
        self.inputs += 1

    def check(self, locator):
        locator.check()
        self.inputs += 1

    def select(self, label, value, **kwargs):
        self.page.get_by_label(label, **kwargs).select_option(value)
        self.inputs += 1

    def tap(self, locator):
        locator.click()
        self.inputs += 1


def new_person(route: str, run: int) -> tuple[str, str, str]:
    """Someone not yet on record, so no likely-duplicate question comes up."""
    born = date(1961, 1, 1) + timedelta(days=run * 211 + (0 if route == "Social" else 97))
    return f"{route}{run}", f"Benchmark{route}{run}", str(born)


def file_social_contact(officer: Officer, run: int) -> None:
    page = officer.page
    officer.tap(page.get_by_role("link", name="Social contact referral"))
    page.locator("legend", has_text="Prior activity").wait_for()
    first, last, born = new_person("Social", run)
    officer.fill("First name", first)
    officer.fill("Last name", last)
    officer.fill("Date of birth", born)
    officer.check(page.get_by_label("Criminal history"))
    officer.fill("Date of that activity", str(date.today() - timedelta(days=45)))
    officer.check(page.get_by_role("radio", name="Yes"))
    officer.check(page.get_by_label("None of these apply"))
    page.get_by_test_id("eligibility").filter(has_text="Eligible").wait_for()
    page.get_by_role("button", name="Divert to LEAD").click()


def file_arrest_diversion(officer: Officer, run: int) -> None:
    page = officer.page
    officer.tap(page.get_by_role("link", name="Arrest diversion (pre-booking)"))
    page.locator("legend", has_text="Arrest").wait_for()
    first, last, born = new_person("Arrest", run)
    officer.fill("First name", first)
    officer.fill("Last name", last)
    officer.fill("Date of birth", born)
    officer.fill("Incident / report number", f"2026-{900000 + run:06d}")
    officer.check(page.get_by_label("Drug possession (VUCSA)"))
    officer.select("Drug", "methamphetamine", exact=True)
    officer.fill("Quantity (grams)", "1.2")
    officer.check(page.get_by_label("None of these apply"))
    page.get_by_test_id("eligibility").filter(has_text="Eligible").wait_for()
    page.get_by_role("button", name="Divert to LEAD").click()


JOURNEYS = {"social-contact": file_social_contact, "arrest-diversion": file_arrest_diversion}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def measure(browser, base_url: str) -> list[dict]:
    results = []
    for route, journey in JOURNEYS.items():
        context = browser.new_context(
            base_url=base_url, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("officer")
        page.get_by_label("Password").fill("lead-demo-password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base_url}/")
        runs, all_ms, steps = [], [], {}
        for run in range(RUNS):
            officer = Officer(page)
            page.goto("/referrals/new/")
            journey(officer, run)
            try:
                page.wait_for_url("**/referrals/*/")
                page.get_by_text("Referral filed").wait_for()
            except Exception:
                page.screenshot(path=str(RESULTS.parent / f"failed-{route}.png"), full_page=True)
                raise
            runs.append((officer.inputs, officer.loads, officer.scrolled_sideways))
            for step, values in officer.server_ms.items():
                steps.setdefault(step, []).extend(values)
                all_ms.extend(values)
            officer.detach()
        context.close()
        inputs, loads, scrolled = runs[-1][0], max(r[1] for r in runs), any(r[2] for r in runs)
        results.append(
            {
                "route": route,
                "required_inputs": inputs,
                "page_loads": loads,
                "server_p50_ms": round(statistics.median(all_ms), 1),
                "server_p95_ms": round(percentile(all_ms, 0.95), 1),
                "horizontal_scroll": scrolled,
                "runs": RUNS,
                "steps": {
                    step: {
                        "count": len(v),
                        "p50_ms": round(statistics.median(v), 1),
                        "p95_ms": round(percentile(v, 0.95), 1),
                    }
                    for step, v in sorted(steps.items())
                },
            }
        )
    return results


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        env = server_env(Path(scratch) / "bench.sqlite3")
        prepare(env)
        server = start_server(env)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                results = measure(browser, f"http://127.0.0.1:{PORT}")
                browser.close()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nReferral form, phone 375 px, {RUNS} referrals per route (server time from Server-Timing)\n")
    print(f"{'route':<18} {'inputs':>7} {'loads':>6} {'p50 ms':>8} {'p95 ms':>8}  sideways scroll")
    failures = []
    for row in results:
        print(
            f"{row['route']:<18} {row['required_inputs']:>7} {row['page_loads']:>6} {row['server_p50_ms']:>8} "
            f"{row['server_p95_ms']:>8}  {'yes' if row['horizontal_scroll'] else 'no'}"
        )
        target = TARGETS[row["route"]]
        if row["required_inputs"] > target["inputs"] or row["page_loads"] > target["loads"]:
            failures.append(row["route"])
        if row["server_p95_ms"] >= 100 or row["horizontal_scroll"]:
            failures.append(row["route"])
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    if failures:
        print(f"targets missed: {sorted(set(failures))}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
