"""Signing out of LEAD also signs the person out at their identity provider
(OpenID Connect RP-Initiated Logout 1.0), so that on a shared precinct
computer the next person's "Sign in with <agency>" does not walk straight
into the last officer's provider session."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import resolve_url
from mozilla_django_oidc.utils import absolutify

from . import discovery
from .models import IdentityProvider

SIGNED_IN_WITH = "lead_sso_provider"
ID_TOKEN = "lead_sso_id_token"  # noqa: S105 - a session key's name


def remember(request, provider, id_token: str) -> None:
    """After the sign-in: what the sign-out will need (the ID token is the provider's hint)."""
    request.session[SIGNED_IN_WITH] = provider.slug
    request.session[ID_TOKEN] = id_token


def provider_sign_out_url(request) -> str | None:
    """The provider's end-session endpoint for this session, or None: signed
    in locally, or the provider publishes none, or cannot be reached just now
    (then the person is signed out of LEAD only)."""
    slug, id_token = request.session.get(SIGNED_IN_WITH), request.session.get(ID_TOKEN)
    provider = IdentityProvider.objects.filter(slug=slug, enabled=True).first() if slug and id_token else None
    if provider is None:
        return None
    try:
        endpoint = discovery.configuration(provider).get("end_session_endpoint")
    except (discovery.ProviderUnavailable, discovery.ProviderMisconfigured):
        return None
    if not isinstance(endpoint, str) or not endpoint:
        return None
    params = {
        "id_token_hint": id_token,
        "client_id": provider.client_id,
        "post_logout_redirect_uri": absolutify(request, resolve_url(settings.LOGOUT_REDIRECT_URL)),
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
