"""The benchmark data set at a tiny scale: every part is there, consistent with
the rules the app itself keeps, and the command refuses to fill a database twice."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from lead_ops.audit.models import AuditEvent
from referrals.models import Decision, Referral
from training.models import TrainingRecord
from workgroup.models import AgendaItem, Meeting, OperationalIssue
from workgroup.models import Attendance as MeetingAttendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    call_command("generate_load_data", "--scale", "0.01", stdout=io.StringIO())


def test_the_counts_follow_the_scale(generated):
    # 1% of 100,000 referrals, plus each bench sergeant's queue of pending decisions.
    assert 1_000 <= Referral.objects.filter(is_synthetic=True).count() <= 1_000 + 20 * 10
    assert Meeting.objects.count() == 50
    assert TrainingRecord.objects.count() == 200
    assert AuditEvent.objects.filter(action__in=["view", "list", "search", "create", "update", "sign_in"]).count() >= (
        10_000
    )


def test_every_decision_belongs_to_its_referral(generated):
    assert not Decision.objects.exclude(referral__current_decision=F("pk")).exists()
    assert not Referral.objects.filter(eligibility_status="eligible", current_decision__isnull=True).exists()


def test_meetings_have_agendas_and_held_ones_have_attendance_and_approved_minutes(generated):
    assert not Meeting.objects.annotate(items=Count("agenda_items")).filter(items=0).exists()
    approved = Meeting.objects.filter(minutes_approved_at__isnull=False)
    assert approved.exists()
    assert not approved.annotate(present=Count("attendance")).filter(present=0).exists()
    assert not Meeting.objects.filter(minutes_approved_at__lt=F("ends_at")).exists()
    assert not MeetingAttendance.objects.filter(meeting__starts_at__gt=F("recorded_at")).exists()
    assert (
        not AgendaItem.objects.filter(kind="operational_issue", issue__isnull=True)
        .exclude(title="Operational issue")
        .exists()
    )


def test_closed_issues_were_resolved_after_they_were_raised(generated):
    closed = OperationalIssue.objects.filter(status__in=OperationalIssue.CLOSED_STATUSES)
    assert closed.exists()
    assert not closed.filter(resolved_at__lt=F("created_at")).exists()
    assert (
        not OperationalIssue.objects.exclude(status__in=OperationalIssue.CLOSED_STATUSES)
        .filter(resolved_at__isnull=False)
        .exists()
    )


def test_training_records_expire_by_their_topic_and_mix_current_and_lapsed(generated):
    from django.utils import timezone

    today = timezone.localdate()
    records = TrainingRecord.objects.select_related("topic")
    for record in records[:50]:
        assert record.expires_on == record.topic.expiry_for(record.completed_on)
    assert records.filter(expires_on__lt=today).exists()
    assert records.filter(expires_on__gte=today).exists()
    assert records.filter(source="session", attendance__isnull=False).exists()


def test_releases_of_information_are_in_force_lapsed_and_revoked_as_at_real_intakes(generated):
    """The Part 2 gate is measured over real releases: signed at a completed
    intake, for a year; in force, lapsed and revoked ones all present."""
    from django.utils import timezone

    from referrals.models import ReleaseOfInformation
    from referrals.selectors.consent import with_consent

    today = timezone.localdate()
    releases = ReleaseOfInformation.objects.all()
    assert releases.exists()
    assert not releases.exclude(referral__intake__intake_completed_at__isnull=False).exists(), "only at an intake"
    assert not releases.exclude(person_id=F("referral__person_id")).exists(), "the participant's own"
    assert not releases.exclude(expires_on=F("signed_on") + timedelta(days=365)).exists()
    assert releases.filter(expires_on__lt=today).exists() and releases.filter(revoked_on__isnull=False).exists()
    in_force = with_consent(Referral.objects.filter(status=Referral.Status.INTAKE_DONE)).filter(consent_active=True)
    assert in_force.exists()


def test_a_second_run_is_refused(generated):
    with pytest.raises(CommandError, match="already holds benchmark data"):
        call_command("generate_load_data", "--scale", "0.01")


def test_the_bench_prosecutor_sees_held_cases(generated):
    """make bench-cpu measures /prosecution/ as this account: the data set must
    give it rows (its office is the one the department's held charges go to)."""
    from lead_ops.accounts.models import User
    from referrals.selectors.review import filing_due_for, held_cases_for

    prosecutor = User.objects.get(username="bench-prosecutor")
    assert held_cases_for(prosecutor).count() > 25, "more than a page"
    assert filing_due_for(prosecutor).exists(), "the home panel of overdue filings has rows too"
