"""Home-page panels from the referrals app: each role's work queue."""

from django.utils import timezone

from lead_ops.accounts.rules import is_case_manager, is_prosecutor, is_sergeant
from lead_ops.home import HomePanel
from referrals.models import Referral

from .consent import staged_rows
from .rules import can_file_referral
from .selectors.referrals import drafts_of, recent_referrals_of
from .selectors.review import filing_due_for, handoffs_for, held_cases_for, review_queue_for
from .services.consent import disclosures_record_listed

PANEL_ROWS = 5


def _listed(context: dict):
    return context.get("referrals", [])


def _overdue(context: dict):
    return context["overdue"]


def _my_referrals(user) -> dict:
    referrals = recent_referrals_of(user)
    disclosed = disclosures_record_listed(referrals=referrals, recipient=user)
    return {"referrals": referrals, "drafts": list(drafts_of(user)[:PANEL_ROWS]), "part2_notice": disclosed}


def _returned(user) -> dict:
    returned = Referral.objects.filter(officer=user, status=Referral.Status.RETURNED).select_related("person")
    return {"referrals": list(returned.order_by("-updated_at")[:PANEL_ROWS])}


def _review_queue(user) -> dict:
    queue = review_queue_for(user)
    return {"count": queue.count(), "referrals": list(queue[:PANEL_ROWS]), "now": timezone.now()}


def _handoffs(user) -> dict:
    open_handoffs = handoffs_for(user).filter(intake__intake_completed_at__isnull=True)
    return {"referrals": staged_rows(open_handoffs, user, limit=PANEL_ROWS), "today": timezone.localdate()}


def _held(user) -> dict:
    overdue = filing_due_for(user)
    rows = staged_rows(held_cases_for(user), user, limit=PANEL_ROWS, page_of=overdue)
    return {"overdue": rows, "overdue_count": overdue.count()}


my_referrals = HomePanel(
    key="my-referrals",
    title="My referrals",
    template="referrals/_my_referrals_panel.html",
    allowed=can_file_referral,
    context=_my_referrals,
    order=10,
    shows=_listed,
)
returned_to_me = HomePanel(
    key="returned",
    title="Returned to you for correction",
    template="referrals/_returned_panel.html",
    allowed=can_file_referral,
    context=_returned,
    order=5,
    shows=_listed,
)
review_queue = HomePanel(
    key="review-queue",
    title="Waiting for your review",
    template="referrals/_review_queue_panel.html",
    allowed=is_sergeant,
    context=_review_queue,
    order=1,
    shows=_listed,
)
handoffs = HomePanel(
    key="handoffs",
    title="Hand-offs waiting for intake",
    template="referrals/_handoffs_panel.html",
    allowed=is_case_manager,
    context=_handoffs,
    order=1,
    shows=_listed,
)
held = HomePanel(
    key="held",
    title="Held charges past their intake deadline",
    template="referrals/_held_panel.html",
    allowed=is_prosecutor,
    context=_held,
    order=1,
    shows=_overdue,
)
