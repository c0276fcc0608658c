"""Client secrets at rest: encrypted under LEAD_SECRETS_KEY, or read from a
named environment variable; one that cannot be read stops the sign-in with
the administrator's message, not an error."""

import pytest
from cryptography.fernet import Fernet

from sso import client_secrets
from sso.models import IdentityProvider


def provider(**fields):
    return IdentityProvider(name="Metro", slug="metro", issuer="https://login.example", client_id="c", **fields)


def test_a_stored_secret_is_encrypted_and_read_back():
    stored = client_secrets.encrypt("s3cret-value")
    assert "s3cret-value" not in stored
    assert client_secrets.client_secret_of(provider(client_secret_encrypted=stored)) == "s3cret-value"


def test_a_secret_stored_under_another_key_cannot_be_read(settings):
    stored = client_secrets.encrypt("s3cret-value")
    settings.LEAD_SECRETS_KEY = Fernet.generate_key().decode()
    with pytest.raises(client_secrets.SecretUnavailable, match="enter it again"):
        client_secrets.client_secret_of(provider(client_secret_encrypted=stored))


def test_the_environment_variable_wins_and_must_be_set(monkeypatch):
    stored = client_secrets.encrypt("stored-value")
    named = provider(client_secret_encrypted=stored, client_secret_env="METRO_OIDC_SECRET")
    monkeypatch.setenv("METRO_OIDC_SECRET", "from-the-environment")
    assert client_secrets.client_secret_of(named) == "from-the-environment"
    monkeypatch.delenv("METRO_OIDC_SECRET")
    with pytest.raises(client_secrets.SecretUnavailable, match="METRO_OIDC_SECRET is not set"):
        client_secrets.client_secret_of(named)


def test_an_unreadable_secret_refuses_the_sign_in_with_the_set_up_message(client, metro, idp, monkeypatch):
    from .factories import make_provider
    from .identity_provider import through_provider

    configured = make_provider(metro, idp.issuer)
    configured.client_secret_env = "METRO_OIDC_SECRET"
    configured.save()
    monkeypatch.delenv("METRO_OIDC_SECRET", raising=False)
    back = through_provider(client.get("/accounts/sso/metro/")["Location"], "ortiz")
    path, _, query = back.removeprefix("http://testserver").partition("?")
    assert client.get(f"{path}?{query}")["Location"] == "/accounts/login/"
    assert "is not set up correctly" in client.get("/accounts/login/").content.decode()
