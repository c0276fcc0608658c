"""Filing a referral: choose a route, answer only that route's questions, see
eligibility live, record the decision. Two full page loads from start to done."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from lead_ops.errors import NotVisible
from lead_ops.protocol.models import ProtocolVersion
from lead_ops.service_errors import add_service_errors
from referrals.forms import PersonFieldsForm, ReferralForm
from referrals.models import ReferralDraft, ReferralRoute
from referrals.selectors.criteria import protocol_in_force
from referrals.selectors.offline import offline_screening_data
from referrals.selectors.people import people_search, people_visible_to, with_visible_referral_counts
from referrals.selectors.referrals import referral_filed_with_token
from referrals.selectors.routes import filing_route, filing_routes
from referrals.services import referral_draft_discard, referral_draft_save, referral_submit
from referrals.training_status import protocol_notice_for

MULTI_VALUE_FIELDS = {"offenses", "not_divert_reasons"}


def _route_from(request, *, community_door: bool = False, among=None) -> ReferralRoute | None:
    """The route asked for; the community door only where a community referral
    is screened (officers do not file on it: partners refer through it).
    `among`: the filing routes when the caller has read them already."""
    code = request.POST.get("route") or request.GET.get("route")
    if not code:
        return None
    if among is not None:
        return next((route for route in among if route.code == code), None)
    if community_door:
        return ReferralRoute.objects.filter(code=code, is_active=True).first()
    return filing_route(code)


def _draft_initial(draft: ReferralDraft) -> dict:
    initial = {}
    for key, values in draft.answers.items():
        initial[key] = values if key in MULTI_VALUE_FIELDS else (values[0] if values else "")
    initial["token"] = draft.token
    return initial


def _chosen_person(request, form):
    person_id = form["person"].value()
    if not person_id:
        return None
    try:
        return with_visible_referral_counts(request.user, people_visible_to(request.user)).filter(pk=person_id).first()
    except (ValueError, TypeError):
        return None


@permission_required("referrals.file_referral", raise_exception=True)
def referral_new(request):
    routes = list(filing_routes())
    draft = None
    if request.method == "GET" and request.GET.get("draft"):
        draft = get_object_or_404(ReferralDraft, token=_uuid_or_404(request.GET["draft"]), officer=request.user)
    route = (
        draft.route
        if draft and draft.route and not draft.route.is_community_door
        else _route_from(request, among=routes)
    )
    context = {"routes": routes, "route": route}
    if route is None:
        return render(request, "referrals/new.html", context)
    try:
        version = protocol_in_force()
    except ProtocolVersion.DoesNotExist:
        messages.error(
            request, "No protocol version is published yet, so referrals cannot be screened. Ask an administrator."
        )
        return render(request, "referrals/new.html", context)

    if request.method == "POST":
        already = _already_filed(request)
        if already is not None:
            return redirect(already)
        form = ReferralForm(request.POST, user=request.user, route=route, version=version)
        if form.is_valid():
            try:
                referral = referral_submit(officer=request.user, token=form.cleaned_data["token"], **form.submission())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Referral filed: {referral.eligibility_headline}.")
                return redirect(referral)
        # A twin of this post (a double tap) may have been filed while this one was
        # checked: its person now looks like a likely duplicate. Land on that referral.
        already = _already_filed(request)
        if already is not None:
            return redirect(already)
    else:
        initial = _draft_initial(draft) if draft else {"token": uuid.uuid4()}
        form = ReferralForm(initial=initial, user=request.user, route=route, version=version)
    result = form.result or (form.screen_partial() if request.method == "POST" else None)
    if draft is not None and result is None:
        # A draft (one the officer saved, or one the records system prefilled) opens
        # with its screening already computed from what it holds.
        result = _draft_screening(draft, request.user, route, version)
    context.update(
        form=form,
        version=version,
        result=result,
        # A blank form's token is made afresh on the device: a copy kept for
        # offline use must never reuse the token of a form already sent.
        fresh_form=request.method == "GET" and draft is None,
        offline_screening=json.dumps(offline_screening_data(version=version, route=route, agency_id=form.agency_id)),
        chosen_person=_chosen_person(request, form),
        protocol_notice=protocol_notice_for(request.user, in_force=version),
    )
    return render(request, "referrals/new.html", context)


def _draft_screening(draft: ReferralDraft, user, route, version):
    data = QueryDict(mutable=True)
    for key, values in draft.answers.items():
        data.setlist(key, values)
    data["token"] = str(draft.token)
    return ReferralForm(data, user=user, route=route, version=version).screen_partial()


def _already_filed(request):
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return None
    return referral_filed_with_token(request.user, token)


def _uuid_or_404(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404("No such draft") from None


@require_POST
@permission_required("referrals.screen_referral", raise_exception=True)
def referral_check(request):
    """Live screening while the officer answers; also saves the draft (not of
    a community referral being screened: the community referral is its draft)."""
    route = _route_from(request, community_door=True)
    try:
        token = uuid.UUID(request.POST.get("token", ""))
        version = protocol_in_force()
    except (ValueError, ProtocolVersion.DoesNotExist):
        return HttpResponseBadRequest("This form cannot be screened; reload the page.")
    if route is None:
        return HttpResponseBadRequest("Choose a route first.")
    form = ReferralForm(request.POST, user=request.user, route=route, version=version)
    result = form.screen_partial()
    if not route.is_community_door and referral_filed_with_token(request.user, token) is None:
        # A correction is not a draft either.
        referral_draft_save(officer=request.user, token=token, route=route, form_data=request.POST)
    return render(
        request, "referrals/_eligibility.html", {"result": result, "form": form, "version": version, "oob": True}
    )


@require_GET
@permission_required("referrals.screen_referral", raise_exception=True)
def person_matches(request):
    """As the officer types a name or date of birth: people already on record."""
    words = " ".join(request.GET.get(name, "") for name in ("first_name", "last_name", "date_of_birth")).strip()
    try:
        people = people_search(user=request.user, query=words, limit=8) if len(words) >= 2 else []
    except ValidationError as error:
        return render(request, "referrals/_person_matches.html", {"refusal": error.messages[0]})
    return render(request, "referrals/_person_matches.html", {"people": people, "query": words})


@require_GET
@permission_required("referrals.screen_referral", raise_exception=True)
def person_choose(request, pk=None):
    """Swap the person section: a chosen person's card, or the new-person fields."""
    person = None
    if pk is not None:
        visible = with_visible_referral_counts(request.user, people_visible_to(request.user))
        person = visible.filter(pk=pk).first()
        if person is None:
            raise NotVisible("referrals.person", pk, "No such person")
        audit.record(action=AuditEvent.Action.VIEW, actor=request.user, target=person, summary="Chosen while filing")
    form = PersonFieldsForm(initial={"person": person.pk if person else None}, user=request.user)
    return render(request, "referrals/_person_section.html", {"form": form, "chosen_person": person})


@require_POST
@permission_required("referrals.file_referral", raise_exception=True)
def draft_discard(request, token):
    if not referral_draft_discard(officer=request.user, token=token):
        raise NotVisible("referrals.referraldraft", str(token), "No such draft of yours")
    messages.info(request, "Draft discarded.")
    return redirect("home")
