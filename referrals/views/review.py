"""/reviews/: the sergeant's queue, with inline approve / return / override."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from lead_ops.service_errors import run_service
from referrals.filters import ReviewQueueFilter
from referrals.forms import ReviewActionForm
from referrals.selectors.review import get_referral_for_review, review_queue_for
from referrals.services.review import ReviewConflict, review_record
from referrals.training_status import training_statuses
from referrals.views.filter_panel import applied_filters, filter_query, panel_form_wanted, panel_open

QUEUE_PAGE_SIZE = 25


@permission_required("referrals.review_decisions", raise_exception=True)
def review_queue(request):
    params, filters = filter_query(request.GET), applied_filters(request.GET)
    queue = review_queue_for(request.user)
    filterset = ReviewQueueFilter(params if filters else None, queryset=queue, sergeant=request.user)
    if panel_form_wanted(request):  # the form alone: no referral is read
        return render(request, "referrals/_review_filters.html", {"filterset": filterset})
    filtered = filterset.qs if filterset.is_bound else queue
    page = Paginator(filtered, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    referrals = list(page.object_list)
    statuses = training_statuses([r.officer for r in referrals])
    audit.record(
        action=AuditEvent.Action.LIST,
        actor=request.user,
        targets=referrals,
        object_type="referrals.referral",
        summary="Review queue",
        # The officers' training records were read too.
        detail={"training_status_of": sorted(statuses), "filters": filters},
    )
    # No form object per row: the rows write the unbound form's markup out (the page's hot loop).
    rows = [_row(r, statuses) for r in referrals]
    query = params.copy()
    query.pop("page", None)
    context = {
        "rows": rows,
        "page": page,
        "query": query.urlencode(),
        "filterset": filterset,
        "filters_open": panel_open(request, filterset),
        "comment_label": ReviewActionForm.base_fields["comment"].label,
    }
    return render(request, "referrals/reviews.html", context)


def _prefix(referral) -> str:
    return f"r{referral.pk}"


def _form_for(referral, data=None):
    return ReviewActionForm(data, initial={"decision_id": referral.current_decision_id}, prefix=_prefix(referral))


def _row(referral, statuses: dict, form=None) -> dict:
    """One row of the queue, its values read once; form only when it holds what the sergeant sent."""
    decision = referral.current_decision
    return {
        "referral": referral,
        "pk": referral.pk,
        "url": referral.get_absolute_url(),
        "act_url": reverse("referrals:review-act", args=[referral.pk]),
        "person": referral.person.full_name,
        "route": referral.route.name,
        "submitted_at": referral.submitted_at,
        "officer": referral.officer.display_name,
        "unit": referral.unit.name if referral.unit_id else "",
        "outcome": decision.get_outcome_display(),
        "reasons": list(decision.reasons.all()),
        "narrative": decision.narrative,
        "eligibility_status": referral.eligibility_status,
        "eligibility_headline": referral.eligibility_headline,
        "decision_id": referral.current_decision_id,
        "prefix": _prefix(referral),
        "form": form,
        "training": statuses.get(referral.officer_id),
    }


@require_POST
@permission_required("referrals.review_decisions", raise_exception=True)
def review_act(request, pk):
    referral = get_referral_for_review(request.user, pk)
    form = _form_for(referral, request.POST)
    outcome, error, unsaved_comment = None, None, ""
    if form.is_valid():
        try:
            recorded = run_service(
                request,
                lambda: review_record(
                    referral=referral,
                    decision_id=form.cleaned_data["decision_id"],
                    sergeant=request.user,
                    action=form.cleaned_data["action"],
                    comment=form.cleaned_data["comment"],
                ),
                form=form,
            )
        except ReviewConflict as conflict:
            error = conflict.message
            # The loser's typed comment stays on screen, to copy or add as a note.
            unsaved_comment = form.cleaned_data["comment"]
        else:
            outcome = recorded.result
    if not request.htmx:
        if outcome is not None:
            messages.success(request, f"Referral {referral.pk}: {outcome.get_action_display().lower()}.")
        else:
            message = error or "; ".join(form.non_field_errors() or ["Check the comment."])
            if unsaved_comment:
                message = f"{message} Your comment was not saved: {unsaved_comment}"
            messages.error(request, message)
        return redirect("referrals:reviews")
    if outcome is not None or error:
        context = {"referral": referral, "review": outcome, "error": error, "unsaved_comment": unsaved_comment}
        return render(request, "referrals/_review_done.html", context)
    statuses = training_statuses([referral.officer])
    return render(request, "referrals/_review_row.html", {"row": _row(referral, statuses, form)})
