"""Agendas, minutes and attendance.

Approving the minutes locks the meeting's record: agenda, minutes and attendance.
Every change here takes the meeting row's lock and is refused once approved;
corrections after that are addenda, with their author and time."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from referrals.models import Referral
from referrals.selectors.referrals import referrals_visible_to
from workgroup.models import ActionItem, AgendaItem, Attendance, Meeting, MemberRole, MinutesAddendum, OperationalIssue
from workgroup.selectors import agenda_proposals, police_seats_missing

from .common import lock_meeting_for_change, require_manager


def check_referral_visible(actor, referral: Referral | None) -> None:
    """A case conference may link only a referral its coordinator may see; the
    message is the same whether the referral exists or not."""
    if referral is None:
        raise ValidationError({"referral": "A participant case conference needs the referral it is about."})
    if actor is not None and not referrals_visible_to(actor).filter(pk=referral.pk).exists():
        raise ValidationError({"referral": referral_refusal(referral.pk)})


def referral_refusal(number: int) -> str:
    return f"There is no referral {number} that you may see, so it cannot go on the agenda."


def _default_title(kind, issue, referral, protocol_version, action_item) -> str:
    if issue is not None:
        return f"Issue {issue.pk}: {issue.title}"
    if referral is not None:
        return f"Participant case conference: referral {referral.pk}"
    if protocol_version is not None:
        return f"Protocol change: version {protocol_version.number}"
    if action_item is not None:
        return f"Action item follow-up: {action_item.description}"[:200]
    return ""


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    actor,
    kind: str,
    title: str = "",
    detail: str = "",
    issue: OperationalIssue | None = None,
    referral: Referral | None = None,
    protocol_version=None,
    action_item: ActionItem | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda. An operational issue put on an agenda
    moves to 'on agenda' so the officer who raised it sees it is being taken up."""
    require_manager(actor, "change an agenda")
    meeting = lock_meeting_for_change(meeting)
    if meeting.is_cancelled:
        raise ValidationError("This meeting was cancelled: its agenda cannot change.")
    if kind == AgendaItem.Kind.CASE_CONFERENCE:
        check_referral_visible(actor, referral)
    elif referral is not None:
        raise ValidationError({"referral": "Only a participant case conference links a referral."})
    if issue is not None and kind != AgendaItem.Kind.OPERATIONAL_ISSUE:
        raise ValidationError({"issue": "Only an operational-issue item links an issue."})
    if kind == AgendaItem.Kind.OPERATIONAL_ISSUE and issue is None and not title.strip():
        raise ValidationError({"issue": "Choose the operational issue, or give the item a title."})
    if action_item is not None and action_item.workgroup_id != meeting.workgroup_id:
        raise ValidationError({"action_item": "That action item belongs to another workgroup."})
    title = title.strip() or _default_title(kind, issue, referral, protocol_version, action_item)
    if not title:
        raise ValidationError({"title": "Give the item a title."})
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        kind=kind,
        title=title,
        detail=detail.strip(),
        issue=issue,
        referral=referral,
        protocol_version=protocol_version,
        action_item=action_item,
        added_by=actor,
    )
    item.full_clean()
    item.save()
    if issue is not None:
        _issue_on_agenda(issue, actor)
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        target=item,
        summary=f"Agenda item added to meeting {meeting.pk}",
        detail={"kind": kind, "issue": getattr(issue, "pk", None), "referral": getattr(referral, "pk", None)},
    )
    return item


def _issue_on_agenda(issue: OperationalIssue, actor) -> None:
    issue = OperationalIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.status == OperationalIssue.Status.OPEN:
        issue.status = OperationalIssue.Status.ON_AGENDA
        issue.save(update_fields=["status", "updated_at"])
        audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=issue, summary="Put on a meeting agenda")


@transaction.atomic
def agenda_build(*, meeting: Meeting, actor, keep: list[str]) -> list[AgendaItem]:
    """Add the proposals the coordinator kept ('issue:3', 'referral:12', ...), in the
    order proposed. Keys no longer proposed (already added, or resolved meanwhile)
    are skipped; a referral the coordinator may not see is never proposed."""
    require_manager(actor, "build an agenda")
    lock_meeting_for_change(meeting)
    kept = set(keep)
    added = []
    for proposal in agenda_proposals(meeting, actor):
        if proposal.key not in kept:
            continue
        added.append(
            agenda_item_add(
                meeting=meeting,
                actor=actor,
                kind=proposal.kind,
                title=proposal.title,
                detail=proposal.detail,
                issue=proposal.issue,
                referral=proposal.referral,
                action_item=proposal.action_item,
            )
        )
    return added


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, actor, direction: str) -> AgendaItem:
    """Swap the item with its neighbour above ('up') or below ('down')."""
    require_manager(actor, "change an agenda")
    meeting = lock_meeting_for_change(item.meeting)
    items = list(meeting.agenda_items.order_by("position", "id"))
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise ValidationError("That item is not on this agenda.")
    target = index - 1 if direction == "up" else index + 1 if direction == "down" else None
    if target is None:
        raise ValidationError("Move an item up or down.")
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        for position, other in enumerate(items, start=1):
            if other.position != position:
                AgendaItem.objects.filter(pk=other.pk).update(position=position)
        audit.record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            target=item,
            summary=f"Agenda item moved {direction}",
            detail={"order": [other.pk for other in items]},
        )
    return AgendaItem.objects.get(pk=item.pk)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor) -> None:
    require_manager(actor, "change an agenda")
    lock_meeting_for_change(item.meeting)
    item = AgendaItem.objects.select_related("issue").get(pk=item.pk)
    if item.minutes.strip():
        raise ValidationError("This item already has minutes; clear them before taking it off the agenda.")
    issue, item_id, meeting_id = item.issue, item.pk, item.meeting_id
    item.delete()
    if issue is not None and issue.status == OperationalIssue.Status.ON_AGENDA and not issue.agenda_items.exists():
        OperationalIssue.objects.filter(pk=issue.pk).update(status=OperationalIssue.Status.OPEN)
    audit.record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        object_type="workgroup.agendaitem",
        object_ids=[item_id],
        summary=f"Agenda item taken off meeting {meeting_id}",
    )


@transaction.atomic
def minutes_record(*, meeting: Meeting, actor, minutes: dict[int, str]) -> list[AgendaItem]:
    """Write the minutes of the agenda items given (item id -> text). Refused once
    the minutes are approved, and for a case conference the writer may not see."""
    require_manager(actor, "record minutes")
    meeting = lock_meeting_for_change(meeting)
    items = {item.pk: item for item in meeting.agenda_items.all()}
    unknown = set(minutes) - set(items)
    if unknown:
        raise ValidationError("Some of those items are not on this meeting's agenda; nothing was saved.")
    changed = []
    now = timezone.now()
    for pk, text in minutes.items():
        item, text = items[pk], text.strip()
        if item.minutes == text:
            continue
        if item.is_case_conference:
            check_referral_visible(actor, item.referral)
        item.minutes, item.minutes_updated_at, item.minutes_updated_by = text, now, actor
        item.full_clean()
        item.save(update_fields=["minutes", "minutes_updated_at", "minutes_updated_by"])
        changed.append(item)
    if changed:
        audit.record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            targets=changed,
            summary=f"Minutes recorded for meeting {meeting.pk}",
        )
    return changed


@transaction.atomic
def attendance_record(*, meeting: Meeting, actor, attendees: list[tuple]) -> list[Attendance]:
    """Record who came, each with the seat they took: (user, role) pairs. Replaces
    what was recorded before; refused before the meeting starts and once the
    minutes are approved."""
    require_manager(actor, "record attendance")
    meeting = lock_meeting_for_change(meeting)
    if meeting.is_cancelled:
        raise ValidationError("This meeting was cancelled: there is no attendance to record.")
    if not meeting.has_started():
        raise ValidationError("Attendance is recorded once the meeting has started.")
    roles_by_user = {}
    for user, role in attendees:
        if user.pk in roles_by_user:
            raise ValidationError(f"{user.display_name} is listed twice.")
        if role not in MemberRole.values:
            raise ValidationError(f"Choose a seat for {user.display_name}.")
        roles_by_user[user.pk] = (user, role)
    existing = {row.user_id: row for row in meeting.attendance.all()}
    Attendance.objects.filter(meeting=meeting).exclude(user_id__in=roles_by_user).delete()
    now = timezone.now()
    for user_id, (user, role) in roles_by_user.items():
        row = existing.get(user_id)
        if row is None:
            row = Attendance(meeting=meeting, user=user, role=role, recorded_by=actor, recorded_at=now)
        elif row.role == role:
            continue
        else:
            row.role, row.recorded_by, row.recorded_at = role, actor, now
        row.full_clean()
        row.save()
    rows = list(meeting.attendance.select_related("user"))
    missing = police_seats_missing(row.role for row in rows)
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        target=meeting,
        summary="Attendance recorded",
        detail={"attendees": sorted(roles_by_user), "missing_police_seats": missing},
    )
    return rows


@transaction.atomic
def minutes_approve(*, meeting: Meeting, actor) -> Meeting:
    """Approve the minutes: from now on the meeting's agenda, minutes and
    attendance are a record that never changes (corrections are addenda)."""
    require_manager(actor, "approve minutes")
    meeting = lock_meeting_for_change(meeting)
    if meeting.is_cancelled:
        raise ValidationError("A cancelled meeting has no minutes to approve.")
    if not meeting.has_started():
        raise ValidationError("Minutes can be approved only after the meeting has started.")
    if not meeting.agenda_items.exclude(minutes="").exists():
        raise ValidationError("Record the minutes of at least one agenda item before approving them.")
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approved_by = actor
    meeting.save(update_fields=["minutes_approved_at", "minutes_approved_by"])
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=meeting, summary="Minutes approved and locked")
    return meeting


@transaction.atomic
def addendum_add(*, meeting: Meeting, actor, text: str, agenda_item: AgendaItem | None = None) -> MinutesAddendum:
    """A correction to approved minutes, kept beside them with its author and time."""
    require_manager(actor, "correct minutes")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.minutes_locked:
        raise ValidationError("The minutes are not approved yet: change them directly.")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the correction."})
    if agenda_item is not None:
        if agenda_item.meeting_id != meeting.pk:
            raise ValidationError({"agenda_item": "That item is not on this meeting's agenda."})
        if agenda_item.is_case_conference:
            try:
                check_referral_visible(actor, agenda_item.referral)
            except ValidationError:
                raise PermissionDenied("You may not see this case conference.") from None
    addendum = MinutesAddendum(meeting=meeting, agenda_item=agenda_item, text=text, author=actor)
    addendum.full_clean()
    addendum.save()
    audit.record(
        action=AuditEvent.Action.CREATE, actor=actor, target=addendum, summary=f"Addendum to meeting {meeting.pk}"
    )
    return addendum
