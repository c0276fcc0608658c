"""Reads at the community door. Every list and page goes through
community_referrals_visible_to, and every read of what a partner wrote about
someone is audited with the rows it showed."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from lead_ops import audit
from lead_ops.accounts.roles import Role
from lead_ops.audit.lookups import get_visible_or_404
from lead_ops.audit.models import AuditEvent
from referrals.models import Intake

from .models import CommunityReferral, TriageStep
from .status import referrer_status

URGENCY_FIRST = ("today", "soon", "routine")


def community_referrals_visible_to(user) -> QuerySet[CommunityReferral]:
    """The project team and administrators: all. A designated officer: those
    the project team asked their agency to verify, while the request stands.
    A referrer: their own, and of those only what `referrer_rows` gives."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return CommunityReferral.objects.none()
    if user.has_role(Role.ADMINISTRATOR, Role.PROJECT_MANAGER):
        return CommunityReferral.objects.all()
    conditions = Q(pk__in=[])
    if user.has_role(Role.OFFICER, Role.SERGEANT) and user.verifies_community_referrals and user.police_agency:
        conditions |= Q(
            status=CommunityReferral.Status.VERIFICATION_REQUESTED, verification_agency_id=user.police_agency.pk
        )
    if user.has_role(Role.COMMUNITY_REFERRER):
        conditions |= Q(referrer=user)
    return CommunityReferral.objects.filter(conditions)


@dataclass(frozen=True)
class ReferrerRow:
    """A referrer's own referral as they see it: what they wrote, and one word."""

    pk: int
    received_at: datetime
    who: str
    usual_location: str
    status: str


def referrer_rows(referrer, limit: int = 50) -> list[ReferrerRow]:
    rows = (
        CommunityReferral.objects.filter(referrer=referrer)
        .order_by("-received_at", "-id")
        .values("pk", "received_at", "person_name", "person_description", "usual_location", "status")
        .annotate(referral_status=F("referral__status"))[:limit]
    )
    shown = [
        ReferrerRow(
            pk=row["pk"],
            received_at=row["received_at"],
            who=CommunityReferral(person_name=row["person_name"], person_description=row["person_description"]).who,
            usual_location=row["usual_location"],
            status=referrer_status(row["status"], row["referral_status"]),
        )
        for row in rows
    ]
    if shown:
        audit.record(
            action=AuditEvent.Action.LIST,
            actor=referrer,
            object_type="community.communityreferral",
            object_ids=[row.pk for row in shown],
            summary="Own community referrals",
        )
    return shown


def _open_for(user, status: str = "") -> QuerySet[CommunityReferral]:
    rows = community_referrals_visible_to(user)
    if status:
        return rows.filter(status=status)
    return rows.filter(status__in=CommunityReferral.OPEN_STATUSES)


def triage_count(user, *, status: str = "") -> int:
    return _open_for(user, status).count()


def triage_queue(user, *, status: str = "", limit: int = 200) -> list[CommunityReferral]:
    """Open referrals, the most urgent and then the oldest first; or those of one
    status, newest first. Audited with the rows it returned."""
    urgency_rank = Case(
        *(When(urgency=u, then=Value(i)) for i, u in enumerate(URGENCY_FIRST)), output_field=IntegerField()
    )
    rows = _open_for(user, status).select_related("organisation", "verification_agency")
    if status:
        rows = rows.order_by("-received_at", "-id")
    else:
        rows = rows.annotate(urgency_rank=urgency_rank).order_by("urgency_rank", "received_at", "id")
    shown = list(rows[:limit])
    _record_listed(user, shown, "Community triage queue")
    return shown


def verification_queue(user, *, limit: int = 100) -> list[CommunityReferral]:
    rows = community_referrals_visible_to(user).filter(status=CommunityReferral.Status.VERIFICATION_REQUESTED)
    rows = rows.exclude(referrer=user)
    shown = list(rows.select_related("organisation").order_by("received_at", "id")[:limit])
    _record_listed(user, shown, "Community referrals to verify")
    return shown


def _record_listed(user, rows, summary: str) -> None:
    if rows:
        audit.record(action=AuditEvent.Action.LIST, actor=user, targets=rows, summary=summary)


def get_community_referral_for(user, pk: int) -> CommunityReferral:
    """The referral if the user may triage or verify it; an audited 404 otherwise."""
    visible = community_referrals_visible_to(user)
    if not user.has_role(Role.ADMINISTRATOR, Role.PROJECT_MANAGER):
        # A referrer's own rows are theirs as a list of statuses only, never as a page.
        visible = visible.filter(status=CommunityReferral.Status.VERIFICATION_REQUESTED).exclude(referrer=user)
    row = get_visible_or_404(
        visible.select_related("organisation", "referrer", "verification_agency", "decline_reason", "referral"),
        pk,
        "No such community referral",
    )
    audit.record(action=AuditEvent.Action.VIEW, actor=user, target=row)
    return row


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    what: str
    who: str
    note: str = ""


def history_of(community_referral: CommunityReferral) -> list[HistoryEntry]:
    """Every step, time-stamped, with the hand-off once the screened referral had one."""
    entries = [
        HistoryEntry(
            step.at, step.get_kind_display(), step.actor.display_name if step.actor else "Public form", step.note
        )
        for step in TriageStep.objects.filter(community_referral=community_referral).select_related("actor")
    ]
    if community_referral.referral_id:
        intake = (
            Intake.objects.filter(referral_id=community_referral.referral_id)
            .select_related("agency", "handed_off_by")
            .first()
        )
        if intake is not None:
            entries.append(
                HistoryEntry(intake.handed_off_at, f"Handed off to {intake.agency}", intake.handed_off_by.display_name)
            )
    return sorted(entries, key=lambda entry: entry.at)


@dataclass(frozen=True)
class TriageFigures:
    """What the workgroup is shown of the door: no one's name, only counts."""

    open_by_status: dict[str, int]
    oldest_open_days: int | None
    declined_by_reason: dict[str, int]

    @property
    def backlog(self) -> int:
        return sum(self.open_by_status.values())


def triage_figures(*, since: datetime) -> TriageFigures:
    now = timezone.now()
    open_rows = CommunityReferral.objects.filter(status__in=CommunityReferral.OPEN_STATUSES)
    by_status = dict(open_rows.values_list("status").annotate(n=Count("id")).order_by())
    oldest = open_rows.order_by("received_at").values_list("received_at", flat=True).first()
    declined = (
        CommunityReferral.objects.filter(status=CommunityReferral.Status.DECLINED, closed_at__gte=since)
        .values_list("decline_reason__label")
        .annotate(n=Count("id"))
        .order_by("-n", "decline_reason__label")
    )
    labels = dict(CommunityReferral.Status.choices)
    return TriageFigures(
        open_by_status={labels[status]: by_status.get(status, 0) for status in CommunityReferral.OPEN_STATUSES},
        oldest_open_days=(now - oldest).days if oldest else None,
        declined_by_reason=dict(declined),
    )
