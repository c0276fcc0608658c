"""Demo workgroup: members in every seat, a meeting every other week, past
meetings with agendas, minutes and attendance (one without a sergeant, so the
flag shows), issues open and resolved, and action items. Synthetic; through the
services."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from lead_ops.accounts.demo_context import DemoContext
from lead_ops.accounts.models import User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.services import user_create
from lead_ops.protocol.models import ProtocolVersion
from referrals.selectors.referrals import referrals_visible_to

from .models import AgendaItem, MemberRole, OperationalIssue, Workgroup
from .services import (
    action_item_create,
    action_item_update_status,
    addendum_add,
    agenda_item_add,
    attendance_record,
    issue_raise,
    issue_update,
    meeting_schedule,
    meeting_series_create,
    membership_add,
    minutes_approve,
    minutes_record,
    workgroup_create,
)
from .services.meetings import default_role_for

WORKGROUP = "Metro LEAD Operational Workgroup (demo)"
PLACE = "West Precinct community room"
MEETING_TIME = time(10, 0)

ISSUES = [
    (
        "officer",
        56,
        "The case manager on call did not pick up twice on Friday night; the person left before anyone came.",
        "West precinct, 3rd watch",
        "A second on-call number for nights and weekends.",
    ),
    (
        "officer",
        35,
        "The referral form asks for the incident number before we have one on a social contact.",
        "Referral form, social contact route",
        "Make the incident number optional for social contacts.",
    ),
    (
        "sergeant",
        20,
        "Officers in East Patrol do not know which beats are inside the LEAD area.",
        "East precinct",
        "A map of the LEAD area at roll call.",
    ),
    (
        "officer",
        4,
        "Hand-off takes too long when the person has no ID: the agency asks us to wait.",
        "Downtown, beat W2",
        "Agree that the case manager does the ID check, not the officer.",
    ),
    (
        "casemanager",
        30,
        "We would like to hear about social-contact referrals the same day.",
        "",
        "",
    ),
]


def seed(demo: DemoContext) -> None:
    if Workgroup.objects.filter(name=WORKGROUP).exists():
        demo.note("workgroup: already present, kept")
        return
    coordinator = demo.users["coordinator"]
    workgroup = workgroup_create(name=WORKGROUP, default_place=PLACE, actor=coordinator)
    _seat_members(demo, workgroup, coordinator)
    today = demo.today
    first = today - timedelta(weeks=6)
    series = meeting_series_create(
        workgroup=workgroup,
        first_meeting_on=first,
        start_time=MEETING_TIME,
        place=PLACE,
        actor=coordinator,
        today=today,
    )
    past = []
    for weeks_ago in (6, 4, 2):
        day = today - timedelta(weeks=weeks_ago)
        starts_at = timezone.make_aware(datetime.combine(day, MEETING_TIME))
        past.append(
            meeting_schedule(
                workgroup=workgroup,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=90),
                place=PLACE,
                actor=coordinator,
                series=series,
                series_date=day,
            )
        )
    issues = [
        issue_raise(
            raised_by=demo.users[username],
            what_happened=what,
            location=where,
            suggestion=suggestion,
            raised_at=timezone.now() - timedelta(days=days_ago),
        )
        for username, days_ago, what, where, suggestion in ISSUES
    ]
    _hold_meetings(demo, past, issues, coordinator)
    counts = f"{workgroup.memberships.count()} members, {workgroup.meetings.count()} meetings, {len(issues)} issues"
    demo.note(f"workgroup: {counts}")


def _seat_members(demo: DemoContext, workgroup: Workgroup, coordinator: User) -> None:
    for username in ("officer", "sergeant", "casemanager", "prosecutor", "defender", "coordinator"):
        user = demo.users[username]
        membership_add(workgroup=workgroup, user=user, role=default_role_for(user), actor=coordinator)
    community = User.objects.filter(username="community.rep").first() or user_create(
        username="community.rep",
        password=None,
        roles=[Role.COMMUNITY_REPRESENTATIVE],
        first_name="Rosa",
        last_name="Delgado",
        agency=demo.agencies.get("Neighborhood Council (demo)"),
    )
    membership_add(workgroup=workgroup, user=community, role=MemberRole.COMMUNITY, actor=coordinator)
    patrol = list(User.objects.filter(username__startswith="ofc.").order_by("username"))
    for officer in demo.rng.sample(patrol, k=min(2, len(patrol))):
        membership_add(workgroup=workgroup, user=officer, role=MemberRole.OFFICER, actor=coordinator)


def _attendees(demo: DemoContext, *, sergeant: bool) -> list[tuple]:
    seats = [
        ("officer", MemberRole.OFFICER),
        ("casemanager", MemberRole.CASE_MANAGER),
        ("prosecutor", MemberRole.PROSECUTOR),
        ("defender", MemberRole.DEFENDER),
        ("coordinator", MemberRole.COORDINATOR),
    ]
    if sergeant:
        seats.append(("sergeant", MemberRole.SERGEANT))
    return [(demo.users[username], role) for username, role in seats]


def _hold_meetings(demo: DemoContext, meetings, issues, coordinator) -> None:
    first, second, third = meetings
    on_call, incident, _area, _id, same_day = issues

    item = agenda_item_add(meeting=first, actor=coordinator, kind=AgendaItem.Kind.OPERATIONAL_ISSUE, issue=on_call)
    report = agenda_item_add(
        meeting=first, actor=coordinator, kind=AgendaItem.Kind.REPORT_REVIEW, title="Referrals by route, last quarter"
    )
    minutes_record(
        meeting=first,
        actor=coordinator,
        minutes={
            item.pk: "Harbor Case Management will add a second on-call number for nights and weekends.",
            report.pk: "Social-contact referrals now outnumber arrest diversions two to one.",
        },
    )
    attendance_record(meeting=first, actor=coordinator, attendees=_attendees(demo, sergeant=True))
    action_one = action_item_create(
        workgroup=first.workgroup,
        actor=coordinator,
        description="Publish the second on-call number at roll call",
        owner=demo.users["sergeant"],
        due_on=first.local_date + timedelta(days=10),
        meeting=first,
        issue=on_call,
    )
    action_item_update_status(item=action_one, actor=demo.users["sergeant"], status="done")
    minutes_approve(meeting=first, actor=coordinator)
    issue_update(
        issue=on_call,
        actor=coordinator,
        status=OperationalIssue.Status.RESOLVED,
        resolution="Harbor Case Management added a second on-call number; sergeants announced it at roll call.",
    )

    item = agenda_item_add(meeting=second, actor=coordinator, kind=AgendaItem.Kind.OPERATIONAL_ISSUE, issue=incident)
    protocol = ProtocolVersion.objects.order_by("-number").first()
    change = agenda_item_add(
        meeting=second,
        actor=coordinator,
        kind=AgendaItem.Kind.PROTOCOL_CHANGE,
        title="Incident numbers on social contacts",
        protocol_version=protocol,
    )
    minutes_record(
        meeting=second,
        actor=coordinator,
        minutes={
            item.pk: "Agreed: a social contact has no incident number; the form should not ask for one.",
            change.pk: "The coordinator drafts the protocol wording for the Policy Coordinating Group.",
        },
    )
    attendance_record(meeting=second, actor=coordinator, attendees=_attendees(demo, sergeant=False))
    action_item_create(
        workgroup=second.workgroup,
        actor=coordinator,
        description="Send the case managers' same-day notice proposal to the agencies",
        owner=demo.users["casemanager"],
        due_on=demo.today - timedelta(days=3),
        meeting=second,
        issue=same_day,
    )
    minutes_approve(meeting=second, actor=coordinator)
    addendum_add(
        meeting=second,
        actor=coordinator,
        agenda_item=item,
        text="Correction: the form already accepts an empty incident number for social contacts; training will say so.",
    )
    issue_update(
        issue=incident,
        actor=coordinator,
        status=OperationalIssue.Status.WONT_FIX,
        resolution="The form already lets you leave the incident number empty on a social contact; "
        "the next peer training will show it.",
    )

    item = agenda_item_add(meeting=third, actor=coordinator, kind=AgendaItem.Kind.OPERATIONAL_ISSUE, issue=same_day)
    participant = referrals_visible_to(coordinator).order_by("pk").first()
    conference = None
    if participant is not None:
        conference = agenda_item_add(
            meeting=third, actor=coordinator, kind=AgendaItem.Kind.CASE_CONFERENCE, referral=participant
        )
    minutes = {item.pk: "Agencies will try a same-day e-mail for two weeks."}
    if conference is not None:
        minutes[conference.pk] = "Case manager reports engagement; next check-in in two weeks."
    minutes_record(meeting=third, actor=coordinator, minutes=minutes)
    attendance_record(meeting=third, actor=coordinator, attendees=_attendees(demo, sergeant=True))
    action_item_create(
        workgroup=third.workgroup,
        actor=coordinator,
        description="Report back on the same-day e-mail trial",
        owner=demo.users["officer"],
        due_on=demo.today + timedelta(days=5),
        meeting=third,
        issue=same_day,
    )
    issue_update(issue=same_day, actor=coordinator, status=OperationalIssue.Status.IN_PROGRESS)
