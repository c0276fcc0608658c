"""Identity providers in the admin: saved through the service, the client
secret stored encrypted and never shown, the SCIM token shown once."""

import re

import pytest

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UserFactory
from lead_ops.audit.models import AuditEvent
from sso import client_secrets
from sso.models import IdentityProvider
from sso.services import provider_for_scim_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True))
    return client


def provider_form(metro, **changes):
    return {
        "agency": metro.pk,
        "name": "Metro Police",
        "slug": "metro",
        "enabled": "on",
        "issuer": "https://login.microsoftonline.com/tenant/v2.0",
        "client_id": "app-id",
        "client_secret": "the-client-secret-value",
        "client_secret_env": "",
        "scopes": "openid profile email",
        "username_claim": "preferred_username",
        "email_claim": "email",
        "badge_claim": "",
        "unit_claim": "",
        "groups_claim": "groups",
        "provider_does_second_factor": "on",
        "role_rules-TOTAL_FORMS": "1",
        "role_rules-INITIAL_FORMS": "0",
        "role_rules-0-claim": "groups",
        "role_rules-0-value": "LEAD-Officers",
        "role_rules-0-role": Role.OFFICER,
        **changes,
    }


@pytest.mark.parametrize("model", ["identityprovider", "provideraccount", "providergroup"])
def test_every_admin_list_opens(admin_client, model):
    assert admin_client.get(f"/admin/sso/{model}/").status_code == 200


def test_a_provider_is_added_with_its_secret_encrypted_and_never_shown(admin_client, metro):
    response = admin_client.post("/admin/sso/identityprovider/add/", provider_form(metro))
    assert response.status_code == 302, response.content.decode()[:2000]
    provider = IdentityProvider.objects.get(slug="metro")
    assert "the-client-secret-value" not in provider.client_secret_encrypted
    assert client_secrets.client_secret_of(provider) == "the-client-secret-value"
    assert provider.role_rules.get().role == Role.OFFICER
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_type="sso.identityprovider").exists()
    page = admin_client.get(f"/admin/sso/identityprovider/{provider.pk}/change/").content.decode()
    assert "the-client-secret-value" not in page and provider.client_secret_encrypted not in page


def test_an_empty_secret_keeps_the_stored_one(admin_client, metro):
    admin_client.post("/admin/sso/identityprovider/add/", provider_form(metro))
    provider = IdentityProvider.objects.get(slug="metro")
    form = provider_form(metro, client_secret="", name="Metro PD", **{"role_rules-TOTAL_FORMS": "0"})
    assert admin_client.post(f"/admin/sso/identityprovider/{provider.pk}/change/", form).status_code == 302
    provider.refresh_from_db()
    assert provider.name == "Metro PD" and client_secrets.client_secret_of(provider) == "the-client-secret-value"


def test_a_provider_without_any_secret_is_refused_on_the_form(admin_client, metro):
    response = admin_client.post("/admin/sso/identityprovider/add/", provider_form(metro, client_secret=""))
    assert response.status_code == 200 and "Give the client secret" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_a_provider_without_the_openid_scope_is_refused_on_the_form(admin_client, metro):
    response = admin_client.post("/admin/sso/identityprovider/add/", provider_form(metro, scopes="profile email"))
    assert response.status_code == 200 and "must include" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_a_rule_giving_the_administrator_role_cannot_be_chosen(admin_client, metro):
    response = admin_client.post(
        "/admin/sso/identityprovider/add/", provider_form(metro, **{"role_rules-0-role": Role.ADMINISTRATOR})
    )
    # The provider is not saved without its rules either: all or nothing.
    assert response.status_code == 200 and not IdentityProvider.objects.exists()
    assert not AuditEvent.objects.filter(object_type="sso.identityprovider").exists()


def test_the_scim_token_is_shown_once_and_works(admin_client, metro):
    admin_client.post("/admin/sso/identityprovider/add/", provider_form(metro))
    provider = IdentityProvider.objects.get(slug="metro")
    response = admin_client.post(
        "/admin/sso/identityprovider/",
        {"action": "scim_token_make", "_selected_action": [provider.pk]},
        follow=True,
    )
    token = re.search(r"shown this once\): (\S+)<", response.content.decode()).group(1)
    assert provider_for_scim_token(token) == provider
    provider.refresh_from_db()
    assert token not in provider.scim_token_digest and provider.scim_token_hint == token[-4:]
