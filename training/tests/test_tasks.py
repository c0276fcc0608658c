"""Expiry reminders: 30 days before and at expiry, once per record and kind."""

import time
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.utils import timezone

from lead_ops.accounts.roles import Role
from training.models import TrainingReminder
from training.reminders import reminders_due
from training.services import training_reminders_send
from training.tasks import training_reminders_dispatch, training_reminders_send_to_user

from .factories import TopicFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db


def expiring(person, topic, *, in_days: int):
    """A completion of a 12-month topic that expires `in_days` from today."""
    expires = timezone.localdate() + timedelta(days=in_days)
    return TrainingRecordFactory(
        person=person, topic=topic, completed_on=expires - timedelta(days=365), expires_on=expires
    )


@pytest.fixture
def topic():
    return TopicFactory(name="LEAD protocol", refresher_months=12, roles=[Role.OFFICER])


def test_a_reminder_goes_out_30_days_before_expiry_and_once_only(officer, topic):
    expiring(officer, topic, in_days=30)
    today = timezone.localdate()

    assert training_reminders_send(user=officer, on=today) == 1
    assert training_reminders_send(user=officer, on=today) == 0
    assert training_reminders_send(user=officer, on=today + timedelta(days=5)) == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [officer.email]
    assert "LEAD protocol training expires on" in message.subject
    assert "in 30 days" in message.body
    assert TrainingReminder.objects.get().kind == TrainingReminder.Kind.DUE_SOON


def test_nothing_is_due_31_days_ahead(officer, topic):
    expiring(officer, topic, in_days=31)

    assert reminders_due(on=timezone.localdate()) == {}


def test_a_second_reminder_goes_out_on_the_day_it_expires(officer, topic):
    record = expiring(officer, topic, in_days=0)
    TrainingReminder.objects.create(record=record, kind=TrainingReminder.Kind.DUE_SOON)

    assert training_reminders_send(user=officer, on=timezone.localdate()) == 1

    assert "has expired" in mail.outbox[0].subject
    assert set(TrainingReminder.objects.values_list("kind", flat=True)) == {"due_soon", "expired"}


def test_one_email_lists_every_topic_due(officer, topic):
    other = TopicFactory(name="Harm reduction", refresher_months=12, roles=[Role.OFFICER])
    expiring(officer, topic, in_days=10)
    expiring(officer, other, in_days=-2)

    assert training_reminders_send(user=officer, on=timezone.localdate()) == 2

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "LEAD Ops: 2 training topics need renewing"
    assert "Harm reduction: expired on" in mail.outbox[0].body


@pytest.mark.parametrize(
    "situation", ["renewed since", "not required", "long expired", "retired topic", "deactivated", "no e-mail"]
)
def test_no_reminder_when_it_would_not_help(officer, topic, situation):
    record = expiring(officer, topic, in_days=10 if situation != "long expired" else -45)
    if situation == "renewed since":
        TrainingRecordFactory(person=officer, topic=topic, completed_on=timezone.localdate())
    elif situation == "not required":
        topic.requirements.all().delete()
    elif situation == "retired topic":
        topic.is_active = False
        topic.save()
    elif situation == "deactivated":
        officer.is_active = False
        officer.save()
    elif situation == "no e-mail":
        officer.email = ""
        officer.save()

    assert training_reminders_send(user=officer, on=timezone.localdate()) == 0
    assert mail.outbox == []
    assert not record.reminders.exists()


def test_a_refused_email_marks_nothing_sent_so_the_retry_sends_it(officer, topic, monkeypatch):
    expiring(officer, topic, in_days=5)

    def refuse(*args, **kwargs):
        raise SMTPException("mail server down")

    monkeypatch.setattr("training.services.reminders.send_mail", refuse)
    with pytest.raises(SMTPException):
        training_reminders_send(user=officer, on=timezone.localdate())
    assert not TrainingReminder.objects.exists()

    monkeypatch.undo()
    assert training_reminders_send(user=officer, on=timezone.localdate()) == 1


def test_the_daily_dispatch_enqueues_one_task_per_person_after_commit(
    make_user, topic, django_capture_on_commit_callbacks
):
    people = [make_user(Role.OFFICER) for _ in range(3)]
    expiring(people[0], topic, in_days=3)
    expiring(people[1], topic, in_days=-1)
    expiring(people[2], topic, in_days=200)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert training_reminders_dispatch.delay().get() == 2
    assert len(callbacks) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people[0].email, people[1].email])

    with django_capture_on_commit_callbacks(execute=True):
        training_reminders_dispatch.delay().get()
    assert len(mail.outbox) == 2


def test_the_task_for_a_deactivated_person_does_nothing(officer, topic):
    expiring(officer, topic, in_days=3)
    officer.is_active = False
    officer.save()

    assert training_reminders_send_to_user.delay(officer.pk, timezone.localdate().isoformat()).get() == 0


def test_reminders_due_takes_three_queries_however_many(make_user, topic, django_assert_num_queries):
    for _ in range(10):
        expiring(make_user(Role.OFFICER), topic, in_days=7)

    with django_assert_num_queries(3):  # records, roles, requirements
        assert len(reminders_due(on=timezone.localdate())) == 10


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_reminders_through_a_real_worker_are_sent_once(make_user, topic, sent_mail):
    """With REDIS_URL set (the PostgreSQL pass) a real worker runs the tasks."""
    officer = make_user(Role.OFFICER)
    expiring(officer, topic, in_days=12)
    today = timezone.localdate().isoformat()

    assert training_reminders_dispatch.delay(today).get(timeout=20) == 1
    _wait_for(lambda: TrainingReminder.objects.count() == 1)
    assert training_reminders_send_to_user.delay(officer.pk, today).get(timeout=20) == 0
    assert training_reminders_dispatch.delay(today).get(timeout=20) == 0

    assert TrainingReminder.objects.count() == 1
    assert len([to for to, _ in sent_mail() if to == [officer.email]]) == 1


def _wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.2)
