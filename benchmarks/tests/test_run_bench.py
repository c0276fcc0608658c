"""make bench's bookkeeping, without a bench run: a flow that consumes data gets
enough for its run, and a flow without a result fails the bench."""

import io

import pytest
from django.core.management import call_command

from benchmarks import flows
from benchmarks.run_bench import (
    TEMPLATE_DB,
    data_set_tag,
    exit_status,
    pending_reviews_needed,
    stale_template,
    targets_missed,
    unmeasured,
)
from lead_ops.accounts.models import Unit, User
from referrals.models import Referral


def _row(requests: int, failures: int = 0) -> dict:
    return {"Request Count": str(requests), "Failure Count": str(failures)}


def test_a_flow_without_requests_in_either_run_is_not_measured():
    assert unmeasured(_row(500), _row(900)) is None
    assert "closed loop" in unmeasured(None, _row(900))
    assert "paced" in unmeasured(_row(500), _row(0))
    assert "run out of data" in unmeasured(_row(0), _row(900))


def test_a_flow_whose_every_request_failed_is_not_measured():
    assert unmeasured(_row(500), _row(900, failures=900)) == "every request failed in the paced run"
    assert unmeasured(_row(500), _row(900, failures=12)) is None


def test_a_flow_not_measured_fails_the_bench():
    measured = [{"name": "baseline", "rps": 600.0}, {"name": "review_approve", "rps": 80.0}]
    assert exit_status(measured) == 0
    assert exit_status([*measured, {"name": "review_approve", "available": False, "reason": "no requests"}]) == 1


def _measured(name: str, rps: float, *, p95: float = 40.0, threaded_p95: float | None = 30.0) -> dict:
    row = {"name": name, "rps": rps, "ratio_to_baseline": round(rps / 300.0, 2), "errors": 0, "p95_ms": p95}
    row["p95_target_ms"] = None if name == "baseline" else 150
    if threaded_p95 is not None:
        row["threaded_p95_ms"] = threaded_p95
    return row


def test_a_flow_meets_the_throughput_target_at_a_third_of_the_baseline_not_at_its_rounded_ratio():
    baseline = _measured("baseline", 300.0)
    # 100.2 a second is a third of 300 and its ratio rounds to 0.33; 99.9 is not.
    assert targets_missed([baseline, _measured("officer_home", 100.2)], []) == []
    assert targets_missed([baseline, _measured("officer_home", 99.9)], []) == [
        "officer_home: 0.33 of the baseline's throughput (< 1/3)"
    ]


def test_only_the_shift_pages_have_the_throughput_target():
    baseline = _measured("baseline", 300.0)
    slow = [_measured(name, 10.0, p95=20.0) for name in ("person_search", "reports_dashboard", "api_status")]
    assert targets_missed([baseline, *slow], []) == []
    assert targets_missed([baseline, _measured("review_approve", 10.0)], []) == [
        "review_approve: 0.03 of the baseline's throughput (< 1/3)"
    ]


def test_each_latency_target_is_checked_on_both_clients_and_exports_on_memory():
    rows = [
        _measured("baseline", 300.0),
        _measured("review_queue", 150.0, p95=151.0, threaded_p95=150.0),
        _measured("referral_submit", 150.0, threaded_p95=None),  # a write: locust only
        {"name": "review_approve", "available": False, "reason": "no requests"},
    ]
    memory = [
        {"format": "csv", "peak_increase_mb": 30.7, "within_limit": True},
        {"format": "xlsx", "peak_increase_mb": 51.0, "within_limit": False},
    ]

    assert targets_missed(rows, memory) == [
        "review_queue: p95 151 ms > 150 ms (locust)",
        "export as xlsx: peak memory +51.0 MB > 50 MB",
    ]
    rows[1]["threaded_p95_ms"] = 150.5
    assert "review_queue: p95 150 ms > 150 ms (threads)" in targets_missed(rows, memory)


def test_the_review_approve_flow_is_given_more_than_its_run_can_use():
    # Closed loop no faster than the baseline page; paced, one a second per user; a quarter to spare.
    assert pending_reviews_needed(mode="closed", seconds=20, ceiling_rps=600.0, paced_users=50) > 600 * 20
    assert pending_reviews_needed(mode="paced", seconds=20, ceiling_rps=600.0, paced_users=50) > 50 * 20
    assert pending_reviews_needed(mode="paced", seconds=10, ceiling_rps=600.0, paced_users=50) < 50 * 20


def _waiting_in_bench_units() -> int:
    units = Unit.objects.filter(supervisors__username__startswith="bench-sergeant-")
    return Referral.objects.filter(unit__in=units, status=Referral.Status.UNDER_REVIEW).count()


@pytest.mark.django_db
def test_the_top_up_fills_the_bench_sergeants_queues_at_a_scale_too_small_for_the_run(client):
    call_command("generate_load_data", "--scale", "0.01", stdout=io.StringIO())
    before = _waiting_in_bench_units()
    assert before < 300  # what the scale alone gives: the 0.05 bench ran out with fewer

    call_command("generate_load_data", "--pending-reviews", "300", stdout=io.StringIO())

    assert _waiting_in_bench_units() >= 300
    assert not Referral.objects.filter(status=Referral.Status.UNDER_REVIEW, current_decision__isnull=True).exists()
    # What the flow reads: the queue page's rows, as the bench sergeant sees them.
    client.force_login(User.objects.get(username="bench-sergeant-1"))
    rows = flows.QUEUE_ROW.findall(client.get("/reviews/").content.decode())
    assert rows
    assert all(Referral.objects.get(pk=r).current_decision_id == int(d) for r, d in rows)
    out = io.StringIO()
    call_command("generate_load_data", "--pending-reviews", "300", stdout=out)
    assert out.getvalue().strip() == "added 0 decisions waiting for review"


def test_a_kept_data_set_is_used_again_only_by_the_generator_that_made_it(tmp_path, monkeypatch):
    from benchmarks import run_bench

    before = data_set_tag(1.0)
    assert before.startswith("1_0_") and data_set_tag(0.05).startswith("0_05_")
    monkeypatch.setattr(run_bench, "ROOT", tmp_path)
    generator = tmp_path / "benchmarks" / "load_data" / "generate.py"
    generator.parent.mkdir(parents=True)
    generator.write_text("# one version")
    one = data_set_tag(1.0)
    generator.write_text("# another version")
    assert data_set_tag(1.0) != one != before

    scale = TEMPLATE_DB.rsplit("_", 1)[0]
    assert stale_template(f"{scale}_0123abcd") and stale_template(scale), "another generator's, or before tags"
    assert not stale_template(TEMPLATE_DB), "the one in use"
    assert not stale_template(f"{scale}5_0123abcd") and not stale_template("lead_ops_bench"), "another scale's"
