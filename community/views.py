"""The community door's pages: thin, each a form, a selector and a service."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lead_ops.protocol.models import ProtocolVersion
from lead_ops.rate_limits import spend
from lead_ops.service_errors import add_service_errors, run_service
from referrals.forms import ReferralForm
from referrals.selectors.criteria import protocol_in_force
from referrals.selectors.people import people_search
from referrals.training_status import protocol_notice_for

from .forms import CommunityReferralForm, DeclineForm, NoteForm, PublicRequestForm, VerificationRequestForm
from .models import CommunityReferral
from .selectors import (
    get_community_referral_for,
    history_of,
    referrer_rows,
    triage_queue,
    verification_queue,
)
from .services import (
    DOOR_CLOSED,
    community_door,
    community_referral_file,
    community_referral_screen,
    may_screen,
    public_request_file,
    triage_decline,
    triage_note,
    triage_request_verification,
)


@permission_required("community.refer", raise_exception=True)
def refer(request):
    door = community_door()
    if request.method == "POST":
        form = CommunityReferralForm(request.POST, referrer=request.user)
        if form.is_valid():
            try:
                community_referral_file(referrer=request.user, token=form.cleaned_data["token"], details=form.details())
            except (ValidationError, PermissionDenied) as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Thank you: your referral was received. The project team will look at it.")
                return redirect("community:mine")
    else:
        form = CommunityReferralForm(initial={"token": uuid.uuid4()}, referrer=request.user)
    return render(request, "community/refer.html", {"form": form, "door_open": door is not None})


@permission_required("community.refer", raise_exception=True)
def mine(request):
    return render(request, "community/mine.html", {"rows": referrer_rows(request.user)})


@login_not_required
def public_request(request):
    """The public form (LEAD_PUBLIC_REQUESTS): nothing of anyone is shown back."""
    if not settings.LEAD_PUBLIC_REQUESTS:
        raise Http404("No public requests at this site")
    door = community_door()
    form = PublicRequestForm(request.POST or None)
    if request.method == "POST" and door is not None:
        if not spend(request, scope="public-request", limit=settings.LEAD_PUBLIC_REQUESTS_PER_HOUR, seconds=3600):
            form.add_error(None, "Too many requests from this connection. Please try again in an hour, or call 311.")
            return render(request, "community/public_request.html", {"form": form, "door_open": True}, status=429)
        if form.is_from_a_program:
            return redirect("community:request-sent")  # nothing stored, nothing said
        if form.is_valid():
            try:
                public_request_file(details=form.details())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("community:request-sent")
    return render(request, "community/public_request.html", {"form": form, "door_open": door is not None})


@login_not_required
def public_request_sent(request):
    if not settings.LEAD_PUBLIC_REQUESTS:
        raise Http404("No public requests at this site")
    return render(request, "community/public_request_sent.html")


@permission_required("community.triage", raise_exception=True)
def triage(request):
    status = request.GET.get("status", "")
    if status not in CommunityReferral.Status.values:
        status = ""
    return render(
        request,
        "community/triage.html",
        {"rows": triage_queue(request.user, status=status), "status": status, "statuses": CommunityReferral.Status},
    )


@permission_required("community.triage", raise_exception=True)
def triage_detail(request, pk):
    row = get_community_referral_for(request.user, pk)
    return render(request, "community/triage_detail.html", _triage_context(request, row))


def _triage_context(request, row, **forms):
    matches = []
    if row.person_name and row.status in CommunityReferral.OPEN_STATUSES:
        try:
            matches = people_search(user=request.user, query=row.person_name, limit=5)
        except ValidationError:
            matches = []
    return {
        "row": row,
        "concerns": list(row.concerns.all()),
        "history": history_of(row),
        "matches": matches,
        "is_open": row.status in CommunityReferral.OPEN_STATUSES,
        "may_screen": may_screen(request.user, row),
        "note_form": forms.get("note_form") or NoteForm(),
        "verification_form": forms.get("verification_form") or VerificationRequestForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
    }


def _triage_action(request, pk, form_class, form_name, call):
    row = get_community_referral_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        outcome = run_service(request, lambda: call(row, form.cleaned_data), form=form)
        if outcome.ok:
            return redirect("community:triage-detail", pk=row.pk)
    context = _triage_context(request, row, **{form_name: form})
    return render(request, "community/triage_detail.html", context, status=400)


@require_POST
@permission_required("community.triage", raise_exception=True)
def note(request, pk):
    return _triage_action(
        request,
        pk,
        NoteForm,
        "note_form",
        lambda row, data: triage_note(community_referral=row, manager=request.user, note=data["note"]),
    )


@require_POST
@permission_required("community.triage", raise_exception=True)
def ask_verification(request, pk):
    def call(row, data):
        triage_request_verification(
            community_referral=row, manager=request.user, agency=data["agency"], note=data["note"]
        )
        messages.success(request, f"{data['agency']} was asked to verify eligibility.")

    return _triage_action(request, pk, VerificationRequestForm, "verification_form", call)


@require_POST
@permission_required("community.triage", raise_exception=True)
def decline(request, pk):
    def call(row, data):
        triage_decline(community_referral=row, manager=request.user, reason=data["reason"], note=data["note"])
        messages.success(request, "Declined. The referrer now sees it as closed.")

    return _triage_action(request, pk, DeclineForm, "decline_form", call)


@permission_required("community.verify", raise_exception=True)
def verifications(request):
    return render(request, "community/verifications.html", {"rows": verification_queue(request.user)})


def screen(request, pk):
    """Screen the person a partner referred, by the engine, on the community
    route's questions: the project team, or the designated officer asked to verify."""
    if not (request.user.has_perm("community.triage") or request.user.has_perm("community.verify")):
        raise PermissionDenied("Only the project team or a designated officer screens community referrals.")
    row = get_community_referral_for(request.user, pk)
    already = _already_screened(request, row)
    if already is not None:
        return redirect(already)
    if not may_screen(request.user, row):
        messages.error(request, _why_not_screened(row))
        return redirect(_back(request, row))
    try:
        version = protocol_in_force()
    except ProtocolVersion.DoesNotExist:
        messages.error(request, "No protocol version is published yet, so referrals cannot be screened.")
        return redirect(_back(request, row))
    form_kwargs = {"user": request.user, "route": row.route, "version": version}
    if request.method == "POST":
        form = ReferralForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                referral = community_referral_screen(
                    community_referral=row,
                    actor=request.user,
                    token=form.cleaned_data["token"],
                    person=form.person_input(),
                    answers=form.answers(),
                    decision=form.decision_input(),
                    screening=form.screening,
                )
            except (ValidationError, PermissionDenied) as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Screened: {referral.eligibility_headline}.")
                return redirect(referral)
    else:
        # What the partner said is a report of the activity: who made it is known.
        reporter = f"{row.contact_name} ({row.organisation or row.get_source_display()})"
        initial = {
            "token": uuid.uuid4(),
            "location_text": row.usual_location[:200],
            "prior_activity_reported_by": reporter[:150],
        }
        if row.person_name:
            first, _, last = row.person_name.partition(" ")
            initial.update(first_name=first[:100], last_name=last[:100])
        form = ReferralForm(initial=initial, **form_kwargs)
    result = form.result or (form.screen_partial() if request.method == "POST" else None)
    context = {
        "row": row,
        "concerns": list(row.concerns.all()),
        "form": form,
        "route": row.route,
        "version": version,
        "result": result,
        "chosen_person": None,
        "protocol_notice": protocol_notice_for(request.user),
    }
    return render(request, "community/screen.html", context)


def _why_not_screened(row) -> str:
    if row.status == CommunityReferral.Status.VERIFICATION_REQUESTED:
        return f"{row.verification_agency} was asked to verify this one: a designated officer there screens it."
    if row.status not in CommunityReferral.OPEN_STATUSES:
        return f"This community referral is already {row.get_status_display().lower()}."
    return DOOR_CLOSED


def _back(request, row) -> str:
    if request.user.has_perm("community.triage"):
        return reverse("community:triage-detail", args=[row.pk])
    return reverse("community:verifications")


def _already_screened(request, row):
    """The referral this very form filed, when it is sent again (a double tap)."""
    if row.referral_id is None or request.method != "POST":
        return None
    return row.referral if str(row.referral.client_token) == request.POST.get("token", "") else None
