"""Reads for the workgroup app. Each takes the acting user and returns only what
that user may see; referral details inside agendas go through the referrals
app's own visibility rule, never a copy of it."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from community.selectors import TriageFigures, triage_figures
from community.services import community_door
from lead_ops.errors import NotVisible
from referrals.consent import stage_visible_to, with_visible_stage
from referrals.models import Referral, Review
from referrals.selectors.referrals import referrals_visible_to

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    MemberRole,
    Membership,
    OperationalIssue,
    Workgroup,
)
from .rules import is_workgroup_manager

RECENT_WITHOUT_EARLIER_MEETING = timedelta(days=30)


# --- Workgroups and meetings ------------------------------------------------------


def workgroups_for(user) -> QuerySet[Workgroup]:
    """Coordinators and administrators: every active workgroup. Others: the ones they sit in."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Workgroup.objects.none()
    active = Workgroup.objects.filter(is_active=True)
    if is_workgroup_manager(user):
        return active
    return active.filter(memberships__user=user, memberships__is_active=True).distinct()


def is_member(user, workgroup) -> bool:
    return Membership.objects.filter(workgroup=workgroup, user=user, is_active=True).exists()


def members_of(workgroup) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(workgroup=workgroup, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name")
    )


def _with_attendance_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.annotate(
        officers_present=Count("attendance", filter=Q(attendance__role=MemberRole.OFFICER), distinct=True),
        sergeants_present=Count("attendance", filter=Q(attendance__role=MemberRole.SERGEANT), distinct=True),
        attendees=Count("attendance", distinct=True),
    )


def meetings_visible_to(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(workgroup__in=workgroups_for(user).values("pk")).select_related("workgroup")


def upcoming_meetings(user, *, now=None, limit=10) -> list[Meeting]:
    now = now or timezone.now()
    return list(
        _with_attendance_counts(meetings_visible_to(user).filter(ends_at__gte=now)).order_by("starts_at", "id")[:limit]
    )


NEWEST_FIRST = ("-starts_at", "-id")


def past_meetings(user, *, now=None) -> QuerySet[Meeting]:
    """Meetings that have ended, newest first. A page's rows are read with
    their attendance through attendance_rows."""
    now = now or timezone.now()
    return meetings_visible_to(user).filter(ends_at__lt=now).order_by(*NEWEST_FIRST)


def attendance_rows(page: QuerySet[Meeting]) -> list[dict]:
    """The rows of one page of meetings (a slice of past_meetings or
    attendance_report, newest first): each meeting with who was present and the
    police seats missing. Attendance is counted for the page's meetings (a
    subquery of their ids), not for every meeting ever held and then cut, nor
    for the count of pages."""
    meetings = Meeting.objects.filter(pk__in=Subquery(page.values("pk"))).select_related("workgroup")
    counted = _with_attendance_counts(meetings).order_by(*NEWEST_FIRST)
    return [{"meeting": meeting, "missing": missing_police_of_annotated(meeting)} for meeting in counted]


def get_meeting_for_user(user, pk: int) -> Meeting:
    """The meeting if the user sits in its workgroup or runs workgroups; 404 otherwise."""
    meeting = (
        meetings_visible_to(user)
        .select_related("workgroup__precinct", "minutes_approved_by", "series")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise NotVisible("workgroup.meeting", pk, "No such meeting in your workgroups")
    return meeting


def police_seats_missing(attendance_roles) -> list[str]:
    """Which of line officer and sergeant were not at the meeting (core principles:
    both belong in the Operational Workgroup)."""
    roles = set(attendance_roles)
    return [
        label
        for role, label in ((MemberRole.OFFICER, "line officer"), (MemberRole.SERGEANT, "sergeant"))
        if role not in roles
    ]


def missing_police_of_annotated(meeting: Meeting) -> list[str]:
    roles = []
    if meeting.officers_present:
        roles.append(MemberRole.OFFICER)
    if meeting.sergeants_present:
        roles.append(MemberRole.SERGEANT)
    return police_seats_missing(roles)


def attendance_of(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("user").order_by("role", "user__last_name", "user__first_name"))


def attendance_report(user, *, now=None) -> QuerySet[Meeting]:
    """Meetings held (started, not cancelled) in the user's workgroups, newest
    first; a page's rows with the number of line officers and sergeants present
    through attendance_rows."""
    return past_or_started(user, now=now).filter(is_cancelled=False)


def past_or_started(user, *, now=None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return meetings_visible_to(user).filter(starts_at__lte=now).order_by(*NEWEST_FIRST)


# --- Agendas --------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    restricted: bool

    @property
    def referral(self) -> Referral | None:
        return None if self.restricted else self.item.referral


def visible_referral_ids(user, referral_ids) -> set[int]:
    ids = {pk for pk in referral_ids if pk is not None}
    if not ids:
        return set()
    return set(referrals_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def agenda_items_of(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.agenda_items.select_related(
            "issue",
            "referral__person",
            "referral__route",
            "protocol_version",
            "action_item__owner",
            "minutes_updated_by",
        )
        # Releases, so the referral's status shown obeys consent (referrals.consent).
        .prefetch_related("addenda__author", "referral__releases")
        .order_by("position", "id")
    )


def agenda_for(meeting: Meeting, viewer) -> list[AgendaRow]:
    """The agenda as this viewer may see it: a participant case conference is
    'restricted' (no title, detail or minutes) unless the viewer may see its
    referral under the referrals app's rule."""
    items = agenda_items_of(meeting)
    visible = visible_referral_ids(viewer, [item.referral_id for item in items])
    return [AgendaRow(item, item.is_case_conference and item.referral_id not in visible) for item in items]


def general_addenda_of(meeting: Meeting):
    return list(meeting.addenda.filter(agenda_item__isnull=True).select_related("author").order_by("created_at"))


class ProposalGroup(models.TextChoices):
    """What "Build agenda" proposes, in the order the page shows it."""

    ISSUE = "issue", "Open operational issues"
    OVERDUE_ACTION = "overdue_action", "Overdue action items"
    OPEN_ACTION = "open_action", "Action items not yet due"
    CASE_CONFERENCE = "case_conference", "Participant case conferences"
    REPORT = "report", "Reports"


# The workgroup's standing rule: every open operational issue and every overdue
# action item belongs on the next agenda. Action items not yet due and case
# conferences (one participant at a time) are proposed for the coordinator to
# choose, not ticked for them.
BELONG_ON_EVERY_AGENDA = frozenset({ProposalGroup.ISSUE, ProposalGroup.OVERDUE_ACTION})


@dataclass(frozen=True)
class Proposal:
    """An item "Build agenda" suggests; the coordinator keeps or drops it."""

    key: str
    kind: str
    group: str
    title: str
    reason: str
    detail: str = ""
    issue: OperationalIssue | None = None
    referral: Referral | None = None
    action_item: ActionItem | None = None

    @property
    def kind_label(self) -> str:
        return AgendaItem.Kind(self.kind).label

    @property
    def ticked_by_default(self) -> bool:
        return self.group in BELONG_ON_EVERY_AGENDA


def proposals_by_group(proposals: list[Proposal]) -> list[tuple[ProposalGroup, list[Proposal]]]:
    """The proposals in the page's groups, in ProposalGroup's order; empty groups left out."""
    grouped = {group: [p for p in proposals if p.group == group] for group in ProposalGroup}
    return [(group, members) for group, members in grouped.items() if members]


def _recent_since(meeting: Meeting):
    earlier = (
        Meeting.objects.filter(workgroup=meeting.workgroup, starts_at__lt=meeting.starts_at, is_cancelled=False)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return earlier or meeting.starts_at - RECENT_WITHOUT_EARLIER_MEETING


COMMUNITY_TRIAGE = "Community triage"
COMMUNITY_TRIAGE_KEY = "report:community-triage"


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def community_triage_proposal(figures: TriageFigures, *, since) -> Proposal | None:
    """The community door's triage for the workgroup, as counts only (no one's
    name, nothing a partner wrote): what is open and how long the oldest has
    waited, and what was declined at triage since `since`, by reason. None when
    there is nothing to say."""
    declined = figures.declined_by_reason
    if not figures.backlog and not declined:
        return None
    if not figures.backlog:
        backlog = "none open"
    elif figures.oldest_open_days:
        backlog = f"{figures.backlog} open, oldest {_days(figures.oldest_open_days)}"
    else:
        backlog = f"{figures.backlog} open, oldest received today"
    reasons = ", ".join(f"{reason} {count}" for reason, count in declined.items())
    declines = f"declined since the last meeting: {reasons}" if declined else "none declined since the last meeting"
    title = f"{COMMUNITY_TRIAGE}: {backlog}; {declines}"
    if len(title) > AgendaItem._meta.get_field("title").max_length:
        title = f"{COMMUNITY_TRIAGE}: {backlog}; {sum(declined.values())} declined since the last meeting"
    open_by_status = ", ".join(f"{status} {count}" for status, count in figures.open_by_status.items() if count)
    since_day = f"{timezone.localdate(since):%Y-%m-%d}"
    detail = " ".join(
        part
        for part in (
            f"Open: {open_by_status}." if open_by_status else "",
            f"Declined at triage since {since_day}: {reasons}." if declined else "",
        )
        if part
    )
    return Proposal(
        key=COMMUNITY_TRIAGE_KEY,
        kind=AgendaItem.Kind.REPORT_REVIEW,
        group=ProposalGroup.REPORT,
        title=title,
        reason=f"The community door's triage backlog and declines since {since_day}, counts only. {detail}",
        detail=detail,
    )


def _community_triage(meeting: Meeting, since, on_agenda: list[tuple[str, str]]) -> list[Proposal]:
    """Proposed where the site has an open community door, until it is on this agenda."""
    if any(kind == AgendaItem.Kind.REPORT_REVIEW and title.startswith(COMMUNITY_TRIAGE) for kind, title in on_agenda):
        return []
    if community_door() is None:
        return []
    proposal = community_triage_proposal(triage_figures(since=since), since=since)
    return [proposal] if proposal else []


def agenda_proposals(meeting: Meeting, user, *, today=None) -> list[Proposal]:
    """What the meeting should look at: open operational issues, open and overdue
    action items, overdue intakes and eligibility overrides since the last meeting,
    and the community door's triage (counts only). Referrals only where the user
    may see them; nothing already on this agenda."""
    today = today or timezone.localdate()
    on_agenda = list(meeting.agenda_items.values_list("issue_id", "action_item_id", "referral_id", "kind", "title"))
    issue_ids = {row[0] for row in on_agenda}
    action_ids = {row[1] for row in on_agenda}
    referral_ids = {row[2] for row in on_agenda}
    since = _recent_since(meeting)
    proposals: list[Proposal] = []

    issues = (
        OperationalIssue.objects.exclude(status__in=OperationalIssue.CLOSED_STATUSES)
        .filter(Q(workgroup=meeting.workgroup) | Q(workgroup__isnull=True))
        .exclude(pk__in=issue_ids - {None})
        .select_related("raised_by")
        .order_by("created_at", "id")
    )
    for issue in issues:
        proposals.append(
            Proposal(
                key=f"issue:{issue.pk}",
                kind=AgendaItem.Kind.OPERATIONAL_ISSUE,
                group=ProposalGroup.ISSUE,
                title=f"Issue {issue.pk}: {issue.title}",
                reason=f"{issue.get_status_display()} operational issue raised by {issue.raised_by.display_name} "
                f"on {timezone.localdate(issue.created_at):%Y-%m-%d}",
                issue=issue,
            )
        )

    actions = (
        ActionItem.objects.filter(workgroup=meeting.workgroup, status__in=ActionItem.OPEN_STATUSES)
        .exclude(pk__in=action_ids - {None})
        .select_related("owner")
        .order_by("due_on", "id")
    )
    for action in actions:
        overdue = action.is_overdue(today)
        proposals.append(
            Proposal(
                key=f"action:{action.pk}",
                kind=AgendaItem.Kind.OTHER,
                group=ProposalGroup.OVERDUE_ACTION if overdue else ProposalGroup.OPEN_ACTION,
                title=f"Action item follow-up: {action.description}"[:200],
                reason=f"{'Overdue' if overdue else 'Open'} action item of {action.owner.display_name}, "
                f"due {action.due_on:%Y-%m-%d}",
                action_item=action,
            )
        )

    visible = referrals_visible_to(user).exclude(pk__in=referral_ids - {None})
    if meeting.workgroup.precinct_id:
        visible = visible.filter(
            Q(unit__precinct=meeting.workgroup.precinct_id) | Q(precinct=meeting.workgroup.precinct_id)
        )
    # Through the disclosure gate: the deadline passed as this member may know it
    # (a completion without a release in force looks the same as none).
    overdue = (
        with_visible_stage(visible, user)
        .filter(visible_status=Referral.Status.INTAKE_OVERDUE)
        .select_related("intake")
        .order_by("submitted_at")
    )
    proposed_referrals = set()
    for referral in overdue:
        proposed_referrals.add(referral.pk)
        deadline = getattr(getattr(referral, "intake", None), "intake_deadline", None)
        proposals.append(
            Proposal(
                key=f"referral:{referral.pk}",
                kind=AgendaItem.Kind.CASE_CONFERENCE,
                group=ProposalGroup.CASE_CONFERENCE,
                title=f"Participant case conference: referral {referral.pk}",
                reason=stage_visible_to(user, referral).label
                + (f" (deadline {deadline:%Y-%m-%d})" if deadline else ""),
                referral=referral,
            )
        )

    overridden = (
        Review.objects.filter(
            Q(eligibility_overridden=True) | Q(action=Review.Action.OVERRIDE),
            created_at__gte=since,
            referral__in=visible.values("pk"),
        )
        .exclude(referral_id__in=proposed_referrals)
        .select_related("referral")
        .order_by("created_at", "id")
    )
    for review in overridden:
        if review.referral_id in proposed_referrals:
            continue
        proposed_referrals.add(review.referral_id)
        proposals.append(
            Proposal(
                key=f"referral:{review.referral_id}",
                kind=AgendaItem.Kind.CASE_CONFERENCE,
                group=ProposalGroup.CASE_CONFERENCE,
                title=f"Participant case conference: referral {review.referral_id}",
                reason=f"Eligibility override reviewed {timezone.localdate(review.created_at):%Y-%m-%d}",
                referral=review.referral,
            )
        )
    proposals += _community_triage(meeting, since, [(row[3], row[4]) for row in on_agenda])
    return proposals


# --- Issues ------------------------------------------------------------------------------


def issue_list(user, *, status: str = "", mine: bool = False) -> QuerySet[OperationalIssue]:
    """Every issue, for everyone signed in: the tracker is open by design."""
    issues = OperationalIssue.objects.select_related("raised_by", "workgroup", "protocol_version")
    if status:
        issues = issues.filter(status=status)
    if mine:
        issues = issues.filter(raised_by=user)
    return issues.order_by("-created_at", "-id")


def get_issue(user, pk: int) -> OperationalIssue:
    issue = issue_list(user).select_related("resolved_by").filter(pk=pk).first()
    if issue is None:
        raise NotVisible("workgroup.operationalissue", pk, "No such issue")
    return issue


def meetings_of_issue(issue: OperationalIssue, user) -> list[dict]:
    """The meetings that discussed the issue; linked only where the user may open them."""
    meetings = list(
        Meeting.objects.filter(agenda_items__issue=issue).select_related("workgroup").distinct().order_by("starts_at")
    )
    openable = set(meetings_visible_to(user).filter(pk__in=[m.pk for m in meetings]).values_list("pk", flat=True))
    return [{"meeting": m, "may_open": m.pk in openable} for m in meetings]


def issues_raised_by(user, *, limit: int = 5) -> list[OperationalIssue]:
    return list(OperationalIssue.objects.filter(raised_by=user).order_by("-updated_at", "-id")[:limit])


# --- Action items --------------------------------------------------------------------------


def action_items_visible_to(user) -> QuerySet[ActionItem]:
    """The action items of the user's workgroups, and any they own."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ActionItem.objects.none()
    return ActionItem.objects.filter(Q(workgroup__in=workgroups_for(user).values("pk")) | Q(owner=user)).select_related(
        "owner", "meeting", "issue", "workgroup"
    )


def action_item_list(user, *, status: str = "", mine: bool = False) -> QuerySet[ActionItem]:
    items = action_items_visible_to(user)
    if status == "overdue":
        items = items.filter(status__in=ActionItem.OPEN_STATUSES, due_on__lt=timezone.localdate())
    elif status:
        items = items.filter(status=status)
    if mine:
        items = items.filter(owner=user)
    return items.order_by("due_on", "id")


def get_action_item_for_user(user, pk: int) -> ActionItem:
    item = action_items_visible_to(user).filter(pk=pk).first()
    if item is None:
        raise NotVisible("workgroup.actionitem", pk, "No such action item")
    return item


def open_actions_owned_by(user, *, limit: int = 5) -> list[ActionItem]:
    return list(
        ActionItem.objects.filter(owner=user, status__in=ActionItem.OPEN_STATUSES)
        .select_related("meeting")
        .order_by("due_on", "id")[:limit]
    )


def action_items_of_meeting(meeting: Meeting) -> list[ActionItem]:
    return list(meeting.action_items.select_related("owner", "issue").order_by("due_on", "id"))


# --- Calendar ----------------------------------------------------------------------------------

CALENDAR_PAST = timedelta(days=180)


def calendar_meetings_for(user, *, now=None) -> list[Meeting]:
    now = now or timezone.now()
    return list(meetings_visible_to(user).filter(starts_at__gte=now - CALENDAR_PAST).order_by("starts_at", "id"))


def next_meeting_for(user, *, now=None) -> Meeting | None:
    """The user's next meeting, for the home page (members only; no query for others)."""
    now = now or timezone.now()
    seated = Membership.objects.filter(workgroup=OuterRef("workgroup"), user=user, is_active=True)
    return (
        Meeting.objects.filter(Exists(seated), ends_at__gte=now, is_cancelled=False, workgroup__is_active=True)
        .select_related("workgroup")
        .order_by("starts_at")
        .first()
    )
