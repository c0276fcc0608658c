"""Operational issues and action items.

Core principles: periodic review with officers to find and fix operational
issues builds line-officer ownership. Raising an issue takes three fields; its
progress and resolution go back to whoever raised it."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lead_ops import audit, events
from lead_ops.accounts.models import User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.selectors import users_with_role
from lead_ops.audit.models import AuditEvent
from lead_ops.notifications.services import notify
from workgroup.models import ActionItem, Meeting, Membership, OperationalIssue, Workgroup
from workgroup.rules import is_workgroup_manager

from .common import require_manager


def _workgroup_for(user: User) -> Workgroup | None:
    """The workgroup an issue goes to: the only one, or the one for the raiser's precinct."""
    active = list(Workgroup.objects.filter(is_active=True).order_by("pk")[:2])
    if len(active) == 1:
        return active[0]
    if user.unit_id:
        return Workgroup.objects.filter(is_active=True, precinct=user.unit.precinct_id).order_by("pk").first()
    return None


@transaction.atomic
def issue_raise(
    *, raised_by: User, what_happened: str, location: str = "", suggestion: str = "", raised_at=None
) -> OperationalIssue:
    """Anyone signed in raises an issue: what happened (required), where, and a
    suggestion. (raised_at: for loading history, such as the demo data.)"""
    what_happened, location, suggestion = what_happened.strip(), location.strip(), suggestion.strip()
    if not what_happened:
        raise ValidationError({"what_happened": "Say what happened: the issue cannot be empty."})
    issue = OperationalIssue(
        raised_by=raised_by,
        what_happened=what_happened,
        location=location,
        suggestion=suggestion,
        workgroup=_workgroup_for(raised_by),
        created_at=raised_at or timezone.now(),
    )
    issue.full_clean()
    issue.save()
    audit.record(action=AuditEvent.Action.CREATE, actor=raised_by, target=issue, summary="Operational issue raised")
    for coordinator in users_with_role(Role.COORDINATOR).exclude(pk=raised_by.pk):
        notify(
            recipient=coordinator,
            kind="issue_raised",
            subject=f"New operational issue {issue.pk}: {issue.title}",
            body=f"Raised by {raised_by.display_name}.",
            url=issue.get_absolute_url(),
            dedupe_key=f"issue-raised:{issue.pk}:{coordinator.pk}",
        )
    return issue


@transaction.atomic
def issue_update(
    *,
    issue: OperationalIssue,
    actor,
    status: str,
    resolution: str = "",
    protocol_version=None,
    workgroup: Workgroup | None = None,
    now=None,
) -> OperationalIssue:
    """Move an issue along. Resolving it or closing it as won't fix needs the
    resolution text, which goes back to the officer who raised it. (now: the
    moment it happened, for loading history, such as the demo data.)"""
    require_manager(actor, "change an issue's status")
    issue = OperationalIssue.objects.select_for_update().select_related("raised_by").get(pk=issue.pk)
    resolution = resolution.strip()
    if status not in OperationalIssue.Status.values:
        raise ValidationError({"status": "Choose a status."})
    if status in OperationalIssue.CLOSED_STATUSES and not resolution:
        raise ValidationError({"resolution": "Say how the issue was resolved, or why it will not be fixed."})
    before = issue.status
    issue.status, issue.resolution, issue.protocol_version = status, resolution, protocol_version
    if workgroup is not None:
        issue.workgroup = workgroup
    if status in OperationalIssue.CLOSED_STATUSES and before not in OperationalIssue.CLOSED_STATUSES:
        issue.resolved_at, issue.resolved_by = now or timezone.now(), actor
    elif status not in OperationalIssue.CLOSED_STATUSES:
        issue.resolved_at, issue.resolved_by = None, None
    issue.full_clean()
    issue.save()
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        target=issue,
        summary=f"Issue status: {issue.get_status_display()}",
        detail={"from": before, "to": status, "protocol_version": getattr(protocol_version, "pk", None)},
    )
    if status == OperationalIssue.Status.RESOLVED and before != status:
        # Reopened and resolved again, it is a new event.
        stamp = int(issue.resolved_at.timestamp())
        events.publish(events.ISSUE_RESOLVED, key=f"workgroup.issue.resolved:{issue.pk}:{stamp}", issue_id=issue.pk)
    if status != before and issue.raised_by_id != getattr(actor, "pk", None):
        body = f"Resolution: {resolution}" if status in OperationalIssue.CLOSED_STATUSES else ""
        notify(
            recipient=issue.raised_by,
            kind="issue_progress",
            subject=f"Your issue {issue.pk} is now: {issue.get_status_display().lower()}",
            body=body,
            url=issue.get_absolute_url(),
        )
    return issue


def _check_owner(owner: User, workgroup: Workgroup) -> None:
    if not owner.is_active:
        raise ValidationError({"owner": f"{owner.display_name}'s account is deactivated."})
    seated = Membership.objects.filter(workgroup=workgroup, user=owner, is_active=True).exists()
    if not seated and not is_workgroup_manager(owner):
        raise ValidationError({"owner": f"{owner.display_name} does not sit in {workgroup}."})


@transaction.atomic
def action_item_create(
    *,
    workgroup: Workgroup,
    actor,
    description: str,
    owner: User,
    due_on: date,
    meeting: Meeting | None = None,
    issue: OperationalIssue | None = None,
) -> ActionItem:
    """Something a member agreed to do, by when. The due date cannot be before the
    meeting that agreed it (nor, without a meeting, in the past)."""
    require_manager(actor, "assign action items")
    description = description.strip()
    if not description:
        raise ValidationError({"description": "Say what is to be done."})
    if meeting is not None:
        if meeting.workgroup_id != workgroup.pk:
            raise ValidationError({"meeting": "That meeting belongs to another workgroup."})
        if due_on < meeting.local_date:
            raise ValidationError(
                {"due_on": f"The due date cannot be before the meeting ({meeting.local_date:%Y-%m-%d})."}
            )
    elif due_on < timezone.localdate():
        raise ValidationError({"due_on": "The due date cannot be in the past."})
    _check_owner(owner, workgroup)
    item = ActionItem(
        workgroup=workgroup,
        meeting=meeting,
        issue=issue,
        description=description,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=item, summary="Action item assigned")
    if owner.pk != getattr(actor, "pk", None):
        notify(
            recipient=owner,
            kind="action_assigned",
            subject=f"Action item for you, due {due_on:%Y-%m-%d}",
            body=description,
            url=reverse("workgroup:actions") + "?mine=1",
            dedupe_key=f"action-assigned:{item.pk}",
        )
    return item


@transaction.atomic
def action_item_update_status(*, item: ActionItem, actor, status: str) -> ActionItem:
    """The owner or a coordinator moves an action item along."""
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.owner_id != getattr(actor, "pk", None) and not is_workgroup_manager(actor):
        raise PermissionDenied("Only the owner or a coordinator changes an action item.")
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": "Choose a status."})
    before = item.status
    item.status = status
    item.completed_at = timezone.now() if status == ActionItem.Status.DONE else None
    item.full_clean()
    item.save(update_fields=["status", "completed_at", "updated_at"])
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        target=item,
        summary=f"Action item: {item.get_status_display()}",
        detail={"from": before, "to": status},
    )
    return item


def action_item_reminders_send(*, today: date | None = None) -> int:
    """Remind owners LEAD_ACTION_REMINDER_DAYS before an action item is due, and
    once when it is overdue. Safe to run any number of times: each reminder's
    dedupe key names the item and its due date (a new due date re-arms them)."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=settings.LEAD_ACTION_REMINDER_DAYS)
    open_items = ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES, due_on__lte=soon, owner__is_active=True)
    sent = 0
    for item in open_items.select_related("owner").order_by("due_on", "id"):
        overdue = item.due_on < today
        when = "overdue since" if overdue else "due"
        notice = notify(
            recipient=item.owner,
            kind="action_overdue" if overdue else "action_due",
            subject=f"Action item {when} {item.due_on:%Y-%m-%d}: {item.description}"[:200],
            body=item.description,
            url=reverse("workgroup:actions") + "?mine=1",
            dedupe_key=f"action-{'overdue' if overdue else 'due'}:{item.pk}:{item.due_on.isoformat()}",
        )
        sent += notice is not None
    return sent
