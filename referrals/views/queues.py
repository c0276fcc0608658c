"""The case manager's hand-offs and the prosecutor's held cases."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from referrals.consent import staged_rows
from referrals.selectors.review import handoffs_for, held_cases_for
from referrals.services.consent import disclosures_record_listed

QUEUE_LIMIT = 200


def _audited(request, referrals, summary):
    audit.record(
        action=AuditEvent.Action.LIST,
        actor=request.user,
        targets=referrals,
        object_type="referrals.referral",
        summary=summary,
    )


@permission_required("referrals.receive_handoffs", raise_exception=True)
def handoff_index(request):
    referrals = staged_rows(handoffs_for(request.user), request.user, limit=QUEUE_LIMIT)
    _audited(request, referrals, "Hand-offs for my agency")
    return render(request, "referrals/handoffs.html", {"referrals": referrals, "today": timezone.localdate()})


@permission_required("referrals.decide_charging", raise_exception=True)
def prosecution_index(request):
    referrals = list(held_cases_for(request.user)[:QUEUE_LIMIT])
    disclosed = disclosures_record_listed(referrals=referrals, recipient=request.user)
    _audited(request, referrals, "Held cases")
    return render(
        request,
        "referrals/prosecution.html",
        {"referrals": referrals, "today": timezone.localdate(), "part2_notice": disclosed},
    )
