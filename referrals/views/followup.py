"""What happens to a referral after filing, from its detail page: the officer's
correction, the hand-off, intake and case notes, the prosecutor's decision."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lead_ops.audit.lookups import get_visible_or_404
from lead_ops.service_errors import run_service
from referrals import eligibility
from referrals.forms import ChargingDecisionForm, HandOffForm, IntakeForm, NotesForm, ReferralForm
from referrals.models import ReleaseOfInformation
from referrals.selectors.criteria import exclusion_questions
from referrals.selectors.people import people_visible_to, with_visible_referral_counts
from referrals.selectors.referrals import get_referral_for_user, get_referral_to_correct
from referrals.services.consent import release_revoke
from referrals.services.handoff import (
    ReleaseInput,
    intake_record_completion,
    intake_update_notes,
    prosecution_decide,
    referral_hand_off,
)
from referrals.services.review import referral_resubmit


def referral_correct(request, pk):
    referral = get_referral_to_correct(request.user, pk)
    version, route = referral.protocol_version, referral.route
    if request.method == "POST":
        form = ReferralForm(request.POST, user=request.user, route=route, version=version)
        if form.is_valid():
            outcome = run_service(
                request,
                lambda: referral_resubmit(
                    referral=referral, officer=request.user, answers=form.answers(), decision=form.decision_input()
                ),
                form=form,
            )
            if outcome.ok:
                messages.success(request, "Corrected and sent back for review.")
                return redirect(referral)
    else:
        initial = ReferralForm.initial_from(referral, exclusion_questions(version, route))
        form = ReferralForm(initial=initial, user=request.user, route=route, version=version)
    review = referral.reviews.select_related("sergeant").order_by("-created_at").first()
    # Until the officer changes an answer, show the screening as it stands.
    result = form.result or eligibility.Result.from_json(referral.eligibility_status, referral.eligibility_results)
    person = with_visible_referral_counts(request.user, people_visible_to(request.user)).get(pk=referral.person_id)
    return render(
        request,
        "referrals/correct.html",
        {
            "form": form,
            "route": route,
            "version": version,
            "referral": referral,
            "review": review,
            "chosen_person": person,
            "result": result,
        },
    )


@require_POST
@permission_required("referrals.hand_off", raise_exception=True)
def referral_hand_off_view(request, pk):
    referral = get_referral_for_user(request.user, pk)
    form = HandOffForm(request.POST, referral=referral)
    if form.is_valid():
        outcome = run_service(
            request,
            lambda: referral_hand_off(
                referral=referral,
                actor=request.user,
                agency=form.cleaned_data["agency"],
                case_manager=form.cleaned_data["case_manager"],
                called_at=form.cleaned_data["called_at"],
                arrived_at=form.cleaned_data["arrived_at"],
            ),
        )
        if outcome.ok:
            messages.success(request, "Hand-off recorded.")
    else:
        messages.error(request, "Hand-off not recorded: " + _form_errors(form))
    return redirect(referral)


@require_POST
@permission_required("referrals.receive_handoffs", raise_exception=True)
def intake_complete_view(request, pk):
    referral = get_referral_for_user(request.user, pk)
    form = IntakeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        release = ReleaseInput(
            parties=data["parties"],
            purpose=data["purpose"],
            signed_on=data["signed_on"],
            expires_on=data["expires_on"],
        )
        outcome = run_service(
            request,
            lambda: intake_record_completion(
                referral=referral, case_manager=request.user, completed_at=data["completed_at"], release=release
            ),
        )
        if outcome.ok:
            messages.success(request, "Intake and release of information recorded.")
    else:
        messages.error(request, "Intake not recorded: " + _form_errors(form))
    return redirect(referral)


@require_POST
@permission_required("referrals.receive_handoffs", raise_exception=True)
def intake_notes_view(request, pk):
    referral = get_referral_for_user(request.user, pk)
    form = NotesForm(request.POST)
    if form.is_valid():
        notes = form.cleaned_data["notes"]
        outcome = run_service(
            request, lambda: intake_update_notes(referral=referral, case_manager=request.user, notes=notes)
        )
        if outcome.ok:
            messages.success(request, "Case notes saved.")
    else:
        messages.error(request, "Notes not saved: " + _form_errors(form))
    return redirect(referral)


@require_POST
@permission_required("referrals.decide_charging", raise_exception=True)
def charging_decision_view(request, pk):
    referral = get_referral_for_user(request.user, pk)
    form = ChargingDecisionForm(request.POST)
    if form.is_valid():
        outcome = run_service(
            request,
            lambda: prosecution_decide(
                referral=referral,
                prosecutor=request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            ),
        )
        if outcome.ok:
            messages.success(request, "Filing decision recorded.")
    else:
        messages.error(request, "Decision not recorded: " + _form_errors(form))
    return redirect(referral)


def _form_errors(form) -> str:
    return " ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".strip(": ") for f, e in form.errors.items()
    )


@require_POST
@permission_required("referrals.receive_handoffs", raise_exception=True)
def release_revoke_view(request, pk, release_pk):
    referral = get_referral_for_user(request.user, pk)
    release = get_visible_or_404(ReleaseOfInformation.objects.filter(referral=referral), release_pk)
    if run_service(request, lambda: release_revoke(release=release, actor=request.user)).ok:
        messages.success(request, "Recorded: consent withdrawn. Nothing more is shared under this release.")
    return redirect(referral)
