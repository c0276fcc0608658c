"""/reviews/: the sergeant's queue, with inline approve / return / override."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from referrals.forms import ReviewActionForm
from referrals.selectors.review import get_referral_for_review, review_queue_for
from referrals.services.review import ReviewConflict, review_record
from referrals.training_status import training_statuses

QUEUE_PAGE_SIZE = 25


@permission_required("referrals.review_decisions", raise_exception=True)
def review_queue(request):
    page = Paginator(review_queue_for(request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    referrals = list(page.object_list)
    statuses = training_statuses([r.officer for r in referrals])
    audit.record(
        action=AuditEvent.Action.LIST,
        actor=request.user,
        targets=referrals,
        object_type="referrals.referral",
        summary="Review queue",
        # The officers' training records were read too.
        detail={"training_status_of": sorted(statuses)},
    )
    rows = [{"referral": r, "form": _form_for(r), "training": statuses.get(r.officer_id)} for r in referrals]
    return render(request, "referrals/reviews.html", {"rows": rows, "page": page, "query": ""})


def _form_for(referral, data=None):
    return ReviewActionForm(data, initial={"decision_id": referral.current_decision_id}, prefix=f"r{referral.pk}")


@require_POST
@permission_required("referrals.review_decisions", raise_exception=True)
def review_act(request, pk):
    referral = get_referral_for_review(request.user, pk)
    form = _form_for(referral, request.POST)
    outcome, error = None, None
    if form.is_valid():
        try:
            outcome = review_record(
                referral=referral,
                decision_id=form.cleaned_data["decision_id"],
                sergeant=request.user,
                action=form.cleaned_data["action"],
                comment=form.cleaned_data["comment"],
            )
        except ReviewConflict as conflict:
            error = conflict.message
        except (ValidationError, PermissionDenied) as refused:
            form.add_error(None, refused)
    if not request.htmx:
        if outcome is not None:
            messages.success(request, f"Referral {referral.pk}: {outcome.get_action_display().lower()}.")
        else:
            messages.error(request, error or "; ".join(form.non_field_errors() or ["Check the comment."]))
        return redirect("referrals:reviews")
    if outcome is not None or error:
        return render(request, "referrals/_review_done.html", {"referral": referral, "review": outcome, "error": error})
    statuses = training_statuses([referral.officer])
    row = {"referral": referral, "form": form, "training": statuses.get(referral.officer_id)}
    return render(request, "referrals/_review_row.html", {"row": row})
