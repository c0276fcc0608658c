"""Workgroups, their members, and when they meet."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lead_ops import audit
from lead_ops.accounts.models import Precinct, User
from lead_ops.audit.models import AuditEvent
from workgroup.models import Meeting, MeetingSeries, MemberRole, Membership, Workgroup

from .common import lock_meeting_for_change, require_manager


@transaction.atomic
def workgroup_create(*, name: str, actor=None, precinct: Precinct | None = None, default_place: str = "") -> Workgroup:
    require_manager(actor, "create a workgroup")
    workgroup = Workgroup(name=name.strip(), precinct=precinct, default_place=default_place.strip())
    workgroup.full_clean()
    workgroup.save()
    audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=workgroup)
    return workgroup


@transaction.atomic
def workgroup_update(
    *, workgroup: Workgroup, name: str, precinct: Precinct | None, default_place: str, is_active: bool, actor=None
) -> Workgroup:
    require_manager(actor, "change a workgroup")
    workgroup = Workgroup.objects.select_for_update().get(pk=workgroup.pk)
    workgroup.name, workgroup.precinct = name.strip(), precinct
    workgroup.default_place, workgroup.is_active = default_place.strip(), is_active
    workgroup.full_clean()
    workgroup.save()
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=workgroup, detail={"is_active": is_active})
    return workgroup


@transaction.atomic
def meeting_series_stop(*, series: MeetingSeries, actor=None) -> MeetingSeries:
    """No more meetings are made from the series; those already made stay."""
    require_manager(actor, "stop a meeting series")
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    series.is_active = False
    series.save(update_fields=["is_active"])
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=series, summary="Series stopped")
    return series


@transaction.atomic
def membership_add(*, workgroup: Workgroup, user: User, role: str, actor=None) -> Membership:
    """Give someone a seat, or bring back a former member with the seat given."""
    require_manager(actor, "change who sits in a workgroup")
    if not user.is_active:
        raise ValidationError({"user": f"{user.display_name}'s account is deactivated."})
    membership = Membership.objects.select_for_update().filter(workgroup=workgroup, user=user).first()
    if membership is None:
        membership = Membership(workgroup=workgroup, user=user)
    membership.role = role
    membership.is_active = True
    membership.full_clean()
    membership.save()
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        target=membership,
        summary=f"{user.display_name} joined {workgroup} as {membership.get_role_display()}",
    )
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, role: str, is_active: bool, actor=None) -> Membership:
    require_manager(actor, "change who sits in a workgroup")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.role = role
    membership.is_active = is_active
    membership.full_clean()
    membership.save(update_fields=["role", "is_active"])
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        target=membership,
        detail={"role": role, "is_active": is_active},
    )
    return membership


def _to_the_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _check_times(starts_at: datetime, ends_at: datetime, place: str) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("Meeting times must be aware datetimes.")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The meeting must end after it starts."})
    if ends_at - starts_at > timedelta(hours=12):
        raise ValidationError({"ends_at": "A meeting cannot last more than 12 hours."})
    if not place.strip():
        raise ValidationError({"place": "Say where the meeting is."})


@transaction.atomic
def meeting_schedule(
    *,
    workgroup: Workgroup,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    actor=None,
    series: MeetingSeries | None = None,
    series_date: date | None = None,
) -> Meeting:
    require_manager(actor, "schedule meetings")
    if not workgroup.is_active:
        raise ValidationError({"workgroup": f"{workgroup} is no longer active."})
    starts_at, ends_at = _to_the_minute(starts_at), _to_the_minute(ends_at)
    _check_times(starts_at, ends_at, place)
    meeting = Meeting(
        workgroup=workgroup,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        series=series,
        series_date=series_date,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        target=meeting,
        summary=f"Meeting scheduled for {timezone.localtime(starts_at):%Y-%m-%d %H:%M}",
    )
    return meeting


@transaction.atomic
def meeting_reschedule(*, meeting: Meeting, starts_at: datetime, ends_at: datetime, place: str, actor) -> Meeting:
    """A new time or place; calendars see the change through the bumped sequence."""
    require_manager(actor, "reschedule meetings")
    meeting = lock_meeting_for_change(meeting)
    starts_at, ends_at = _to_the_minute(starts_at), _to_the_minute(ends_at)
    _check_times(starts_at, ends_at, place)
    before = {"starts_at": meeting.starts_at.isoformat(), "place": meeting.place}
    meeting.starts_at, meeting.ends_at, meeting.place = starts_at, ends_at, place.strip()
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save(update_fields=["starts_at", "ends_at", "place", "sequence"])
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=meeting, summary="Rescheduled", detail=before)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor) -> Meeting:
    require_manager(actor, "cancel meetings")
    meeting = lock_meeting_for_change(meeting)
    if meeting.is_cancelled:
        return meeting
    if meeting.has_started():
        raise ValidationError("A meeting that has already started cannot be cancelled.")
    meeting.is_cancelled = True
    meeting.sequence += 1
    meeting.save(update_fields=["is_cancelled", "sequence"])
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=meeting, summary="Cancelled")
    return meeting


@transaction.atomic
def meeting_series_create(
    *,
    workgroup: Workgroup,
    first_meeting_on: date,
    start_time: time,
    place: str,
    actor=None,
    interval_weeks: int = 2,
    duration_minutes: int = 90,
    ends_on: date | None = None,
    today: date | None = None,
) -> MeetingSeries:
    """A regular meeting, every other week unless said otherwise; its upcoming
    meetings are made at once."""
    require_manager(actor, "set up a meeting series")
    if ends_on is not None and ends_on < first_meeting_on:
        raise ValidationError({"ends_on": "The series cannot end before its first meeting."})
    series = MeetingSeries(
        workgroup=workgroup,
        first_meeting_on=first_meeting_on,
        start_time=start_time,
        place=place.strip(),
        interval_weeks=interval_weeks,
        duration_minutes=duration_minutes,
        ends_on=ends_on,
        created_by=actor,
    )
    series.full_clean()
    series.save()
    audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=series, summary=str(series))
    meeting_series_generate(series=series, today=today)
    return series


def _occurrences(series: MeetingSeries, start: date, end: date):
    step = timedelta(weeks=series.interval_weeks)
    day = series.first_meeting_on
    if day < start:
        day += step * ((start - day).days // step.days)
        if day < start:
            day += step
    while day <= end and (series.ends_on is None or day <= series.ends_on):
        yield day
        day += step


def meeting_series_generate(*, series: MeetingSeries, today: date | None = None) -> int:
    """Make the series' meetings from today to LEAD_MEETING_HORIZON_WEEKS ahead.
    Safe to run any number of times: one meeting per series date (a database
    constraint), and a date already made, even if cancelled, is never made again."""
    if not series.is_active:
        return 0
    today = today or timezone.localdate()
    horizon = today + timedelta(weeks=settings.LEAD_MEETING_HORIZON_WEEKS)
    existing = set(Meeting.objects.filter(series=series).values_list("series_date", flat=True))
    made = 0
    for day in _occurrences(series, today, horizon):
        if day in existing:
            continue
        # Wall-clock time in the site's zone, so a 10:00 meeting stays at 10:00 across DST.
        starts_at = timezone.make_aware(datetime.combine(day, series.start_time))
        try:
            with transaction.atomic():
                meeting_schedule(
                    workgroup=series.workgroup,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=series.duration_minutes),
                    place=series.place,
                    series=series,
                    series_date=day,
                )
        except IntegrityError:
            continue  # made meanwhile by a concurrent run
        made += 1
    return made


def meeting_series_generate_all(*, today: date | None = None) -> int:
    series_list = MeetingSeries.objects.filter(is_active=True, workgroup__is_active=True).select_related("workgroup")
    return sum(meeting_series_generate(series=series, today=today) for series in series_list)


def default_role_for(user: User) -> str:
    """The seat a user usually takes, from their account's role."""
    from lead_ops.accounts.roles import Role

    for role, seat in (
        (Role.SERGEANT, MemberRole.SERGEANT),
        (Role.OFFICER, MemberRole.OFFICER),
        (Role.CASE_MANAGER, MemberRole.CASE_MANAGER),
        (Role.PROSECUTOR, MemberRole.PROSECUTOR),
        (Role.PUBLIC_DEFENDER, MemberRole.DEFENDER),
        (Role.COMMUNITY_REPRESENTATIVE, MemberRole.COMMUNITY),
        (Role.COORDINATOR, MemberRole.COORDINATOR),
    ):
        if user.has_role(role):
            return seat
    return MemberRole.OTHER
