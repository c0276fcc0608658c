"""SCIM 2.0 provisioning through django-scim2: a provider creates, changes and
deactivates its agency's accounts and groups with its own bearer token, and
nothing else; a bad token or a malformed body changes nothing."""

import json

import pytest
from django.contrib.auth import SESSION_KEY

from lead_ops.accounts.models import Agency, User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.services import user_create
from lead_ops.audit.models import AuditEvent
from sso.models import ProviderAccount, ProviderGroup, RoleRule
from sso.services import scim_token_rotate

from .factories import make_provider

SCIM = "application/scim+json"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def provider(metro):
    return make_provider(metro, "https://login.example/metro/v2.0")


@pytest.fixture
def token(provider):
    return scim_token_rotate(provider=provider)


class Scim:
    def __init__(self, client, token):
        self.client, self.headers = client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def call(self, method, path, body=None, **headers):
        data = body if isinstance(body, str | bytes) else json.dumps(body) if body is not None else None
        kwargs = {**self.headers, **headers}
        return getattr(self.client, method)(f"/scim/v2/{path}", data=data, content_type=SCIM, **kwargs)

    def create_user(self, user_name="oortiz@metro.example", **extra):
        body = {
            "schemas": [USER_SCHEMA],
            "userName": user_name,
            "externalId": "e-4471",
            "name": {"givenName": "Olivia", "familyName": "Ortiz"},
            "emails": [{"value": user_name, "primary": True, "type": "work"}],
            "active": True,
            **extra,
        }
        return self.call("post", "Users", body)


@pytest.fixture
def scim(client, token):
    return Scim(client, token)


def test_the_provider_creates_an_account_of_its_agency(scim, metro):
    response = scim.create_user()
    assert response.status_code == 201, response.content
    document = response.json()
    assert document["userName"] == "oortiz@metro.example" and document["active"] is True
    assert response["Location"].endswith(f"/scim/v2/Users/{document['id']}")
    user = User.objects.get(username="oortiz@metro.example")
    assert user.agency == metro and not user.has_usable_password() and user.role_names == frozenset()
    created = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_ids=f",{user.pk},")
    assert created.actor_username == "scim:metro" and created.actor is None


def test_get_filter_and_list_are_audited_reads(scim):
    scim_id = scim.create_user().json()["id"]
    user = User.objects.get(username="oortiz@metro.example")
    assert scim.call("get", f"Users/{scim_id}").json()["name"]["givenName"] == "Olivia"
    found = scim.call("get", 'Users?filter=userName eq "oortiz@metro.example"').json()
    assert found["totalResults"] == 1 and found["Resources"][0]["id"] == scim_id
    assert scim.call("get", 'Users?filter=userName eq "nobody@metro.example"').json()["totalResults"] == 0
    reads = AuditEvent.objects.filter(actor_username="scim:metro", action__in=["view", "list"])
    assert reads.filter(object_ids__contains=f",{user.pk},").count() == 2


def test_an_update_changes_the_account(scim):
    scim_id = scim.create_user().json()["id"]
    body = {"schemas": [USER_SCHEMA], "userName": "oortiz@metro.example", "name": {"givenName": "Liv"}, "active": True}
    assert scim.call("put", f"Users/{scim_id}", body).status_code == 200
    assert User.objects.get(username="oortiz@metro.example").first_name == "Liv"


def test_deactivation_as_entra_id_sends_it(scim):
    scim_id = scim.create_user().json()["id"]
    # Entra ID sends booleans as strings in PATCH operations.
    patch = {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}
    response = scim.call("patch", f"Users/{scim_id}", patch)
    assert response.status_code == 200 and response.json()["active"] is False
    user = User.objects.get(username="oortiz@metro.example")
    assert not user.is_active
    assert AuditEvent.objects.filter(summary__startswith="Deactivated by Metro Police", actor_username="scim:metro")


def test_delete_deactivates_and_lets_go_of_the_account(scim):
    scim_id = scim.create_user().json()["id"]
    assert scim.call("delete", f"Users/{scim_id}").status_code == 204
    user = User.objects.get(username="oortiz@metro.example")
    assert not user.is_active and not ProviderAccount.objects.exists()
    assert scim.call("get", f"Users/{scim_id}").status_code == 404


def test_a_deactivated_user_s_open_session_ends_at_its_next_request(scim, client, metro):
    from django.test import Client

    scim_id = scim.create_user().json()["id"]
    user = User.objects.get(username="oortiz@metro.example")
    browser = Client()
    browser.force_login(user, backend="sso.backend.ProviderBackend")
    assert browser.get("/").status_code == 200
    patch = {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "replace", "value": {"active": False}}]}
    scim.call("patch", f"Users/{scim_id}", patch)
    response = browser.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert SESSION_KEY not in browser.session
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SESSION_EXPIRED, actor=user).exists()
    assert "no longer active" in browser.get("/accounts/login/").content.decode()


def test_groups_give_roles_by_the_provider_s_rules(scim, provider):
    ortiz = scim.create_user().json()["id"]
    group = scim.call("post", "Groups", {"schemas": [GROUP_SCHEMA], "displayName": "LEAD-Sergeants"})
    assert group.status_code == 201, group.content
    group_id = group.json()["id"]
    add = {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "add", "path": "members", "value": [{"value": ortiz}]}]}
    assert scim.call("patch", f"Groups/{group_id}", add).status_code == 200
    user = User.objects.get(username="oortiz@metro.example")
    assert user.role_names == {Role.SERGEANT}
    remove = {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "remove", "path": f'members[value eq "{ortiz}"]'}]}
    assert scim.call("patch", f"Groups/{group_id}", remove).status_code == 200
    assert User.objects.get(pk=user.pk).role_names == frozenset()
    assert scim.call("get", f"Groups/{group_id}").json()["members"] == []


def test_deleting_a_group_takes_its_roles_away(scim):
    ortiz = scim.create_user().json()["id"]
    body = {"schemas": [GROUP_SCHEMA], "displayName": "LEAD-Officers", "members": [{"value": ortiz}]}
    group_id = scim.call("post", "Groups", body).json()["id"]
    assert User.objects.get(username="oortiz@metro.example").role_names == {Role.OFFICER}
    assert scim.call("delete", f"Groups/{group_id}").status_code == 204
    assert User.objects.get(username="oortiz@metro.example").role_names == frozenset()


def test_an_account_made_by_hand_in_the_agency_is_taken_over(scim, metro):
    user = user_create(username="oortiz@metro.example", password=None, roles=[Role.OFFICER], agency=metro)
    assert scim.create_user().status_code == 201
    assert ProviderAccount.objects.get().user == user


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "Users", None),
        ("post", "Users", {"schemas": [USER_SCHEMA], "userName": "intruder@metro.example"}),
        ("get", "Groups", None),
    ],
)
@pytest.mark.parametrize("authorization", ["", "Bearer not-a-token", "Basic b3J0aXo6cGFzcw==", "Bearer "])
def test_without_a_valid_token_nothing_is_read_or_changed(client, provider, token, method, path, body, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    data = json.dumps(body) if body else None
    response = getattr(client, method)(f"/scim/v2/{path}", data=data, content_type=SCIM, **headers)
    assert response.status_code == 401
    assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not User.objects.filter(username="intruder@metro.example").exists()


def test_a_rotated_token_stops_working(client, provider, token):
    scim_token_rotate(provider=provider)
    assert Scim(client, token).call("get", "Users").status_code == 401


def test_one_provider_cannot_see_or_touch_another_s_accounts(client, scim, provider):
    ortiz = scim.create_user().json()["id"]
    county = Agency.objects.create(name="County Sheriff", kind=Agency.Kind.POLICE)
    county_provider = make_provider(county, "https://login.example/county", slug="county")
    other = Scim(client, scim_token_rotate(provider=county_provider))
    assert other.call("get", f"Users/{ortiz}").status_code == 404
    assert other.call("get", "Users").json()["totalResults"] == 0
    assert other.call("get", 'Users?filter=userName eq "oortiz@metro.example"').json()["totalResults"] == 0
    patch = {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "replace", "path": "active", "value": False}]}
    assert other.call("patch", f"Users/{ortiz}", patch).status_code == 404
    assert other.create_user().status_code == 409  # the name is Metro's account
    assert User.objects.get(username="oortiz@metro.example").is_active


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        {"schemas": [USER_SCHEMA]},
        {"schemas": [USER_SCHEMA], "userName": 42},
        {"schemas": [USER_SCHEMA], "userName": "x@metro.example", "active": "sometimes"},
        {"schemas": [USER_SCHEMA], "userName": "x@metro.example", "name": "not an object"},
        {"schemas": [USER_SCHEMA], "userName": "x@metro.example", "emails": "x@metro.example"},
        {"schemas": [USER_SCHEMA], "userName": "x" * 151},
        {"schemas": [USER_SCHEMA], "userName": "x@metro.example", "name": {"givenName": "y" * 151}},
    ],
)
def test_a_malformed_user_gets_a_scim_error_and_nothing_is_made(scim, body):
    response = scim.call("post", "Users", body)
    assert response.status_code == 400, response.content
    assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert not User.objects.exists() or not User.objects.filter(username__startswith="x").exists()
    assert not ProviderAccount.objects.exists()


@pytest.mark.parametrize(
    "operations",
    [
        [{"op": "replace", "path": "active", "value": "maybe"}],
        [{"op": "move", "path": "active", "value": False}],
        ["not an object"],
        [{"op": "replace", "path": "active", "value": False}, {"op": "replace", "path": "userName", "value": 7}],
    ],
)
def test_a_malformed_patch_changes_nothing(scim, operations):
    scim_id = scim.create_user().json()["id"]
    response = scim.call("patch", f"Users/{scim_id}", {"schemas": [PATCH_SCHEMA], "Operations": operations})
    assert response.status_code == 400
    assert User.objects.get(username="oortiz@metro.example").is_active


def test_a_group_with_a_stranger_as_member_is_refused(scim, provider):
    body = {"schemas": [GROUP_SCHEMA], "displayName": "LEAD-Officers", "members": [{"value": "not-one-of-ours"}]}
    assert scim.call("post", "Groups", body).status_code == 400
    assert not ProviderGroup.objects.exists()


def test_the_same_user_name_twice_is_a_conflict(scim):
    scim.create_user()
    response = scim.create_user()
    assert response.status_code == 409 and response.json()["scimType"] == "uniqueness"


def test_changing_the_rules_in_the_admin_reapplies_roles(scim, provider):
    from sso.services import identity_provider_rules_apply

    ortiz = scim.create_user().json()["id"]
    scim.call("post", "Groups", {"schemas": [GROUP_SCHEMA], "displayName": "Patrol", "members": [{"value": ortiz}]})
    assert User.objects.get(username="oortiz@metro.example").role_names == frozenset()
    RoleRule.objects.create(provider=provider, claim="groups", value="Patrol", role=Role.OFFICER)
    identity_provider_rules_apply(provider=provider)
    assert User.objects.get(username="oortiz@metro.example").role_names == {Role.OFFICER}


def test_scim_answers_are_never_cached(scim):
    assert "no-store" in scim.call("get", "Users")["Cache-Control"]


def test_service_provider_config_is_served(scim):
    document = scim.call("get", "ServiceProviderConfig").json()
    assert document["authenticationSchemes"][0]["type"] == "oauthbearertoken"


def test_a_list_costs_the_same_queries_for_one_user_as_for_many(scim):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert scim.call("get", "Users").status_code == 200
        return len(queries)

    scim.create_user()
    one = list_queries()
    for n in range(5):
        scim.create_user(user_name=f"officer{n}@metro.example")
    assert list_queries() == one, "a SCIM list reads each user's account or groups row by row: why?"
