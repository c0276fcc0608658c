"""Who may see which referrals. Every view, list, report and count goes through
referrals_visible_to, so a rule changed here is changed everywhere."""

from django.db.models import Q, QuerySet

from lead_ops import audit
from lead_ops.accounts.agencies import own_agency_filter
from lead_ops.accounts.roles import Role
from lead_ops.accounts.selectors import unit_ids_supervised_by
from lead_ops.audit.lookups import get_visible_or_404
from lead_ops.audit.models import AuditEvent
from lead_ops.errors import NotVisible
from referrals.consent import staged_rows
from referrals.models import Referral, ReferralDraft

HELD_STATUSES = (
    *Referral.READY_FOR_HAND_OFF,
    Referral.Status.HANDED_OFF,
    Referral.Status.INTAKE_OVERDUE,
    Referral.Status.INTAKE_DONE,
    Referral.Status.CLOSED,
)
PARTICIPANT_STATUSES = (
    Referral.Status.HANDED_OFF,
    Referral.Status.INTAKE_DONE,
    Referral.Status.INTAKE_OVERDUE,
)


def referrals_visible_to(user) -> QuerySet[Referral]:
    """Officers: their own. Sergeants: their own and their units'. The project
    team: the community door's. Case managers:
    those handed off to their agency. Prosecutors: arrest diversions whose
    charges they were asked to hold. Coordinators: participants handed off to
    case management (for case conferences). Administrators: all. Analysts read
    aggregates only."""
    condition = visible_conditions_for(user)
    if condition is None:
        return Referral.objects.none()
    return Referral.objects.filter(condition)


def visible_conditions_for(user) -> Q | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.has_role(Role.ADMINISTRATOR):
        return Q()
    conditions = []
    if user.has_role(Role.OFFICER, Role.SERGEANT):
        # Their own, filed for their agency: one who moves to another agency
        # leaves the old agency's referrals behind.
        conditions.append(Q(officer=user) & own_agency_filter(user))
    if user.has_role(Role.SERGEANT):
        # A subquery, not a join, so no referral is counted twice.
        conditions.append(Q(unit__in=unit_ids_supervised_by(user)))
    if user.has_role(Role.CASE_MANAGER) and user.agency_id:
        conditions.append(Q(intake__agency_id=user.agency_id))
    if user.has_role(Role.PROSECUTOR):
        conditions.append(held_charges_condition(user))
    if user.has_role(Role.COORDINATOR):
        conditions.append(Q(status__in=PARTICIPANT_STATUSES))
    if user.has_role(Role.PROJECT_MANAGER):
        # The project team screened these or had them verified, and hands them off.
        conditions.append(Q(route__is_community_door=True))
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def held_charges_condition(prosecutor) -> Q:
    """Arrest diversions whose charges were held for the prosecutor's own office:
    the office the referring police agency names. A prosecutor with no office sees none."""
    if not prosecutor.agency_id:
        return Q(pk__in=[])
    return Q(
        prosecutor_hold_requested=True,
        status__in=HELD_STATUSES,
        agency__prosecutor_office_id=prosecutor.agency_id,
    )


def get_referral_for_user(user, pk: int) -> Referral:
    """The referral if the user may see it; 404 otherwise (not 403: the
    existence of someone else's referral is itself not theirs to know)."""
    referral = (
        referrals_visible_to(user)
        .select_related("route", "person", "officer", "unit", "precinct", "protocol_version", "current_decision")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise NotVisible("referrals.referral", pk, "No such referral")
    return referral


def get_referral_to_correct(officer, pk: int) -> Referral:
    """The officer's own referral a sergeant returned for correction; any other
    referral is an audited 404. The form it fills shows the person: a read."""
    returned = referrals_visible_to(officer).filter(officer=officer, status=Referral.Status.RETURNED)
    referral = get_visible_or_404(
        returned.select_related("route", "person", "protocol_version"), pk, "Nothing to correct"
    )
    audit.record(action=AuditEvent.Action.VIEW, actor=officer, target=referral, summary="Opened for correction")
    return referral


LIST_ORDER = ("-submitted_at", "-id")
# What a list row never shows: the screening's answers and results (JSON, decoded
# for every row read). The detail page and the review queue read them.
ROW_DEFERRED = ("screening_answers", "eligibility_results")
# What a row of the referral list and of the officer's home panel reads, and no
# more: the columns it shows, the person's label the accounting of disclosures
# writes (referrals.services.consent) and the stored status the stage rule
# starts from. Fewer columns cost less to build into SQL and into objects; a
# field left out would cost a query per row, which the pinned query counts catch.
ROW_FIELDS = (
    "submitted_at",
    "status",
    "eligibility_status",
    "route__name",
    "person__first_name",
    "person__middle_name",
    "person__last_name",
    "person__date_of_birth",
)
ROW_OFFICER_FIELDS = ("officer__username", "officer__first_name", "officer__last_name", "officer__badge_number")


def referral_list_to_filter(user) -> QuerySet[Referral]:
    """What the list's filters, count and pages narrow: the referrals this user
    may see, without the stage worked out for each (the status filter adds it
    where it needs it: referrals.consent.seen_as). A page's rows are then read
    through referral_rows."""
    return referrals_visible_to(user).order_by(*LIST_ORDER)


def referral_rows(user, ids) -> list[Referral]:
    """The referrals of one list page, in the list's order, each with its stage
    (referrals.consent.staged_rows). `ids` may be the page's slice of a filtered
    query: then it is a subquery of this one, and the page costs one query."""
    rows = referrals_visible_to(user).filter(pk__in=ids).select_related("route", "person", "officer")
    rows = rows.only(*ROW_FIELDS, *ROW_OFFICER_FIELDS)
    return staged_rows(rows.order_by(*LIST_ORDER), user)


def referrals_of_person(user, person) -> list[Referral]:
    """The referrals about one person this user may see, newest first, each with its stage."""
    referrals = referrals_visible_to(user).filter(person=person).select_related("route", "officer", "person")
    return staged_rows(referrals.defer(*ROW_DEFERRED).order_by(*LIST_ORDER), user)


def drafts_of(officer) -> QuerySet[ReferralDraft]:
    return ReferralDraft.objects.filter(officer=officer).select_related("route").order_by("-updated_at")


def recent_referrals_of(officer, limit: int = 5) -> list[Referral]:
    recent = Referral.objects.filter(officer=officer).select_related("route", "person").only(*ROW_FIELDS)
    recent = recent.order_by(*LIST_ORDER)
    return staged_rows(recent, officer, limit=limit)


def referral_filed_with_token(officer, token) -> Referral | None:
    """The referral a form already filed, if it was sent before (double tap, resend)."""
    return Referral.objects.filter(client_token=token, officer=officer).first()
