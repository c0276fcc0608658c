"""Work queues after filing: the sergeant's review queue, the case manager's
hand-offs, the prosecutor's held cases."""

from datetime import timedelta

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from lead_ops.accounts.models import Unit, User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.selectors import unit_ids_supervised_by
from lead_ops.errors import NotVisible
from referrals.consent import seen_as
from referrals.models import Decision, Referral, Review
from referrals.selectors.referrals import ROW_FIELDS, ROW_OFFICER_FIELDS, held_charges_condition

# What a card of the queue (referrals/views/review.py: _row) and the home panel's
# list read: a list row's fields, the unit, the screening's results (its
# headline) and the decision under review.
QUEUE_ROW_FIELDS = (
    *ROW_FIELDS,
    *ROW_OFFICER_FIELDS,
    "eligibility_results",
    "unit__name",
    "current_decision__outcome",
    "current_decision__narrative",
)


# What a row of the hand-offs page and the case manager's home panel read: a
# list row's fields, the hand-off's times and deadline, and the case manager's name.
HANDOFF_ROW_FIELDS = (
    *ROW_FIELDS,
    "intake__handed_off_at",
    "intake__intake_deadline",
    "intake__intake_completed_at",
    "intake__case_manager__username",
    "intake__case_manager__first_name",
    "intake__case_manager__last_name",
)


# What a row of the prosecutor's held cases and their home panel read: a list
# row's fields, the incident, and the intake's deadline and filing decision
# (nothing else of the intake: case management is not shared with prosecutors).
HELD_ROW_FIELDS = (
    *ROW_FIELDS,
    "incident_number",
    "intake__intake_deadline",
    "intake__filing_decision",
)


# Open hand-offs first (no completion yet), the soonest deadline first. Where
# empty values sort is said, not left to the database: PostgreSQL puts them last
# and SQLite first, which on PostgreSQL listed intakes completed years ago ahead
# of every open hand-off.
HANDOFF_ORDER = (F("intake__intake_completed_at").asc(nulls_first=True), "intake__intake_deadline", "id")
# Held charges by their intake deadline; those not yet handed off (no deadline yet) after them.
HELD_ORDER = (F("intake__intake_deadline").asc(nulls_last=True), "submitted_at", "id")


def review_queue_for(sergeant) -> QuerySet[Referral]:
    """Decisions waiting for this sergeant: officers of their units, oldest
    first, never their own."""
    if not sergeant.has_role(Role.SERGEANT):
        return Referral.objects.none()
    return (
        Referral.objects.filter(status=Referral.Status.UNDER_REVIEW, unit__in=unit_ids_supervised_by(sergeant))
        .exclude(officer=sergeant)
        .select_related("route", "person", "officer", "unit", "current_decision")
        .only(*QUEUE_ROW_FIELDS)
        .prefetch_related(Prefetch("current_decision__reasons"))
        .order_by("submitted_at", "id")
    )


def get_referral_for_review(user, pk: int) -> Referral:
    """A referral this sergeant may act on (their units, not their own); 404 otherwise."""
    referral = (
        Referral.objects.filter(pk=pk, unit__in=unit_ids_supervised_by(user))
        .exclude(officer=user)
        .select_related("route", "person", "officer", "unit", "current_decision")
        .first()
        if user.has_role(Role.SERGEANT)
        else None
    )
    if referral is None:
        raise NotVisible("referrals.referral", pk, "No such referral in your units")
    return referral


def reviews_of(referral: Referral) -> list[Review]:
    return list(referral.reviews.select_related("sergeant", "decision").order_by("created_at", "id"))


def waiting_longer_than(*, hours: int, now=None) -> dict[User, list[Referral]]:
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    waiting = list(
        Referral.objects.filter(status=Referral.Status.UNDER_REVIEW, submitted_at__lt=cutoff, unit__isnull=False)
        .select_related("person")
        .order_by("submitted_at")
    )
    by_unit: dict[int, list[Referral]] = {}
    for referral in waiting:
        by_unit.setdefault(referral.unit_id, []).append(referral)
    digest: dict[User, list[Referral]] = {}
    units = Unit.objects.filter(pk__in=by_unit).prefetch_related("supervisors")
    for unit in units:
        for sergeant in unit.supervisors.all():
            if sergeant.is_active:
                mine = [r for r in by_unit[unit.pk] if r.officer_id != sergeant.pk]
                if mine:
                    digest.setdefault(sergeant, []).extend(mine)
    return digest


def handoffs_for(case_manager) -> QuerySet[Referral]:
    """Hand-offs to the case manager's agency, the soonest deadline first. The
    rows to show are read through referrals.consent.staged_rows (each with its stage)."""
    if not case_manager.has_role(Role.CASE_MANAGER) or case_manager.agency_id is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(intake__agency_id=case_manager.agency_id)
        .select_related("route", "person", "intake", "intake__case_manager")
        .only(*HANDOFF_ROW_FIELDS)
        .order_by(*HANDOFF_ORDER)
    )


def held_cases_for(prosecutor) -> QuerySet[Referral]:
    """Arrest diversions whose charges the prosecutor was asked to hold,
    ordered by the deadline, which is known from the hand-off, never by whether
    intake was done. The rows to show are read through
    referrals.consent.staged_rows (each with the stage the prosecutor may see)."""
    if not prosecutor.has_role(Role.PROSECUTOR):
        return Referral.objects.none()
    return (
        Referral.objects.filter(held_charges_condition(prosecutor))
        .select_related("route", "person", "intake")
        .only(*HELD_ROW_FIELDS)
        .order_by(*HELD_ORDER)
    )


def filing_due_for(prosecutor) -> QuerySet[Referral]:
    """Held cases whose deadline passed without a completion the prosecutor may
    see, and no filing decision yet (a decision closes the referral): the
    decisions waiting for them."""
    return seen_as(held_cases_for(prosecutor), prosecutor, Referral.Status.INTAKE_OVERDUE)


def decisions_of(referral: Referral) -> list[Decision]:
    return list(
        referral.decisions.select_related("decided_by").prefetch_related("reasons").order_by("-decided_at", "-id")
    )
