"""Signing in with an agency's identity provider, against a real OpenID
provider (node oidc-provider) on loopback: the flow, the claims, and every
way the provider's answer can be wrong."""

import html
import re
import socket
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from lead_ops.accounts.models import Agency, User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.services import user_create
from lead_ops.audit.models import AuditEvent
from sso.models import ProviderAccount, RoleRule

from .factories import make_provider
from .identity_provider import through_provider


def start(client, slug="metro"):
    response = client.get(f"/accounts/sso/{slug}/")
    assert response.status_code == 302, response
    return response["Location"]


def sign_in(client, login, slug="metro"):
    """Through the provider's page and back; our answer to the callback."""
    back = through_provider(start(client, slug), login)
    parts = urlsplit(back)
    return client.get(parts.path, parse_qs(parts.query))


def signed_in_user(client):
    return client.session.get(SESSION_KEY)


def message_of(client):
    response = client.get("/accounts/login/")
    return response.content.decode()


@pytest.fixture
def ortiz(metro):
    return user_create(username="oortiz@metro.example", password=None, roles=[], agency=metro)


def test_the_authorization_request_uses_pkce_state_and_nonce(client, metro_provider):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["response_type"] == ["code"] and query["client_id"] == ["lead-ops"]
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["redirect_uri"] == ["http://testserver/accounts/sso/metro/callback/"]


def test_a_known_officer_signs_in_and_gets_role_badge_and_unit_from_the_claims(client, metro_provider, ortiz):
    response = sign_in(client, "ortiz")
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user(client) == str(ortiz.pk)
    ortiz = User.objects.get(pk=ortiz.pk)
    assert ortiz.role_names == {Role.OFFICER}
    assert (ortiz.badge_number, ortiz.unit.name, ortiz.first_name) == ("4471", "North proactive", "Olivia")
    account = ProviderAccount.objects.get(user=ortiz)
    assert account.subject == "ortiz" and account.roles_from_claims == [Role.OFFICER]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN, actor=ortiz).exists()
    assert client.get("/").status_code == 200


def test_the_next_page_is_kept_through_the_provider(client, metro_provider, ortiz):
    client.get("/accounts/sso/metro/?next=/referrals/")
    back = through_provider(client.get("/accounts/sso/metro/?next=/referrals/")["Location"], "ortiz")
    parts = urlsplit(back)
    assert client.get(parts.path, parse_qs(parts.query))["Location"] == "/referrals/"


def test_a_sergeant_in_two_groups_gets_both_roles(client, metro_provider, metro):
    lee = user_create(username="dlee@metro.example", password=None, roles=[Role.CASE_MANAGER], agency=metro)
    sign_in(client, "lee")
    lee = User.objects.get(pk=lee.pk)
    # The provider's rules replace what was given by hand.
    assert lee.role_names == {Role.OFFICER, Role.SERGEANT}


def test_an_unknown_person_is_refused_with_a_clear_message(client, metro_provider):
    response = sign_in(client, "newcomer")
    assert response["Location"] == "/accounts/login/"
    assert SESSION_KEY not in client.session
    assert "you have no LEAD Ops account" in message_of(client)
    refusal = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert refusal.detail["reason"] == "unknown_user" and refusal.actor_username == "newcomer@metro.example"
    assert not ProviderAccount.objects.exists()


def test_just_in_time_provisioning_makes_an_account_with_no_role_until_a_rule_gives_one(client, metro, idp):
    make_provider(metro, idp.issuer, create_unknown_users=True)
    sign_in(client, "newcomer")
    account = ProviderAccount.objects.select_related("user").get(user_name="newcomer@metro.example")
    user = account.user
    assert signed_in_user(client) == str(user.pk)
    assert user.agency == metro and user.role_names == frozenset() and not user.has_usable_password()
    assert "No role assigned" in client.get("/").content.decode() or user.roles_display == "No role assigned"


def test_a_provider_may_not_make_site_administrators(client, metro_provider):
    from django.core.exceptions import ValidationError

    from sso.models import RoleRule

    rule = RoleRule(provider=metro_provider, claim="groups", value="LEAD-Admins", role=Role.ADMINISTRATOR)
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_an_account_of_another_agency_is_never_matched(client, metro_provider):
    county = Agency.objects.create(name="County Sheriff", kind=Agency.Kind.POLICE)
    deputy = user_create(username="oortiz@metro.example", password=None, roles=[Role.OFFICER], agency=county)
    sign_in(client, "ortiz")
    assert SESSION_KEY not in client.session
    assert "already exists in another agency" in message_of(client)
    assert not ProviderAccount.objects.filter(user=deputy).exists()


def test_a_deactivated_account_is_refused(client, metro_provider, ortiz):
    ortiz.is_active = False
    ortiz.save()
    sign_in(client, "ortiz")
    assert SESSION_KEY not in client.session
    assert "no longer active" in message_of(client)


@pytest.mark.parametrize(
    "answer",
    ["tampered", "expired", "wrong_audience", "wrong_issuer", "wrong_nonce", "unsigned", "stranger_key"],
)
def test_an_id_token_that_is_not_genuine_or_not_for_us_is_refused(client, metro_provider, ortiz, idp, answer):
    idp.mode(id_token=answer)
    response = sign_in(client, "ortiz")
    assert response["Location"] == "/accounts/login/"
    assert SESSION_KEY not in client.session
    assert "could not be verified" in message_of(client)
    refusal = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert refusal.detail["reason"] == "bad_token"


def test_a_nonce_other_than_the_one_this_browser_was_sent_with_is_refused(client, metro_provider, ortiz):
    authorization = start(client)
    session = client.session
    state = parse_qs(urlsplit(authorization).query)["state"][0]
    session["oidc_states"][state]["nonce"] = "another-browser's-nonce"
    session.save()
    parts = urlsplit(through_provider(authorization, "ortiz"))
    client.get(parts.path, parse_qs(parts.query))
    assert SESSION_KEY not in client.session
    assert "could not be verified" in message_of(client)


def test_a_wrong_or_replayed_state_is_refused(client, metro_provider, ortiz):
    parts = urlsplit(through_provider(start(client), "ortiz"))
    query = parse_qs(parts.query)
    forged = {**query, "state": ["not-a-state-we-issued"]}
    client.get(parts.path, forged)
    assert SESSION_KEY not in client.session
    assert "expired or was already used" in message_of(client)
    client.get(parts.path, query)
    assert signed_in_user(client) == str(ortiz.pk)
    client.logout()
    client.get(parts.path, query)  # the same code and state again
    assert SESSION_KEY not in client.session


def test_a_state_issued_for_one_provider_is_not_taken_by_another(client, metro_provider, ortiz, idp, metro):
    make_provider(metro, idp.issuer, slug="county", name="Metro backup")
    parts = urlsplit(through_provider(start(client, "metro"), "ortiz"))
    client.get("/accounts/sso/county/callback/", parse_qs(parts.query))
    assert SESSION_KEY not in client.session


def test_a_provider_that_is_down_gets_a_message_and_the_password_still_works(client, metro, settings):
    from .identity_provider import free_port

    make_provider(metro, f"http://127.0.0.1:{free_port()}")
    user_create(username="local", password="a long local password", roles=[Role.OFFICER], agency=metro)
    response = client.get("/accounts/sso/metro/")
    assert response["Location"] == "/accounts/login/"
    assert "is not answering just now" in message_of(client)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED, detail__reason="provider_down").exists()
    client.post("/accounts/login/", {"username": "local", "password": "a long local password"})
    assert SESSION_KEY in client.session


def test_a_provider_that_hangs_is_given_up_after_the_timeout(client, metro, settings):
    settings.LEAD_SSO_TIMEOUT_SECONDS = 1
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    try:
        make_provider(metro, f"http://127.0.0.1:{listener.getsockname()[1]}")
        response = client.get("/accounts/sso/metro/")
        assert response["Location"] == "/accounts/login/"
        assert "is not answering just now" in message_of(client)
    finally:
        listener.close()


def test_a_slow_token_endpoint_is_given_up_too(client, metro_provider, ortiz, idp, settings):
    authorization = start(client)
    back = urlsplit(through_provider(authorization, "ortiz"))
    settings.LEAD_SSO_TIMEOUT_SECONDS = 1
    idp.mode(delay_ms=2500)
    client.get(back.path, parse_qs(back.query))
    assert SESSION_KEY not in client.session
    assert "is not answering just now" in message_of(client)


def test_a_provider_whose_discovery_names_another_issuer_is_refused(client, metro, idp):
    make_provider(metro, idp.issuer + "/")
    client.get("/accounts/sso/metro/")
    assert "is not set up correctly" in message_of(client)


def test_the_sign_in_page_offers_each_enabled_provider(client, metro_provider, metro):
    make_provider(metro, metro_provider.issuer, slug="county", name="Old directory", enabled=False)
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Metro Police" in page and "Old directory" not in page
    assert client.get("/accounts/sso/county/").status_code == 404


def test_disabling_a_provider_ends_its_sessions_at_the_next_request(client, metro_provider, ortiz):
    sign_in(client, "ortiz")
    assert client.get("/").status_code == 200
    metro_provider.enabled = False
    metro_provider.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.fixture
def second_factor_on(settings):
    settings.LEAD_REQUIRE_MFA = True


def test_the_provider_s_own_second_factor_is_taken_when_it_does_one(client, metro_provider, ortiz, second_factor_on):
    sign_in(client, "ortiz")
    assert client.get("/").status_code == 200


def test_a_provider_without_a_second_factor_leaves_the_authenticator_step(client, metro, idp, ortiz, second_factor_on):
    make_provider(metro, idp.issuer, provider_does_second_factor=False)
    sign_in(client, "ortiz")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:mfa_enrol"))


def test_a_role_that_needs_a_passkey_needs_one_after_single_sign_on_too(client, metro_provider, second_factor_on):
    RoleRule.objects.create(provider=metro_provider, claim="groups", value="LEAD-Admins", role=Role.ANALYST)
    user_create(username="climber@metro.example", password=None, roles=[], agency=metro_provider.agency)
    sign_in(client, "climber")
    response = client.get("/reports/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:passkey_register"))


def test_a_recycled_user_name_is_not_handed_to_a_new_subject(client, metro_provider, ortiz):
    ProviderAccount.objects.create(provider=metro_provider, user=ortiz, subject="someone-earlier", user_name="x")
    ortiz.username = "oortiz@metro.example"
    ortiz.save()
    sign_in(client, "ortiz")
    assert SESSION_KEY not in client.session
    assert "already exists" in message_of(client)


def test_a_claim_lead_cannot_keep_is_left_out_not_an_error(client, metro, idp):
    from .identity_provider import PEOPLE

    provider = make_provider(metro, idp.issuer, email_claim="given_name")
    assert "@" not in PEOPLE["newcomer"]["given_name"]  # the "e-mail" claim here is a first name
    user_create(username="newcomer@metro.example", password=None, roles=[], agency=metro, email="n@metro.example")
    sign_in(client, "newcomer")
    user = User.objects.get(username="newcomer@metro.example")
    assert signed_in_user(client) == str(user.pk) and user.email == "n@metro.example"
    assert provider.accounts.get().user == user


def test_signing_out_signs_out_at_the_provider_too(client, metro_provider, ortiz, idp):
    sign_in(client, "ortiz")
    id_token = client.session["lead_sso_id_token"]
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/signed-out/"
    assert SESSION_KEY not in client.session
    page = client.get("/accounts/signed-out/")
    onward = re.search(r'href="([^"]+)" data-testid="sign-out-onward"', page.content.decode()).group(1)
    location = urlsplit(html.unescape(onward))
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{idp.issuer}/session/end"
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [id_token] and query["client_id"] == ["lead-ops"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_OUT, actor=ortiz).exists()
    # Once: a reload, or a later visitor, goes to the sign-in page.
    assert client.get("/accounts/signed-out/")["Location"] == "/accounts/login/"


def test_a_local_sign_out_stays_local(client, metro_provider, metro):
    user_create(username="local", password="a long local password", roles=[Role.OFFICER], agency=metro)
    client.post("/accounts/login/", {"username": "local", "password": "a long local password"})
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"
