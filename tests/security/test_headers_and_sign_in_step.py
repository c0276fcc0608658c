"""Every response to a signed-in user says Cache-Control: no-store (pages,
fragments, files, exports); before the second sign-in step nothing of the
account shows, only the step and the way out."""

import pytest
from django.urls import reverse

from .test_url_matrix import MATRIX, PUBLIC, url_arguments, url_names
from .world import build_world

pytestmark = pytest.mark.django_db


def test_every_signed_in_get_is_not_stored_by_the_browser(client, lead_protocol, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    arguments = url_arguments(world)
    checked, missing = 0, []
    for role, user in world.users.items():
        client.force_login(user)
        for name in sorted(set(url_names())):
            method, roles = MATRIX[name]
            if name in {"admin:*", "accounts:logout"} or method != "get" or (roles != PUBLIC and role not in roles):
                continue
            path = reverse(name, kwargs=arguments.get(name, {}))
            for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
                response = client.get(path, **headers)
                checked += 1
                if "no-store" not in response.get("Cache-Control", ""):
                    missing.append(f"{name} as {role} ({response.status_code}, htmx={bool(headers)})")
    assert checked > 150
    assert not missing, "\n".join(missing)


def test_a_signed_out_visitor_s_pages_stay_cacheable_as_before(client):
    assert "no-store" not in client.get("/health/page/").get("Cache-Control", "")


@pytest.fixture
def mid_sign_in(client, settings, make_user):
    """Signed in with the password only, the second step still to come."""
    from lead_ops.accounts.roles import Role

    settings.LEAD_REQUIRE_MFA = True
    user = make_user(Role.SERGEANT, first_name="Samira", last_name="Quist", badge_number="7781")
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", ["/health/page/", "/accounts/mfa/enrol/"])
def test_before_the_second_step_nothing_of_the_account_shows(mid_sign_in, path):
    response = mid_sign_in.get(path)

    page = response.content.decode()
    assert response.status_code == 200
    for shown in ("Quist", "7781", "Sergeant", "Notifications", "New referral", "Reviews", 'data-testid="user-menu"'):
        assert shown not in page, shown
    assert ">Sign out</button>" in page
