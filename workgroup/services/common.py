"""Checks every workgroup service shares."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from workgroup.models import Meeting
from workgroup.rules import is_workgroup_manager


def require_manager(actor, what: str = "do this") -> None:
    if actor is not None and not is_workgroup_manager(actor):
        raise PermissionDenied(f"Only a workgroup coordinator or an administrator may {what}.")


def locked_error(meeting: Meeting) -> ValidationError:
    when = timezone.localtime(meeting.minutes_approved_at)
    by = f" by {meeting.minutes_approved_by.display_name}" if meeting.minutes_approved_by_id else ""
    return ValidationError(
        f"The minutes of this meeting were approved on {when:%Y-%m-%d %H:%M}{by} and are locked: "
        "nothing was changed. Add an addendum to correct them."
    )


def lock_meeting_for_change(meeting: Meeting) -> Meeting:
    """The meeting row, locked for this transaction; refused once its minutes are approved.
    Every change to an agenda, minutes or attendance goes through here, so approval
    (which takes the same lock) and a change can never interleave."""
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("minutes_approved_by", "workgroup")
        .get(pk=meeting.pk)
    )
    if locked.minutes_locked:
        raise locked_error(locked)
    return locked
