"""Lists and detail pages of referrals, each read through the visibility selector
and each written to the audit trail with the ids it showed."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from referrals.filters import ReferralFilter
from referrals.selectors.referrals import get_referral_for_user, referral_list

PAGE_SIZE = 25


@permission_required("referrals.list_referrals", raise_exception=True)
def referral_index(request):
    filterset = ReferralFilter(request.GET or None, queryset=referral_list(request.user), user=request.user)
    queryset = filterset.qs if filterset.is_bound else referral_list(request.user)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    referrals = list(page.object_list)
    audit.record(
        action=AuditEvent.Action.LIST,
        actor=request.user,
        targets=referrals,
        object_type="referrals.referral",
        detail={"filters": {k: v for k, v in request.GET.items() if k != "page"}, "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/index.html",
        {"filterset": filterset, "page": page, "referrals": referrals, "query": query.urlencode()},
    )


def referral_detail(request, pk):
    referral = get_referral_for_user(request.user, pk)
    decisions = list(
        referral.decisions.select_related("decided_by").prefetch_related("reasons").order_by("-decided_at", "-id")
    )
    audit.record(action=AuditEvent.Action.VIEW, actor=request.user, target=referral)
    return render(
        request,
        "referrals/detail.html",
        {"referral": referral, "decisions": decisions, "offenses": list(referral.offenses.all())},
    )
