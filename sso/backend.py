"""OpenID Connect sign-in with an agency's identity provider, on
mozilla-django-oidc: the authorization code flow with PKCE, with each
provider's settings read from the database and the ID token checked more
strictly than the library does by default (audience, issuer, expiry and
required claims, asymmetric algorithms only, the nonce)."""

from contextlib import contextmanager

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify

from lead_ops.accounts.models import User

from . import client_secrets, discovery
from .refusals import BAD_TOKEN, MISCONFIGURED, PROVIDER_DOWN, SignInRefused
from .services import provider_sign_in

# Signatures by the provider's published keys only: never "none", never a
# shared-secret algorithm (the client secret would then forge tokens).
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat"]
CLOCK_SKEW_SECONDS = 60


def id_token_claims(token: str, *, keys: list[dict], issuer: str, client_id: str, nonce: str | None) -> dict:
    """The claims of an ID token, if it is genuine and meant for us (OpenID
    Connect Core 1.0, 3.1.3.7): signed by one of the provider's keys, issued by
    the provider, addressed to this client, unexpired, with the nonce this
    browser was sent off with. Anything else raises SignInRefused."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as error:
        raise SignInRefused(BAD_TOKEN, f"unreadable: {error}") from None
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise SignInRefused(BAD_TOKEN, f"algorithm {str(algorithm)[:20]!r} not allowed")
    candidates = [key for key in keys if key.get("kid") == header.get("kid") or "kid" not in header]
    candidates = [
        key for key in candidates if key.get("use", "sig") == "sig" and key.get("alg", algorithm) == algorithm
    ]
    if not candidates:
        raise SignInRefused(BAD_TOKEN, "signed with a key the provider does not publish")
    try:
        claims = jwt.decode(
            token,
            jwt.PyJWK(candidates[0]),
            algorithms=[algorithm],
            audience=client_id,
            issuer=issuer,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": REQUIRED_CLAIMS},
        )
    except (jwt.InvalidTokenError, jwt.PyJWKError) as error:
        raise SignInRefused(BAD_TOKEN, f"{type(error).__name__}: {error}") from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise SignInRefused(BAD_TOKEN, "issued to another party as well, without us as the authorized party")
    if nonce is None or claims.get("nonce") != nonce:
        raise SignInRefused(BAD_TOKEN, "the nonce is not the one this sign-in sent")
    return claims


@contextmanager
def provider_answers():
    """What the provider's discovery, keys or our stored secret fail with, as the
    refusal the person is shown: not answering, or not set up correctly."""
    try:
        yield
    except discovery.ProviderUnavailable as error:
        raise SignInRefused(PROVIDER_DOWN, str(error)) from None
    except (discovery.ProviderMisconfigured, client_secrets.SecretUnavailable) as error:
        raise SignInRefused(MISCONFIGURED, str(error)) from None


class ProviderBackend(OIDCAuthenticationBackend):
    """Answers only authenticate(request, provider=…, nonce=…, code_verifier=…)
    from the callback view; a password sign-in passes it by."""

    def __init__(self, *args, **kwargs):
        # mozilla-django-oidc reads one provider from settings here; ours come per call.
        self.UserModel = User
        self.provider = None

    def get_settings(self, attr, *args):
        if attr == "OIDC_RP_SCOPES" and self.provider is not None:
            return self.provider.scopes
        if attr == "OIDC_TIMEOUT":
            return settings.LEAD_SSO_TIMEOUT_SECONDS
        return super().get_settings(attr, *args)

    def _configure(self, provider) -> None:
        with provider_answers():
            config = discovery.configuration(provider)
            secret = client_secrets.client_secret_of(provider)
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = config["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = config.get("userinfo_endpoint")
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = secret

    def authenticate(self, request, provider=None, nonce=None, code_verifier=None, **kwargs):
        if provider is None or request is None:
            return None
        self.request = request
        self._configure(provider)
        try:
            token_info = self.get_token(
                {
                    "client_id": self.OIDC_RP_CLIENT_ID,
                    "client_secret": self.OIDC_RP_CLIENT_SECRET,
                    "grant_type": "authorization_code",
                    "code": request.GET.get("code", ""),
                    "redirect_uri": absolutify(request, reverse("sso:callback", args=[provider.slug])),
                    "code_verifier": code_verifier,
                }
            )
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else None
            reason = PROVIDER_DOWN if status is None or status >= 500 else BAD_TOKEN
            raise SignInRefused(reason, f"token endpoint answered {status}") from None
        except (requests.RequestException, ValueError) as error:
            raise SignInRefused(PROVIDER_DOWN, f"token endpoint: {type(error).__name__}") from None
        request.sso_id_token = token_info.get("id_token") or ""
        claims = self.verify_token(request.sso_id_token, nonce=nonce)
        claims = self._with_userinfo(token_info.get("access_token"), claims)
        return provider_sign_in(provider=provider, claims=claims)

    def verify_token(self, token, **kwargs):
        def claims_with(keys):
            return id_token_claims(
                token,
                keys=keys,
                issuer=self.provider.issuer,
                client_id=self.provider.client_id,
                nonce=kwargs.get("nonce"),
            )

        with provider_answers():
            try:
                return claims_with(discovery.signing_keys(self.provider))
            except SignInRefused as refusal:
                if "does not publish" not in refusal.detail:
                    raise
                # The provider may have rotated its keys since they were cached.
                return claims_with(discovery.signing_keys(self.provider, refresh=True))

    def _with_userinfo(self, access_token, claims: dict) -> dict:
        """The ID token's claims with the user info endpoint's (Entra ID and
        others send groups and names only there). The user info must be about
        the same subject (OpenID Connect Core 1.0, 5.3.2)."""
        if not self.OIDC_OP_USER_ENDPOINT or not access_token:
            return claims
        try:
            userinfo = self.get_userinfo(access_token, None, claims)
        except SuspiciousOperation as error:
            raise SignInRefused(BAD_TOKEN, f"user info: {error}") from None
        except (requests.RequestException, ValueError) as error:
            raise SignInRefused(PROVIDER_DOWN, f"user info: {type(error).__name__}") from None
        if not isinstance(userinfo, dict) or userinfo.get("sub") != claims["sub"]:
            raise SignInRefused(BAD_TOKEN, "user info is about another subject")
        return {**userinfo, **{name: claims[name] for name in REQUIRED_CLAIMS}, "nonce": claims.get("nonce")}

    def get_user(self, user_id):
        # As Django's ModelBackend: an inactive account's session ends at its
        # next request; so does one whose provider an administrator disabled.
        user = (
            User.objects.filter(pk=user_id)
            .filter(Q(provider_account__isnull=True) | Q(provider_account__provider__enabled=True))
            .first()
        )
        return user if user is not None and ModelBackend.user_can_authenticate(self, user) else None
