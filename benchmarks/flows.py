"""What the benchmark's read flows ask for, shared by the locust users
(benchmarks/locustfile.py) and the threaded paced check (benchmarks/paced_check.py)."""

import os
import random
import re
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

LAST_NAMES = ["smi", "gar", "rodri", "nguy", "john", "lee", "will", "mart", "hern", "lop", "tor", "ram", "begay"]
LIST_STATUSES = ["intake_done", "closed", "handed_off", "under_review"]
HTMX = {"HX-Request": "true"}
SITE_ZONE = ZoneInfo(os.environ.get("TIME_ZONE", "America/Los_Angeles"))
QUEUE_ROW = re.compile(r'name="r(\d+)-decision_id" value="(\d+)"')


def account(kind: str, number: int, sessions: dict, accounts: int = 20) -> str:
    """bench-officer-N and bench-sergeant-N in turn, as many as the data set has."""
    if not kind.endswith(("officer", "sergeant")):
        return kind
    known = sorted(name for name in sessions if name.startswith(f"{kind}-"))
    return known[(number - 1) % len(known)] if known else f"{kind}-{(number - 1) % accounts + 1}"


def referral_list_path() -> str:
    return f"/referrals/?status={random.choice(LIST_STATUSES)}&submitted_from=2024-01-01"


def person_search_path() -> str:
    return f"/people/?q={random.choice(LAST_NAMES)}"


# name: (account kind, path, extra headers) for every flow that only reads.
READS = {
    "baseline": ("", lambda: "/health/page/", {}),
    "officer_home": ("bench-officer", lambda: "/", {}),
    "referral_form": ("bench-officer", lambda: "/referrals/new/?route=social-contact", {}),
    "referral_list": ("bench-sergeant", referral_list_path, {}),
    "review_queue": ("bench-sergeant", lambda: "/reviews/", {}),
    "person_search": ("bench-officer", person_search_path, HTMX),
    "reports_dashboard": ("bench-analyst", lambda: "/reports/", {}),
}


def referral_submit_data(*, not_divert_reason: int | None = None) -> dict:
    """A social-contact referral for someone new, screened eligible. Diverted by
    default; with a reason, not diverted, which the route sends to the sergeant."""
    now = datetime.now(SITE_ZONE)  # the form takes the site's local time
    serial = uuid.uuid4().hex[:10]
    data = {
        "route": "social-contact",
        "token": str(uuid.uuid4()),
        "first_name": f"Load{serial}",
        "last_name": f"Test{serial}",
        "date_of_birth": str(date(1960, 1, 1) + timedelta(days=random.randint(0, 14000))),
        "occurred_at": (now - timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M"),
        "prior_activity_verification": "criminal_history",
        "prior_activity_date": str(now.date() - timedelta(days=40)),
        "prior_activity_in_area": "yes",
        "none_apply": "on",
        "decision": "divert",
    }
    if not_divert_reason is not None:
        data.update(decision="not_divert", not_divert_reasons=str(not_divert_reason))
    return data


def review_approve_data(referral: str | int, decision: str | int) -> dict:
    return {f"r{referral}-decision_id": str(decision), f"r{referral}-action": "approve", f"r{referral}-comment": ""}
