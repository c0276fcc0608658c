"""The scheduled tasks, run through Celery: against a real worker and Redis in
CI's PostgreSQL pass, eagerly on SQLite. Running twice notifies once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.models import Agency
from lead_ops.accounts.tests.factories import AgencyFactory
from lead_ops.notifications.models import Notification
from referrals.models import Intake, Referral
from referrals.services.handoff import referral_hand_off
from referrals.services.review import review_approve
from referrals.tasks import intake_deadline_sweep_task, review_digest_task

from .factories import file_referral


@pytest.mark.celery_worker
def test_deadline_sweep_task_marks_once_and_notifies_once(officer, sergeant, prosecutor, lead_protocol):
    referral = file_referral(officer=officer, route_code="arrest-diversion")
    review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)
    now = timezone.now()
    intake = referral_hand_off(
        referral=referral,
        actor=officer,
        agency=AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT),
        case_manager=None,
        called_at=now - timedelta(minutes=10),
    )
    Intake.objects.filter(pk=intake.pk).update(intake_deadline=timezone.localdate() - timedelta(days=1))

    first = intake_deadline_sweep_task.delay().get(timeout=30)
    second = intake_deadline_sweep_task.delay().get(timeout=30)

    assert (first, second) == (1, 0)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.INTAKE_OVERDUE
    assert Notification.objects.filter(kind="intake_overdue").count() == 2


@pytest.mark.celery_worker
def test_review_digest_goes_once_a_day_to_sergeants_with_old_items(officer, sergeant, lead_protocol):
    file_referral(officer=officer, route_code="arrest-diversion", submitted_at=timezone.now() - timedelta(hours=30))
    file_referral(officer=officer, route_code="arrest-diversion")  # recent: not in the digest

    assert review_digest_task.delay().get(timeout=30) == 1
    assert review_digest_task.delay().get(timeout=30) == 0

    digest = Notification.objects.get(kind="review_digest", recipient=sergeant)
    assert digest.subject == "1 decision waiting more than 24 hours"


def test_the_schedules_are_in_the_database_for_beat(db):
    from django_celery_beat.models import PeriodicTask

    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {
        "referrals.tasks.intake_deadline_sweep_task",
        "referrals.tasks.review_digest_task",
        "lead_ops.notifications.tasks.notifications_deliver_pending",
    } <= tasks
