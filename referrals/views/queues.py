"""The case manager's hand-offs and the prosecutor's held cases."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.utils import timezone

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from referrals.consent import staged_rows
from referrals.selectors.review import handoffs_for, held_cases_for
from referrals.services.consent import disclosures_record_listed

PAGE_SIZE = 25


def _audited(request, referrals, summary):
    audit.record(
        action=AuditEvent.Action.LIST,
        actor=request.user,
        targets=referrals,
        object_type="referrals.referral",
        summary=summary,
    )


def _page(request, queryset) -> tuple[Page, int]:
    """The page asked for, and where its rows start: every row can be reached,
    however many there are (a number past the end gives the last page, anything
    else the first)."""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, max(page.start_index() - 1, 0)


@permission_required("referrals.receive_handoffs", raise_exception=True)
def handoff_index(request):
    page, offset = _page(request, handoffs_for(request.user))
    referrals = staged_rows(handoffs_for(request.user), request.user, offset=offset, limit=PAGE_SIZE)
    _audited(request, referrals, "Hand-offs for my agency")
    return render(
        request,
        "referrals/handoffs.html",
        {"referrals": referrals, "page": page, "today": timezone.localdate()},
    )


@permission_required("referrals.decide_charging", raise_exception=True)
def prosecution_index(request):
    page, offset = _page(request, held_cases_for(request.user))
    referrals = staged_rows(held_cases_for(request.user), request.user, offset=offset, limit=PAGE_SIZE)
    disclosed = disclosures_record_listed(referrals=referrals, recipient=request.user)
    _audited(request, referrals, "Held cases")
    return render(
        request,
        "referrals/prosecution.html",
        {"referrals": referrals, "page": page, "today": timezone.localdate(), "part2_notice": disclosed},
    )
