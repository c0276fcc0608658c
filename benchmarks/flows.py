"""What the benchmark's read flows ask for, shared by the locust users
(benchmarks/locustfile.py) and the threaded paced check (benchmarks/paced_check.py)."""

import random

LAST_NAMES = ["smi", "gar", "rodri", "nguy", "john", "lee", "will", "mart", "hern", "lop", "tor", "ram", "begay"]
LIST_STATUSES = ["intake_done", "closed", "handed_off", "under_review"]
HTMX = {"HX-Request": "true"}


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
