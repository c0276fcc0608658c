"""Lists and detail pages of referrals, each read through the visibility selector
and each written to the audit trail with the ids it showed."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from lead_ops import audit
from lead_ops.accounts.roles import Role
from lead_ops.accounts.selectors import units_supervised_by
from lead_ops.audit.models import AuditEvent
from lead_ops.paging import page_of_ids
from referrals.consent import (
    INTAKE_INFORMATION,
    MONITORING_PURPOSE,
    in_receiving_agency,
    seen_row_by_row,
    stage_visible_to,
)
from referrals.filters import ReferralFilter
from referrals.forms import ChargingDecisionForm, HandOffForm, IntakeForm, NotesForm
from referrals.models import Disclosure, Intake, Referral, ReleaseOfInformation
from referrals.selectors.referrals import get_referral_for_user, referral_list_to_filter, referral_rows
from referrals.selectors.review import decisions_of, reviews_of
from referrals.services.consent import disclosure_record, disclosures_record_listed
from referrals.views.filter_panel import applied_filters, filter_query, panel_form_wanted, panel_open

PAGE_SIZE = 25


@permission_required("referrals.list_referrals", raise_exception=True)
def referral_index(request):
    params, filters = filter_query(request.GET), applied_filters(request.GET)
    listed = referral_list_to_filter(request.user)
    filterset = ReferralFilter(params if filters else None, queryset=listed, user=request.user)
    if panel_form_wanted(request):  # the form alone: no referral is read
        return render(request, "referrals/_referral_filters.html", {"filterset": filterset})
    if not filterset.is_bound:
        queryset = listed
    elif filterset.is_valid():
        queryset = filterset.qs
    else:  # refused, not answered: the form says why
        queryset = listed.none()
    # The page's ids first (count and page, on the filtered query alone), then
    # those rows with their stage: the stage is worked out for 25 rows, not all.
    # Filtered by a stage worked out row by row, the count comes with the ids
    # (one query, the filter asked once); otherwise the count and the page each
    # use an index, which is cheaper than reading every match for the count.
    number = request.GET.get("page")
    if filterset.is_bound and filterset.is_valid() and seen_row_by_row(filterset.form.cleaned_data.get("status")):
        page = page_of_ids(queryset, PAGE_SIZE, number)
    else:
        page = Paginator(queryset.values_list("pk", flat=True), PAGE_SIZE).get_page(number)
    referrals = referral_rows(request.user, page.object_list)
    disclosed = disclosures_record_listed(referrals=referrals, recipient=request.user)
    audit.record(
        action=AuditEvent.Action.LIST,
        actor=request.user,
        targets=referrals,
        object_type="referrals.referral",
        detail={"filters": filters, "page": page.number},
    )
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/index.html",
        {
            "filterset": filterset,
            "filters_open": panel_open(request, filterset),
            "page": page,
            "referrals": referrals,
            "query": query.urlencode(),
            "part2_notice": disclosed,
        },
    )


def referral_detail(request, pk):
    referral = get_referral_for_user(request.user, pk)
    user = request.user
    intake = Intake.objects.filter(referral=referral).select_related("agency", "case_manager").first()
    in_agency = in_receiving_agency(user, intake)
    status = referral.status
    stage = stage_visible_to(user, referral)
    context = {
        "referral": referral,
        "decisions": decisions_of(referral),
        "reviews": reviews_of(referral),
        "offenses": list(referral.offenses.all()),
        "intake": intake,
        # The Golden Rule: case notes and consent details stay with case management.
        "shows_case_management": in_agency,
        "releases": list(referral.releases.order_by("-signed_on")) if in_agency else [],
        "handoff_form": HandOffForm(referral=referral)
        if status in Referral.READY_FOR_HAND_OFF and user.has_perm("referrals.hand_off")
        else None,
        "intake_form": IntakeForm()
        if in_agency and status in (Referral.Status.HANDED_OFF, Referral.Status.INTAKE_OVERDUE)
        else None,
        "notes_form": NotesForm(initial={"notes": intake.case_notes}) if in_agency else None,
        "charging_form": ChargingDecisionForm()
        if stage.status == Referral.Status.INTAKE_OVERDUE and user.has_role(Role.PROSECUTOR)
        else None,
        "can_correct": status == Referral.Status.RETURNED and referral.officer_id == user.pk,
        "stage": stage,
        "release": _disclosed_under(user, referral, stage),
        "can_review": status == Referral.Status.UNDER_REVIEW and _may_review(user, referral),
    }
    audit.record(action=AuditEvent.Action.VIEW, actor=user, target=referral)
    return render(request, "referrals/detail.html", context)


def _disclosed_under(user, referral, stage):
    """The release under which this page discloses a completed intake (logged
    each time, 42 CFR 2.25), or None when the page discloses nothing."""
    if not stage.discloses:
        return None
    release = ReleaseOfInformation.objects.get(pk=stage.release_id)
    disclosure_record(
        referral=referral,
        release=release,
        recipient=user,
        information=INTAKE_INFORMATION,
        purpose=MONITORING_PURPOSE,
        channel=Disclosure.Channel.PAGE,
    )
    return release


def _may_review(user, referral) -> bool:
    return (
        user.has_role(Role.SERGEANT)
        and referral.officer_id != user.pk
        and referral.unit_id is not None
        and units_supervised_by(user).filter(pk=referral.unit_id).exists()
    )
