"""Load for make bench: one user class per flow, run one flow at a time.

BENCH_MODE=closed: users send back to back (throughput, closed loop).
BENCH_MODE=paced: each user sends once a second (a fixed arrival rate of one
request per second per user; 50 users make 50 requests per second). Locust
starts a second's users together; each paced user then waits its own fraction
of a second before its first request, so the 50 requests of a second arrive
spread over it (one every 20 ms), not as one burst of 50.
"""

import itertools
import json
import os
import random
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import gevent
from locust import HttpUser, constant, constant_pacing, task

from benchmarks import flows

PASSWORD = "bench-password-not-for-use"  # noqa: S105  (benchmark accounts only)
ACCOUNTS = int(os.environ.get("BENCH_ACCOUNTS", "20"))
PACED = os.environ.get("BENCH_MODE", "closed") == "paced"
PACED_USERS = int(os.environ.get("BENCH_PACED_USERS", "50"))
_numbers = itertools.count(1)
SESSIONS = json.loads(Path(os.environ["BENCH_SESSIONS"]).read_text()) if os.environ.get("BENCH_SESSIONS") else {}


class Flow(HttpUser):
    abstract = True
    wait_time = constant_pacing(1.0) if PACED else constant(0)
    account = ""

    def on_start(self):
        self.number = next(_numbers)
        try:
            self._sign_in()
        finally:
            if PACED:
                gevent.sleep(((self.number - 1) % PACED_USERS) / PACED_USERS)  # this user's phase

    def _sign_in(self):
        if not self.account:
            return
        username = flows.account(self.account, self.number, SESSIONS, ACCOUNTS)
        if username in SESSIONS:
            # Already signed in (benchmarks/sessions.py): no password hashing in the measured window.
            self.client.cookies.set("sessionid", SESSIONS[username])
            self.client.get("/health/page/", name="(setup)")  # the CSRF cookie
            return
        self.client.get("/accounts/login/", name="(sign in)")
        response = self.client.post(
            "/accounts/login/",
            {"username": username, "password": PASSWORD},
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="(sign in)",
        )
        if response.url.endswith("/accounts/login/"):
            raise RuntimeError(f"could not sign in as {username}")

    def csrf(self) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}


class Baseline(Flow):
    @task
    def page(self):
        self.client.get("/health/page/", name="baseline")


class OfficerHome(Flow):
    account = "bench-officer"

    @task
    def home(self):
        self.client.get("/", name="officer_home")


class ReferralForm(Flow):
    account = "bench-officer"

    @task
    def form(self):
        self.client.get("/referrals/new/?route=social-contact", name="referral_form")


class ReferralSubmit(Flow):
    account = "bench-officer"

    @task
    def submit(self):
        data = flows.referral_submit_data()
        with self.client.post(
            "/referrals/new/",
            data,
            headers=self.csrf(),
            name="referral_submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"not filed: {response.status_code}")


class ApiFlow(Flow):
    """A records system calling the integration API with its bearer token."""

    abstract = True

    def api_headers(self) -> dict:
        return {"Authorization": f"Bearer {SESSIONS['__api__']['token']}"}


class ApiPrefill(ApiFlow):
    @task
    def prefill(self):
        api = SESSIONS["__api__"]
        body = {
            "incident_number": f"2026-{random.randint(0, 99_999_999):08d}",
            "badge_number": random.choice(api["badges"]),
            "occurred_at": (datetime.now(flows.SITE_ZONE) - timedelta(minutes=20)).isoformat(),
            "offenses": ["drug-possession"],
            "drug_type": "opioids",
            "quantity_grams": "1.0",
            "first_name": "Load",
            "last_name": f"Prefill{uuid.uuid4().hex[:8]}",
            "date_of_birth": "1980-01-01",
        }
        with self.client.post(
            "/api/v1/referral-drafts/", json=body, headers=self.api_headers(), name="api_prefill", catch_response=True
        ) as response:
            if response.status_code not in (200, 201):
                response.failure(f"not prefilled: {response.status_code}")


class ApiStatus(ApiFlow):
    @task
    def status(self):
        referral = random.choice(SESSIONS["__api__"]["referral_ids"])
        self.client.get(f"/api/v1/referrals/{referral}/", headers=self.api_headers(), name="api_status")


class ReferralList(Flow):
    account = "bench-sergeant"

    @task
    def listing(self):
        self.client.get(flows.referral_list_path(), name="referral_list")


class ReviewQueue(Flow):
    account = "bench-sergeant"

    @task
    def queue(self):
        self.client.get("/reviews/", name="review_queue")


class ReviewApprove(Flow):
    account = "bench-sergeant"

    def on_start(self):
        super().on_start()
        self.waiting = []

    @task
    def approve(self):
        if not self.waiting:
            page = self.client.get("/reviews/", name="(review queue for approve)")
            self.waiting = flows.QUEUE_ROW.findall(page.text)
            random.shuffle(self.waiting)
            if not self.waiting:
                # Counted as a failure, not skipped: a queue run dry must show in the results.
                self.environment.events.request.fire(
                    request_type="POST",
                    name="review_approve",
                    response_time=0,
                    response_length=0,
                    response=None,
                    context={},
                    exception=RuntimeError("no decision left to review: the data set ran out"),
                )
                return
        referral, decision = self.waiting.pop()
        data = flows.review_approve_data(referral, decision)
        headers = {**self.csrf(), "HX-Request": "true"}
        with self.client.post(
            f"/reviews/{referral}/", data, headers=headers, name="review_approve", catch_response=True
        ) as response:
            # Another benchmark user may have approved it first: that is the product working.
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class PersonSearch(Flow):
    account = "bench-officer"

    @task
    def search(self):
        self.client.get(flows.person_search_path(), headers=flows.HTMX, name="person_search")


class ReportsDashboard(Flow):
    account = "bench-analyst"

    @task
    def dashboard(self):
        self.client.get("/reports/", name="reports_dashboard")
