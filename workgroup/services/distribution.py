"""Getting meetings to members: the agenda by e-mail with an invitation, and a
personal calendar feed behind a revocable, unguessable link."""

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from workgroup import ical
from workgroup.models import AgendaDelivery, CalendarFeed, Meeting
from workgroup.selectors import agenda_for, members_of

from .common import require_manager

logger = logging.getLogger(__name__)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user) -> tuple[CalendarFeed, str]:
    """A new personal feed link; any earlier link stops working. The token is
    returned once, to be shown once: only its hash is kept."""
    now = timezone.now()
    replaced = list(CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    CalendarFeed.objects.filter(pk__in=[feed.pk for feed in replaced]).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=_token_hash(token))
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=user,
        target=feed,
        summary="Calendar feed link made",
        detail={"replaced": [old.pk for old in replaced]},
    )
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, user) -> int:
    feeds = list(CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    if not feeds:
        raise ValidationError("You have no calendar link to revoke.")
    CalendarFeed.objects.filter(pk__in=[feed.pk for feed in feeds]).update(revoked_at=timezone.now())
    audit.record(action=AuditEvent.Action.UPDATE, actor=user, targets=feeds, summary="Calendar feed link revoked")
    return len(feeds)


def calendar_feed_resolve(*, token: str) -> CalendarFeed | None:
    """The active feed a link's token names, or None for an unknown, replaced or
    revoked token or a deactivated account. Every use is audited, refusals too."""
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=_token_hash(token)).first()
    if feed is None or feed.revoked_at is not None or not feed.user.is_active:
        reason = "unknown" if feed is None else "revoked" if feed.revoked_at else "account deactivated"
        audit.record(
            action=AuditEvent.Action.PERMISSION_DENIED,
            outcome=AuditEvent.Outcome.DENIED,
            actor_username=feed.user.get_username() if feed else "",
            object_type="workgroup.calendarfeed",
            object_ids=[feed.pk] if feed else [],
            summary=f"Calendar feed refused: {reason} link",
        )
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    audit.record(action=AuditEvent.Action.VIEW, actor=feed.user, target=feed, summary="Calendar feed read")
    return feed


def _agenda_email(meeting: Meeting, user) -> EmailMessage:
    rows = agenda_for(meeting, user)
    starts = timezone.localtime(meeting.starts_at)
    body = render_to_string(
        "workgroup/email/agenda.txt",
        {"meeting": meeting, "rows": rows, "user": user, "site_url": settings.LEAD_SITE_URL},
    )
    message = EmailMessage(
        subject=f"[{settings.LEAD_SITE_NAME}] Agenda: {meeting.workgroup.name}, {starts:%a %Y-%m-%d %H:%M}",
        body=body,
        to=[user.email],
    )
    invitation = ical.invitation_ics(
        meeting, attendee_email=user.email, attendee_name=user.get_full_name() or user.username
    )
    message.attach("meeting.ics", invitation, "text/calendar; method=REQUEST; charset=utf-8")
    return message


def meeting_agenda_send(*, meeting_id: int, now: datetime | None = None) -> int:
    """E-mail the agenda, with an .ics invitation, to each member not yet sent it.
    Each member's agenda shows only the case conferences they may see. Safe to run
    twice or at once: a member's sent marker (unique per meeting) is written in
    the same transaction as their e-mail, so a member gets it once, and a failed
    send leaves no marker and is tried again."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_related("workgroup").filter(pk=meeting_id).first()
    if meeting is None or meeting.is_cancelled or meeting.agenda_sent_at is not None or meeting.ends_at < now:
        return 0
    sent = []
    for membership in members_of(meeting.workgroup):
        user = membership.user
        if not user.email:
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    AgendaDelivery.objects.create(meeting=meeting, user=user, sent_at=now)
            except IntegrityError:
                continue
            _agenda_email(meeting, user).send()
        sent.append(user.pk)
    Meeting.objects.filter(pk=meeting.pk, agenda_sent_at__isnull=True).update(agenda_sent_at=now)
    audit.record(
        action=AuditEvent.Action.UPDATE,
        target=meeting,
        summary=f"Agenda e-mailed to {len(sent)} member{'s' if len(sent) != 1 else ''}",
        detail={"recipients": sent},
    )
    return len(sent)


def meetings_due_for_agenda(*, now: datetime | None = None) -> list[int]:
    """Meetings starting within LEAD_AGENDA_DAYS_BEFORE days (counted in the site's
    calendar days) whose agenda has not gone out."""
    now = now or timezone.now()
    last_day = timezone.localdate(now) + timedelta(days=settings.LEAD_AGENDA_DAYS_BEFORE + 1)
    cutoff = timezone.make_aware(datetime.combine(last_day, datetime.min.time()))
    return list(
        Meeting.objects.filter(
            is_cancelled=False, agenda_sent_at__isnull=True, starts_at__gt=now, starts_at__lt=cutoff
        ).values_list("pk", flat=True)
    )


def agenda_distribution_sweep(*, now: datetime | None = None) -> int:
    """The beat task's work: send every agenda now due. Returns e-mails sent."""
    return sum(meeting_agenda_send(meeting_id=pk, now=now) for pk in meetings_due_for_agenda(now=now))


@transaction.atomic
def meeting_agenda_send_now(*, meeting: Meeting, actor) -> None:
    """The coordinator sends the agenda before the scheduled day; the e-mails go
    from a task once this transaction commits."""
    require_manager(actor, "send the agenda")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError("This meeting was cancelled.")
    if meeting.agenda_sent_at is not None:
        sent = timezone.localtime(meeting.agenda_sent_at)
        raise ValidationError(f"The agenda already went to the members on {sent:%Y-%m-%d %H:%M}.")
    if meeting.ends_at < timezone.now():
        raise ValidationError("This meeting is over: there is no agenda to send.")
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=meeting, summary="Agenda sending requested")
    transaction.on_commit(lambda: _enqueue_agenda(meeting.pk))


def _enqueue_agenda(meeting_id: int) -> None:
    from workgroup.tasks import meeting_agenda_send_task

    try:
        meeting_agenda_send_task.delay(meeting_id)
    except Exception:
        logger.warning(
            "broker unavailable; the agenda of meeting %s goes with the next sweep", meeting_id, exc_info=True
        )
