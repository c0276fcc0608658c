"""Whose referrals a report is computed over, and the exports a user may reach.

Scope is explicit here, not borrowed: analysts, coordinators, the project team
(project managers) and administrators see program-wide aggregates; sergeants see the units they supervise and nothing
else, read through the same visibility selector as every referral list
(referrals_visible_to); officers and everyone else see no reports at all."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from lead_ops.accounts.models import Precinct, Unit
from lead_ops.accounts.roles import Role
from lead_ops.accounts.selectors import unit_ids_supervised_by
from lead_ops.errors import NotVisible
from referrals.models import Referral
from referrals.selectors.referrals import referrals_visible_to, visible_conditions_for

from .models import ReportExport

PROGRAM_ROLES = (Role.ANALYST, Role.COORDINATOR, Role.PROJECT_MANAGER, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class ReportScope:
    """What one user's reports cover. `unit_ids` is None for the whole program."""

    user_id: int
    unit_ids: tuple[int, ...] | None
    # An agency's figures (an integration client's): its referrals only.
    agency_id: int | None = None

    @property
    def is_program(self) -> bool:
        return self.unit_ids is None

    @property
    def cache_key(self) -> str:
        # Keyed by what is covered, not by who asks: two sergeants of the same
        # units share figures, and a sergeant never gets the program's.
        if self.agency_id is not None:
            return f"agency-{self.agency_id}"
        return "program" if self.unit_ids is None else "units-" + "-".join(map(str, self.unit_ids))

    def units(self) -> QuerySet[Unit]:
        units = Unit.objects.select_related("precinct").order_by("name")
        return units if self.unit_ids is None else units.filter(pk__in=self.unit_ids)

    def precincts(self) -> QuerySet[Precinct]:
        precincts = Precinct.objects.order_by("name")
        return precincts if self.unit_ids is None else precincts.filter(units__in=self.unit_ids).distinct()


def report_scope(user) -> ReportScope:
    """The scope of the user's reports; PermissionDenied for anyone without one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied("Sign in to see reports.")
    if user.has_role(*PROGRAM_ROLES):
        return ReportScope(user_id=user.pk, unit_ids=None)
    if user.has_role(Role.SERGEANT):
        return ReportScope(user_id=user.pk, unit_ids=tuple(sorted(unit_ids_supervised_by(user))))
    raise PermissionDenied("Reports are for analysts, coordinators, project managers and sergeants.")


def agency_scope(agency_id: int | None) -> ReportScope:
    """The scope of an integration client's figures: its agency's units and
    referrals, or the whole program for a client of no agency."""
    if agency_id is None:
        return ReportScope(user_id=0, unit_ids=None)
    units = Unit.objects.filter(precinct__agency_id=agency_id).order_by("pk").values_list("pk", flat=True)
    return ReportScope(user_id=0, unit_ids=tuple(units), agency_id=agency_id)


def referrals_in_scope(user, scope: ReportScope) -> QuerySet[Referral]:
    """The referrals a report over `scope` may count."""
    if scope.agency_id is not None:
        return Referral.objects.filter(agency_id=scope.agency_id)
    if scope.is_program:
        # Program-wide aggregates for analysts and coordinators, who may open
        # few or none of these referrals one by one.
        return Referral.objects.all()
    return referrals_visible_to(user).filter(unit__in=scope.unit_ids)


def community_referrals_in_scope(scope: ReportScope, filters) -> QuerySet | None:
    """What came in at the community door in the filters' period, on their
    route, for a report over `scope`; None where such a report cannot count it.
    A partner's referral has no police agency, precinct or unit until it is
    screened (the Referral then counts in scope like any other), so only the
    program's reports, without an agency, precinct, unit or unit-kind filter,
    count the door itself."""
    from community.models import CommunityReferral  # the community app's own rows, read only here

    if not scope.is_program or scope.agency_id is not None or filters.locates:
        return None
    start, end = filters.period()
    rows = CommunityReferral.objects.filter(received_at__gte=start, received_at__lt=end)
    return rows if filters.route_id is None else rows.filter(route_id=filters.route_id)


def referrals_for_identified_export(user, scope: ReportScope) -> QuerySet[Referral]:
    """Rows with names: only those the user may also open one by one."""
    condition = visible_conditions_for(user)
    if condition is None:
        return Referral.objects.none()
    return referrals_in_scope(user, scope).filter(condition)


def identified_rows_allowed(user) -> bool:
    """Names and dates of birth go only into exports of referrals the user may
    open one by one: a sergeant's units, or everything for an administrator.
    Analysts and coordinators export de-identified rows."""
    return user.has_role(Role.SERGEANT, Role.ADMINISTRATOR)


def exports_of(user, *, days: int = 7) -> QuerySet[ReportExport]:
    since = timezone.now() - timedelta(days=days)
    return ReportExport.objects.filter(owner=user, created_at__gte=since).order_by("-created_at")


def get_export_for_owner(user, export_id) -> ReportExport:
    """The user's own export; 404 for anyone else's (its existence is not theirs to know)."""
    export = ReportExport.objects.filter(pk=export_id, owner=user).first() if user.is_authenticated else None
    if export is None:
        raise NotVisible("reports.reportexport", export_id, "No such export")
    return export
