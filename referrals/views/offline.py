"""The offline filing path's two doors. A device that kept referrals while it
had no signal asks `offline_state` (who is signed in, a CSRF token, which of its
referrals were filed already), then sends each one to `offline_send`, which
files it through referral_submit with its idempotency token, the server
screening again. Where something changed while the referral waited (a new
protocol version, a likely duplicate filed by someone else, an answer the
server refuses), nothing is filed and nothing is lost: the answers become the
officer's server draft, and the device shows the conflict with a link to it."""

import uuid

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from lead_ops.protocol.models import ProtocolVersion
from lead_ops.service_errors import add_service_errors
from referrals.forms import ReferralForm
from referrals.selectors.criteria import protocol_in_force
from referrals.selectors.referrals import referral_filed_with_token
from referrals.selectors.routes import filing_route, filing_routes
from referrals.services import referral_draft_save, referral_submit

MAX_TOKENS = 50
OFFLINE_FIELDS = {"offline_version"}


def _tokens(values) -> list[uuid.UUID]:
    tokens = []
    for value in values[:MAX_TOKENS]:
        try:
            tokens.append(uuid.UUID(value))
        except ValueError:
            continue
    return tokens


def _filed(referral) -> dict:
    return {"outcome": "filed", "url": referral.get_absolute_url(), "headline": referral.eligibility_headline}


@require_GET
@permission_required("referrals.file_referral", raise_exception=True)
def offline_state(request):
    """Who is signed in on this device, a CSRF token for sending, the protocol
    version in force, and which of the given tokens are filed already."""
    try:
        version = protocol_in_force().number
    except ProtocolVersion.DoesNotExist:
        version = None
    filed = {}
    for token in _tokens(request.GET.getlist("token")):
        referral = referral_filed_with_token(request.user, token)
        if referral is not None:
            filed[str(token)] = _filed(referral)
    return JsonResponse(
        {
            "user": request.user.pk,
            "csrf_token": get_token(request),
            "version": version,
            "filed": filed,
            "forms": [reverse("referrals:new")]
            + [f"{reverse('referrals:new')}?route={code}" for code in filing_routes().values_list("code", flat=True)],
        }
    )


def _attention(reason: str, message: str, token: uuid.UUID, problems=()) -> JsonResponse:
    return JsonResponse(
        {
            "outcome": "attention",
            "reason": reason,
            "message": message,
            "problems": list(problems),
            "review_url": f"{reverse('referrals:new')}?draft={token}",
        }
    )


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"outcome": "refused", "message": message}, status=status)


def _problems(form) -> list[str]:
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            problems.append(f"{label}: {error}" if label else error)
    return problems


@require_POST
@permission_required("referrals.file_referral", raise_exception=True)
def offline_send(request):
    """File one referral the device kept: exactly once per token, however
    often it is sent; screened again here, the device's result only advisory."""
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return _refused("This referral has no valid form token; open it and file it again.")
    already = referral_filed_with_token(request.user, token)
    if already is not None:
        return JsonResponse(_filed(already))
    route = filing_route(request.POST.get("route", ""))
    if route is None:
        return _refused("This referral's route is no longer offered; open a new referral.")
    form_data = QueryDict(mutable=True)
    for key, values in request.POST.lists():
        if key not in OFFLINE_FIELDS:
            form_data.setlist(key, values)
    try:
        version = protocol_in_force()
    except ProtocolVersion.DoesNotExist:
        return _refused("No protocol version is published, so referrals cannot be screened. Ask an administrator.")
    try:
        return _file_or_keep(request, token=token, route=route, version=version, form_data=form_data)
    except PermissionDenied as refusal:
        return _refused(str(refusal) or "This referral belongs to another officer.", status=403)


def _file_or_keep(request, *, token, route, version, form_data) -> JsonResponse:
    if request.POST.get("offline_version") != str(version.number):
        referral_draft_save(officer=request.user, token=token, route=route, form_data=form_data)
        return _attention(
            "protocol_changed",
            f"Protocol version {version.number} came into force while this referral waited. "
            "Open it to see the new screening and confirm your decision.",
            token,
        )
    form = ReferralForm(form_data, user=request.user, route=route, version=version)
    if form.is_valid():
        try:
            referral = referral_submit(officer=request.user, token=token, **form.submission())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return JsonResponse(_filed(referral))
    # A twin of this send (another tab) may have filed it meanwhile.
    already = referral_filed_with_token(request.user, token)
    if already is not None:
        return JsonResponse(_filed(already))
    referral_draft_save(officer=request.user, token=token, route=route, form_data=form_data)
    if form.likely_duplicates:
        return _attention(
            "duplicate",
            "Someone already on record may be this person (filed while you were offline). "
            "Open the referral to pick them or confirm that none of them is this person.",
            token,
        )
    message = "Some answers need attention before this referral can be filed."
    return _attention("invalid", message, token, _problems(form))
