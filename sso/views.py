"""The two steps of signing in with an agency's identity provider: off to the
provider (with state, nonce and a PKCE challenge kept in the session), and
back with a code, which the backend exchanges and checks."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.utils import absolutify, add_state_and_verifier_and_nonce_to_session, generate_code_challenge
from mozilla_django_oidc.views import get_next_url

from lead_ops import audit
from lead_ops.accounts import mfa
from lead_ops.accounts.models import User
from lead_ops.audit.models import AuditEvent

from . import discovery, sign_out
from .backend import ProviderBackend, provider_answers
from .models import IdentityProvider
from .refusals import BAD_STATE, CANCELLED, MISCONFIGURED, PROVIDER_DOWN, SignInRefused

BACKEND = "sso.backend.ProviderBackend"
# Which provider each outstanding state was issued for: a code from one
# provider is never taken for another's.
STATE_PROVIDERS = "lead_sso_states"
STATE_LENGTH = 32
CODE_VERIFIER_LENGTH = 64
# A sign-in left at the provider's page longer than this starts again.
STATE_MAX_SECONDS = 600


def enabled_provider(slug: str) -> IdentityProvider:
    provider = IdentityProvider.objects.select_related("agency").filter(slug=slug, enabled=True).first()
    if provider is None:
        raise Http404("No such sign-in provider.")
    return provider


def _back_to_sign_in(request, provider, refusal: SignInRefused):
    """Every refused or failed sign-in: audited, and the person told why on the sign-in page."""
    about_the_provider = refusal.reason in (PROVIDER_DOWN, MISCONFIGURED)
    user = refusal.user if refusal.user is not None and refusal.user.pk else None
    audit.record(
        action=AuditEvent.Action.SIGN_IN_FAILED,
        actor_username=(refusal.username or "")[:150],
        targets=[user] if user else [],
        object_type=User._meta.label_lower,
        outcome=AuditEvent.Outcome.FAILURE if about_the_provider else AuditEvent.Outcome.DENIED,
        summary=f"Sign-in with {provider.name} refused: {refusal.reason.code}"[:255],
        detail={"provider": provider.slug, "reason": refusal.reason.code, "detail": refusal.detail[:500]},
    )
    messages.error(request, refusal.message(provider))
    return redirect(settings.LOGIN_URL)


@method_decorator([login_not_required, never_cache], name="dispatch")
class SignInStart(View):
    """GET /accounts/sso/<slug>/: to the provider's authorization endpoint,
    with a fresh state, nonce and PKCE challenge (S256) kept in the session by
    mozilla-django-oidc's helpers."""

    def get(self, request, slug):
        provider = enabled_provider(slug)
        try:
            with provider_answers():
                endpoint = discovery.configuration(provider)["authorization_endpoint"]
        except SignInRefused as refusal:
            return _back_to_sign_in(request, provider, refusal)
        state, nonce = get_random_string(STATE_LENGTH), get_random_string(STATE_LENGTH)
        code_verifier = get_random_string(CODE_VERIFIER_LENGTH)
        params = {
            "response_type": "code",
            "scope": provider.scopes,
            "client_id": provider.client_id,
            "redirect_uri": _redirect_uri(request, provider),
            "state": state,
            "nonce": nonce,
            "code_challenge": generate_code_challenge(code_verifier, "S256"),
            "code_challenge_method": "S256",
        }
        add_state_and_verifier_and_nonce_to_session(request, state, params, code_verifier)
        states = request.session["oidc_states"]
        issued = {s: p for s, p in request.session.get(STATE_PROVIDERS, {}).items() if s in states}
        request.session[STATE_PROVIDERS] = {**issued, state: provider.slug}
        request.session["oidc_login_next"] = get_next_url(request, REDIRECT_FIELD_NAME)
        return HttpResponseRedirect(f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}")


def _redirect_uri(request, provider) -> str:
    return absolutify(request, reverse("sso:callback", args=[provider.slug]))


@method_decorator([login_not_required, never_cache], name="dispatch")
class SignInCallback(View):
    """GET /accounts/sso/<slug>/callback/?code=…&state=…: the provider sends the person back."""

    def get(self, request, slug):
        provider = enabled_provider(slug)
        state = request.GET.get("state", "")
        states = request.session.get("oidc_states") or {}
        issued_for = (request.session.get(STATE_PROVIDERS) or {}).get(state)
        entry = states.pop(state, None) if state else None
        request.session["oidc_states"] = states
        request.session[STATE_PROVIDERS] = {
            s: p for s, p in (request.session.get(STATE_PROVIDERS) or {}).items() if s in states
        }
        if request.GET.get("error"):
            error = request.GET.get("error_description") or request.GET["error"]
            return _back_to_sign_in(request, provider, SignInRefused(CANCELLED, error, error=error[:200]))
        fresh = entry is not None and time.time() - entry.get("added_on", 0) <= STATE_MAX_SECONDS
        if not fresh or issued_for != provider.slug or not request.GET.get("code"):
            return _back_to_sign_in(request, provider, SignInRefused(BAD_STATE))
        next_url = request.session.get("oidc_login_next")
        try:
            user = ProviderBackend().authenticate(
                request, provider=provider, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
            )
        except SignInRefused as refusal:
            return _back_to_sign_in(request, provider, refusal)
        auth.login(request, user, backend=BACKEND)
        sign_out.remember(request, provider, request.sso_id_token)
        if provider.provider_does_second_factor:
            request.session[mfa.SECOND_FACTOR_BY_PROVIDER] = provider.name
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
