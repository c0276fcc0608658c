"""Agendas, minutes and attendance; approval locks all three against every service."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lead_ops.audit.models import AuditEvent
from referrals.models import Referral
from referrals.services.review import review_override
from referrals.tests.factories import file_referral
from workgroup.models import ActionItem, AgendaItem, Attendance, MemberRole, MinutesAddendum, OperationalIssue
from workgroup.selectors import agenda_for, agenda_proposals
from workgroup.services import (
    action_item_create,
    addendum_add,
    agenda_build,
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    attendance_record,
    issue_raise,
    issue_update,
    meeting_cancel,
    meeting_reschedule,
    minutes_approve,
    minutes_record,
)

from .factories import handed_off_referral, overdue_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lead_protocol")]

OTHER = AgendaItem.Kind.OTHER
ISSUE = AgendaItem.Kind.OPERATIONAL_ISSUE
CONFERENCE = AgendaItem.Kind.CASE_CONFERENCE


def add_other(meeting, actor, title="Welcome"):
    return agenda_item_add(meeting=meeting, actor=actor, kind=OTHER, title=title)


def test_an_issue_put_on_the_agenda_is_on_agenda_for_its_officer(next_meeting, coordinator, officer):
    issue = issue_raise(raised_by=officer, what_happened="No case manager answered at night.")

    item = agenda_item_add(meeting=next_meeting, actor=coordinator, kind=ISSUE, issue=issue)

    assert item.title == f"Issue {issue.pk}: No case manager answered at night." and item.position == 1
    issue.refresh_from_db()
    assert issue.status == OperationalIssue.Status.ON_AGENDA
    assert AuditEvent.objects.filter(action="create", object_type="workgroup.agendaitem").exists()


def test_only_coordinators_and_administrators_change_agendas(next_meeting, officer, members):
    with pytest.raises(PermissionDenied):
        add_other(next_meeting, officer)


def test_a_case_conference_needs_a_referral_the_coordinator_may_see(next_meeting, coordinator, officer):
    unseen = file_referral(officer=officer)  # submitted: not a participant, so not the coordinator's to see

    with pytest.raises(ValidationError) as refused:
        agenda_item_add(meeting=next_meeting, actor=coordinator, kind=CONFERENCE, referral=unseen)

    assert refused.value.message_dict == {
        "referral": [f"There is no referral {unseen.pk} that you may see, so it cannot go on the agenda."]
    }
    assert not AgendaItem.objects.exists()
    with pytest.raises(ValidationError, match="needs the referral"):
        agenda_item_add(meeting=next_meeting, actor=coordinator, kind=CONFERENCE)


def test_a_member_without_access_to_the_referral_sees_the_case_conference_as_restricted(
    next_meeting, coordinator, officer, sergeant, members, seated, defender
):
    seated(defender, MemberRole.DEFENDER)
    referral = handed_off_referral(officer=officer, sergeant=sergeant)
    agenda_item_add(meeting=next_meeting, actor=coordinator, kind=CONFERENCE, referral=referral, detail="Housing")

    def seen_by(user):
        (row,) = agenda_for(next_meeting, user)
        return row

    assert not seen_by(officer).restricted and seen_by(officer).referral == referral
    assert not seen_by(coordinator).restricted
    assert not seen_by(members["prosecutor"]).restricted  # a held arrest diversion
    restricted = seen_by(defender)
    assert restricted.restricted and restricted.referral is None
    assert seen_by(members["case_manager"]).restricted  # not their agency's hand-off


def test_build_proposes_open_issues_action_items_and_overdue_intakes(
    next_meeting, past_meeting, coordinator, officer, sergeant, members
):
    issue = issue_raise(raised_by=officer, what_happened="Radio dead zone under the bridge.")
    resolved = issue_raise(raised_by=officer, what_happened="Old form.")
    issue_update(issue=resolved, actor=coordinator, status="resolved", resolution="New form.")
    action = action_item_create(
        workgroup=next_meeting.workgroup,
        actor=coordinator,
        description="Ask dispatch about the dead zone",
        owner=sergeant,
        due_on=past_meeting.local_date,
        meeting=past_meeting,
    )
    ActionItem.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    overdue = overdue_referral(officer=officer, sergeant=sergeant)
    file_referral(officer=officer)  # submitted, not overdue: never proposed

    proposals = agenda_proposals(next_meeting, coordinator)

    assert [p.key for p in proposals] == [f"issue:{issue.pk}", f"action:{action.pk}", f"referral:{overdue.pk}"]
    assert proposals[1].reason.startswith("Overdue action item")
    assert proposals[2].reason.startswith("Intake deadline passed, completion not confirmed")

    added = agenda_build(meeting=next_meeting, actor=coordinator, keep=[f"issue:{issue.pk}", f"referral:{overdue.pk}"])

    assert [item.kind for item in added] == [ISSUE, CONFERENCE]
    assert [p.key for p in agenda_proposals(next_meeting, coordinator)] == [f"action:{action.pk}"]


def test_build_proposes_recent_overrides_only_to_those_who_may_see_them(
    next_meeting, coordinator, administrator, officer, sergeant
):
    referral = file_referral(officer=officer, route_code="arrest-diversion")
    review_override(
        referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant, justification="Profit motive."
    )

    admin_keys = [p.key for p in agenda_proposals(next_meeting, administrator)]
    assert admin_keys == [f"referral:{referral.pk}"]
    assert agenda_proposals(next_meeting, administrator)[0].reason.startswith("Eligibility override")
    assert agenda_proposals(next_meeting, coordinator) == []  # closed: not a participant the coordinator may see


def test_build_skips_keys_no_longer_proposed(next_meeting, coordinator):
    assert agenda_build(meeting=next_meeting, actor=coordinator, keep=["issue:999", "referral:1"]) == []


def test_items_move_up_and_down(next_meeting, coordinator):
    first, second, third = (add_other(next_meeting, coordinator, title) for title in ("A", "B", "C"))

    agenda_item_move(item=third, actor=coordinator, direction="up")
    agenda_item_move(item=first, actor=coordinator, direction="up")  # already first: nothing moves

    assert list(next_meeting.agenda_items.order_by("position").values_list("title", flat=True)) == ["A", "C", "B"]
    with pytest.raises(ValidationError):
        agenda_item_move(item=second, actor=coordinator, direction="sideways")


def test_removing_the_only_item_of_an_issue_reopens_it(next_meeting, coordinator, officer):
    issue = issue_raise(raised_by=officer, what_happened="Forms are slow.")
    item = agenda_item_add(meeting=next_meeting, actor=coordinator, kind=ISSUE, issue=issue)

    agenda_item_remove(item=item, actor=coordinator)

    issue.refresh_from_db()
    assert issue.status == OperationalIssue.Status.OPEN and not AgendaItem.objects.exists()


@pytest.fixture
def approved(past_meeting, coordinator, officer, sergeant, members):
    item = add_other(past_meeting, coordinator, "Roll-call briefing")
    minutes_record(meeting=past_meeting, actor=coordinator, minutes={item.pk: "Sergeants brief at roll call."})
    attendance_record(
        meeting=past_meeting,
        actor=coordinator,
        attendees=[(officer, MemberRole.OFFICER), (sergeant, MemberRole.SERGEANT)],
    )
    minutes_approve(meeting=past_meeting, actor=coordinator)
    past_meeting.refresh_from_db()
    return past_meeting, item


def test_approving_the_minutes_locks_them(approved, coordinator):
    meeting, _item = approved
    assert meeting.minutes_locked and meeting.minutes_approved_by == coordinator
    assert AuditEvent.objects.filter(summary="Minutes approved and locked").exists()


@pytest.mark.parametrize(
    "change",
    [
        "minutes",
        "add",
        "move",
        "remove",
        "attendance",
        "reschedule",
        "cancel",
        "build",
        "approve again",
    ],
)
def test_locked_minutes_refuse_every_change_and_nothing_changes(approved, coordinator, officer, change):
    meeting, item = approved
    before = (
        list(AgendaItem.objects.values_list("pk", "position", "title", "minutes")),
        list(Attendance.objects.values_list("user_id", "role")),
        meeting.starts_at,
        meeting.minutes_approved_at,
    )
    issue_raise(raised_by=officer, what_happened="An issue to build from.")
    attempts = {
        "minutes": lambda: minutes_record(meeting=meeting, actor=coordinator, minutes={item.pk: "Rewritten."}),
        "add": lambda: add_other(meeting, coordinator, "Late item"),
        "move": lambda: agenda_item_move(item=item, actor=coordinator, direction="down"),
        "remove": lambda: agenda_item_remove(item=item, actor=coordinator),
        "attendance": lambda: attendance_record(meeting=meeting, actor=coordinator, attendees=[]),
        "reschedule": lambda: meeting_reschedule(
            meeting=meeting, starts_at=meeting.starts_at, ends_at=meeting.ends_at, place="Elsewhere", actor=coordinator
        ),
        "cancel": lambda: meeting_cancel(meeting=meeting, actor=coordinator),
        "build": lambda: agenda_build(meeting=meeting, actor=coordinator, keep=["issue:1"]),
        "approve again": lambda: minutes_approve(meeting=meeting, actor=coordinator),
    }

    with pytest.raises(ValidationError, match=r"approved on .* and are locked: nothing was changed"):
        attempts[change]()

    meeting.refresh_from_db()
    after = (
        list(AgendaItem.objects.values_list("pk", "position", "title", "minutes")),
        list(Attendance.objects.values_list("user_id", "role")),
        meeting.starts_at,
        meeting.minutes_approved_at,
    )
    assert after == before


def test_corrections_after_approval_are_addenda_with_author_and_time(approved, coordinator):
    meeting, item = approved

    addendum = addendum_add(meeting=meeting, actor=coordinator, agenda_item=item, text="Also at shift change.")

    assert addendum.author == coordinator and addendum.created_at is not None
    item.refresh_from_db()
    assert item.minutes == "Sergeants brief at roll call."
    with pytest.raises(ValidationError, match="Write the correction"):
        addendum_add(meeting=meeting, actor=coordinator, text="   ")
    assert MinutesAddendum.objects.count() == 1


def test_addenda_only_once_approved(past_meeting, coordinator):
    with pytest.raises(ValidationError, match="not approved yet"):
        addendum_add(meeting=past_meeting, actor=coordinator, text="Too early.")


def test_minutes_are_approved_only_after_the_meeting_started_and_with_minutes(
    next_meeting, past_meeting, coordinator, officer
):
    item = add_other(next_meeting, coordinator)
    minutes_record(meeting=next_meeting, actor=coordinator, minutes={item.pk: "Prepared notes."})
    with pytest.raises(ValidationError, match="after the meeting has started"):
        minutes_approve(meeting=next_meeting, actor=coordinator)
    with pytest.raises(ValidationError, match="at least one agenda item"):
        minutes_approve(meeting=past_meeting, actor=coordinator)
    with pytest.raises(PermissionDenied):
        minutes_approve(meeting=past_meeting, actor=officer)


def test_minutes_of_an_item_from_another_meeting_are_refused_whole(past_meeting, next_meeting, coordinator):
    mine, theirs = add_other(past_meeting, coordinator), add_other(next_meeting, coordinator)

    with pytest.raises(ValidationError, match="nothing was saved"):
        minutes_record(meeting=past_meeting, actor=coordinator, minutes={mine.pk: "Ok", theirs.pk: "Sneaky"})

    assert set(AgendaItem.objects.values_list("minutes", flat=True)) == {""}


def test_attendance_is_recorded_by_seat_and_flags_missing_police(past_meeting, coordinator, members, officer):
    rows = attendance_record(
        meeting=past_meeting,
        actor=coordinator,
        attendees=[(officer, MemberRole.OFFICER), (members["prosecutor"], MemberRole.PROSECUTOR)],
    )

    assert {(row.user_id, row.role) for row in rows} == {
        (officer.pk, MemberRole.OFFICER),
        (members["prosecutor"].pk, MemberRole.PROSECUTOR),
    }
    event = AuditEvent.objects.filter(summary="Attendance recorded").latest("id")
    assert event.detail["missing_police_seats"] == ["sergeant"]

    rows = attendance_record(meeting=past_meeting, actor=coordinator, attendees=[(officer, MemberRole.SERGEANT)])
    assert [(row.user_id, row.role) for row in rows] == [(officer.pk, MemberRole.SERGEANT)]


def test_attendance_waits_for_the_meeting_and_lists_each_person_once(next_meeting, past_meeting, coordinator, officer):
    with pytest.raises(ValidationError, match="once the meeting has started"):
        attendance_record(meeting=next_meeting, actor=coordinator, attendees=[(officer, MemberRole.OFFICER)])
    with pytest.raises(ValidationError, match="listed twice"):
        attendance_record(
            meeting=past_meeting,
            actor=coordinator,
            attendees=[(officer, MemberRole.OFFICER), (officer, MemberRole.SERGEANT)],
        )
    assert not Attendance.objects.exists()


def test_referral_status_is_untouched_by_case_conferences(next_meeting, coordinator, officer, sergeant):
    referral = overdue_referral(officer=officer, sergeant=sergeant)
    agenda_item_add(meeting=next_meeting, actor=coordinator, kind=CONFERENCE, referral=referral)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.INTAKE_OVERDUE
