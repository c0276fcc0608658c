"""The agenda e-mail with its invitation, and personal calendar feeds."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from lead_ops.audit.models import AuditEvent
from workgroup.models import AgendaDelivery, AgendaItem, CalendarFeed, Meeting
from workgroup.services import (
    agenda_distribution_sweep,
    agenda_item_add,
    calendar_feed_create,
    calendar_feed_resolve,
    calendar_feed_revoke,
    meeting_agenda_send,
    meeting_agenda_send_now,
    meeting_cancel,
)
from workgroup.services.distribution import meetings_due_for_agenda
from workgroup.tasks import agenda_distribution_task, meeting_agenda_send_task

from .conftest import schedule
from .factories import handed_off_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lead_protocol")]


def test_each_member_gets_the_agenda_once_with_an_invitation(next_meeting, members, coordinator, settings):
    agenda_item_add(meeting=next_meeting, actor=coordinator, kind=AgendaItem.Kind.OTHER, title="Roll-call briefing")

    assert meeting_agenda_send_task.delay(next_meeting.pk).get() == 5
    assert meeting_agenda_send(meeting_id=next_meeting.pk) == 0

    assert len(mail.outbox) == 5 and AgendaDelivery.objects.count() == 5
    message = next(m for m in mail.outbox if m.to == [members["officer"].email])
    assert message.subject.startswith("[LEAD Ops] Agenda: North LEAD workgroup,")
    assert "1. Roll-call briefing (Other)" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name == "meeting.ics" and mimetype.startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == next_meeting.starts_at
    assert str(event["dtstart"].params["TZID"]) == settings.TIME_ZONE
    next_meeting.refresh_from_db()
    assert next_meeting.agenda_sent_at is not None


def test_a_member_without_access_gets_the_case_conference_as_restricted(
    next_meeting, members, coordinator, officer, sergeant
):
    referral = handed_off_referral(officer=officer, sergeant=sergeant)
    agenda_item_add(meeting=next_meeting, actor=coordinator, kind=AgendaItem.Kind.CASE_CONFERENCE, referral=referral)

    meeting_agenda_send(meeting_id=next_meeting.pk)

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert f"Participant case conference: referral {referral.pk}" in bodies[officer.email]
    restricted = bodies[members["case_manager"].email]
    assert "restricted: you may not see this referral" in restricted
    assert f"referral {referral.pk}" not in restricted
    assert referral.person.full_name not in restricted


def test_a_failed_send_leaves_no_marker_and_is_tried_again(next_meeting, members, monkeypatch):
    from django.core.mail import EmailMessage

    calls = {"n": 0}
    original = EmailMessage.send

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("SMTP down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    with pytest.raises(OSError, match="SMTP down"):
        meeting_agenda_send(meeting_id=next_meeting.pk)
    assert AgendaDelivery.objects.count() == 1 and len(mail.outbox) == 1

    assert meeting_agenda_send(meeting_id=next_meeting.pk) == 4
    assert AgendaDelivery.objects.count() == 5 and len(mail.outbox) == 5


def test_the_sweep_sends_agendas_due_in_the_configured_days(workgroup, members, coordinator, settings):
    settings.LEAD_AGENDA_DAYS_BEFORE = 3
    soon = schedule(workgroup, actor=coordinator, starts_in=timedelta(days=2))
    later = schedule(workgroup, actor=coordinator, starts_in=timedelta(days=6))
    over = schedule(workgroup, actor=coordinator, starts_in=-timedelta(days=1))
    cancelled = schedule(workgroup, actor=coordinator, starts_in=timedelta(days=1))
    meeting_cancel(meeting=cancelled, actor=coordinator)

    assert meetings_due_for_agenda() == [soon.pk]
    assert agenda_distribution_task.delay().get() == 5
    assert agenda_distribution_sweep() == 0
    assert set(AgendaDelivery.objects.values_list("meeting_id", flat=True)) == {soon.pk}
    assert Meeting.objects.get(pk=later.pk).agenda_sent_at is None and over.agenda_sent_at is None


def test_sending_now_is_enqueued_after_commit(next_meeting, members, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting_agenda_send_now(meeting=next_meeting, actor=coordinator)
    assert len(mail.outbox) == 0 and len(callbacks) == 1

    callbacks[0]()

    assert len(mail.outbox) == 5
    with pytest.raises(ValidationError, match="already went to the members"):
        meeting_agenda_send_now(meeting=next_meeting, actor=coordinator)


@pytest.mark.celery_worker
def test_the_agenda_goes_out_through_a_real_worker(next_meeting, members):
    # With REDIS_URL, a worker process sends it (its e-mail is not in this process's outbox).
    assert meeting_agenda_send_task.delay(next_meeting.pk).get(timeout=60) == 5
    assert AgendaDelivery.objects.filter(meeting=next_meeting).count() == 5
    assert meeting_agenda_send_task.delay(next_meeting.pk).get(timeout=60) == 0


def test_a_calendar_link_is_unguessable_stored_hashed_and_replaced(officer):
    feed, token = calendar_feed_create(user=officer)

    assert len(token) >= 40 and token not in feed.token_hash
    assert calendar_feed_resolve(token=token) == feed
    newer, newer_token = calendar_feed_create(user=officer)

    assert calendar_feed_resolve(token=token) is None  # the stale link
    assert calendar_feed_resolve(token=newer_token) == newer
    assert CalendarFeed.objects.filter(user=officer, revoked_at__isnull=True).count() == 1


def test_revoked_and_unknown_links_are_refused_and_audited(officer):
    _feed, token = calendar_feed_create(user=officer)
    calendar_feed_revoke(user=officer)

    assert calendar_feed_resolve(token=token) is None
    assert calendar_feed_resolve(token="x" * 43) is None
    refusals = AuditEvent.objects.filter(action="permission_denied", object_type="workgroup.calendarfeed")
    assert sorted(refusals.values_list("summary", flat=True)) == [
        "Calendar feed refused: revoked link",
        "Calendar feed refused: unknown link",
    ]
    with pytest.raises(ValidationError, match="no calendar link"):
        calendar_feed_revoke(user=officer)


def test_a_deactivated_account_s_link_stops_working(officer):
    _feed, token = calendar_feed_create(user=officer)
    officer.is_active = False
    officer.save()
    assert calendar_feed_resolve(token=token) is None


def test_a_reading_is_audited_and_recorded(officer):
    feed, token = calendar_feed_create(user=officer)
    calendar_feed_resolve(token=token)
    feed.refresh_from_db()
    assert feed.last_used_at is not None
    assert AuditEvent.objects.filter(action="view", summary="Calendar feed read", actor=officer).count() == 1
    assert timezone.now() - feed.last_used_at < timedelta(minutes=1)
