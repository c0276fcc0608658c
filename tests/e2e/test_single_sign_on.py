"""An officer of an agency with its own identity provider signs in with it in
Chromium, against a real OpenID provider (node oidc-provider) on loopback;
then the provider deactivates them over SCIM and their open page is refused
at its next request."""

import pytest
import requests

from lead_ops.accounts.models import Agency, Precinct, Unit
from lead_ops.accounts.services import user_create
from sso.services import scim_token_rotate
from sso.tests.factories import make_provider
from sso.tests.identity_provider import identity_provider

from .journeys import screenshot, user_menu, visit


@pytest.fixture
def metro_idp(live_server, transactional_db):
    agency = Agency.objects.create(name="Metro Police", kind=Agency.Kind.POLICE)
    precinct = Precinct.objects.create(agency=agency, name="North", code="N")
    Unit.objects.create(name="North proactive", kind=Unit.Kind.PROACTIVE, precinct=precinct)
    with identity_provider(site_urls=[live_server.url], slugs=["metro"]) as running:
        provider = make_provider(agency, running.issuer)
        yield provider


def sign_in_at_the_provider(page, live_server, provider, login: str) -> None:
    """From LEAD's sign-in page, through the provider's, back home."""
    page.get_by_role("link", name=f"Sign in with {provider.name}").click()
    page.wait_for_url(f"{provider.issuer}/interaction/**")
    page.a11y.check()
    page.get_by_label("User name").fill(login)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.a11y.check()


def test_an_officer_signs_in_with_the_agency_provider_and_scim_deactivation_ends_the_session(
    page, live_server, metro_idp
):
    officer = user_create(username="oortiz@metro.example", password=None, roles=[], agency=metro_idp.agency)
    token = scim_token_rotate(provider=metro_idp)

    visit(page, "/accounts/login/")
    screenshot(page, "sso-sign-in-page")
    sign_in_at_the_provider(page, live_server, metro_idp, "ortiz")
    assert page.get_by_role("heading", name="Welcome, Olivia").is_visible()
    assert "Officer" in user_menu(page).get_by_test_id("signed-in-as").inner_text()
    screenshot(page, "sso-signed-in-home")

    account = requests.get(
        f"{live_server.url}/scim/v2/Users",
        params={"filter": 'userName eq "oortiz@metro.example"'},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()["Resources"][0]
    deactivated = requests.patch(
        f"{live_server.url}/scim/v2/Users/{account['id']}",
        json={
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
        },
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"},
        timeout=10,
    )
    assert deactivated.status_code == 200, deactivated.text

    visit(page, "/referrals/new/")
    assert "/accounts/login/" in page.url
    assert page.get_by_text("Your account is no longer active").is_visible()
    screenshot(page, "sso-deactivated")
    officer.refresh_from_db()
    assert not officer.is_active


def test_a_provider_that_is_down_says_so_and_leaves_the_password_sign_in(page, live_server, transactional_db):
    from sso.tests.identity_provider import free_port

    agency = Agency.objects.create(name="County Sheriff", kind=Agency.Kind.POLICE)
    make_provider(agency, f"http://127.0.0.1:{free_port()}", slug="county")
    visit(page, "/accounts/login/")
    page.get_by_role("link", name="Sign in with County Sheriff").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.a11y.check()
    assert page.get_by_text("County Sheriff is not answering just now").is_visible()
    assert page.get_by_label("Username").is_visible()


def test_signing_out_on_a_shared_computer_leaves_no_provider_session_behind(page, live_server, metro_idp):
    user_create(username="oortiz@metro.example", password=None, roles=[], agency=metro_idp.agency)
    visit(page, "/accounts/login/")
    sign_in_at_the_provider(page, live_server, metro_idp, "ortiz")

    # Our "Signed out" page moves on to the provider at once; held here a moment to look at it.
    end_session = f"{metro_idp.issuer}/session/end**"
    page.route(end_session, lambda route: route.fulfill(status=204))  # a 204 leaves the page as it is
    user_menu(page).get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/accounts/signed-out/")
    page.a11y.check()
    screenshot(page, "sso-signed-out")
    page.unroute(end_session)
    page.get_by_test_id("sign-out-onward").click()
    page.wait_for_url(end_session)
    page.a11y.check()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.a11y.check()

    # The next person at this computer meets the provider's sign-in page, not the last officer's session.
    page.get_by_role("link", name="Sign in with Metro Police").click()
    page.wait_for_url(f"{metro_idp.issuer}/interaction/**")
    page.a11y.check()
    assert page.get_by_label("User name").is_visible()
