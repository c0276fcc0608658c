"""A provider's OpenID configuration (RFC 8414 / OpenID Connect Discovery 1.0)
and signing keys, fetched with a short timeout and reused for a while."""

import requests
from django.conf import settings
from django.core.cache import cache


class ProviderUnavailable(Exception):
    """The provider did not answer in time, or answered with an error."""


class ProviderMisconfigured(Exception):
    """The provider answered, but not as its settings here say it should."""


REQUIRED = ("authorization_endpoint", "token_endpoint", "jwks_uri")


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=settings.LEAD_SSO_TIMEOUT_SECONDS, headers={"Accept": "application/json"})
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"{type(error).__name__} from {url}") from error
    if not isinstance(document, dict):
        raise ProviderMisconfigured(f"{url} did not answer with a JSON object")
    return document


def _cache_key(kind: str, provider) -> str:
    return f"sso:{kind}:{provider.pk}:{provider.issuer}"


def configuration(provider) -> dict:
    """The endpoints of the provider's issuer. Its document must name the same
    issuer (OpenID Connect Discovery 1.0 section 4.3): a look-alike host cannot
    stand in for it."""
    key = _cache_key("configuration", provider)
    document = cache.get(key)
    if document is None:
        document = _get_json(provider.issuer.rstrip("/") + "/.well-known/openid-configuration")
        if document.get("issuer") != provider.issuer:
            raise ProviderMisconfigured(
                f"the provider calls itself {str(document.get('issuer'))[:200]!r}, not {provider.issuer!r}"
            )
        missing = [name for name in REQUIRED if not isinstance(document.get(name), str)]
        if missing:
            raise ProviderMisconfigured(f"the discovery document lacks {', '.join(missing)}")
        cache.set(key, document, settings.LEAD_SSO_METADATA_SECONDS)
    return document


def signing_keys(provider, *, refresh: bool = False) -> list[dict]:
    """The provider's published keys; fetched again once when a token names a
    key not among them (the provider rotated its keys)."""
    key = _cache_key("jwks", provider)
    keys = None if refresh else cache.get(key)
    if keys is None:
        keys = _get_json(configuration(provider)["jwks_uri"]).get("keys")
        if not isinstance(keys, list):
            raise ProviderMisconfigured("the provider's key set has no keys")
        cache.set(key, keys, settings.LEAD_SSO_METADATA_SECONDS)
    return keys


def forget(provider) -> None:
    cache.delete_many([_cache_key("configuration", provider), _cache_key("jwks", provider)])
