import pytest

pytestmark = pytest.mark.django_db


def test_officer_home_shows_their_unit_and_sergeant(client, officer, sergeant):
    client.force_login(officer)

    response = client.get("/")

    assert response.status_code == 200
    content = response.content.decode()
    assert officer.unit.name in content
    assert sergeant.display_name in content
    assert "Officer" in content


def test_sergeant_home_lists_the_units_they_supervise(client, sergeant, officer):
    client.force_login(sergeant)

    content = client.get("/").content.decode()

    assert "Units you supervise" in content
    assert officer.unit.name in content


def test_admin_link_only_for_staff(client, officer, administrator):
    client.force_login(officer)
    assert 'href="/admin/"' not in client.get("/").content.decode()

    client.force_login(administrator)
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_demo_banner_in_demo_mode_or_when_two_factor_sign_in_is_off(client, officer, settings):
    settings.LEAD_REQUIRE_MFA = True
    assert "Demo mode" not in client.get("/accounts/login/").content.decode()

    settings.LEAD_DEMO_MODE = True
    banner = client.get("/accounts/login/").content.decode()
    assert "Demo mode: every person and case here is synthetic." in banner
    assert "Two-factor sign-in is off" not in banner

    settings.LEAD_DEMO_MODE = False
    settings.LEAD_REQUIRE_MFA = False
    client.force_login(officer)
    banner = client.get("/").content.decode()
    assert "Demo mode: Two-factor sign-in is off. Do not enter real data." in banner


def test_pages_carry_a_content_security_policy_without_inline_script(client, officer):
    client.force_login(officer)

    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_workgroup_pages_share_one_menu_and_phones_keep_the_plain_links(client, officer):
    client.force_login(officer)

    page = client.get("/workgroup/issues/").content.decode()

    assert 'data-bs-toggle="dropdown" aria-expanded="false">Workgroup</button>' in page
    for label, url in (
        ("Meetings", "/workgroup/meetings/"),
        ("Issues", "/workgroup/issues/"),
        ("Action items", "/workgroup/actions/"),
    ):
        assert '<a class="dropdown-item' in page and f'href="{url}"' in page
        assert '<li class="nav-item d-xl-none"><a class="nav-link' in page and f">{label}</a>" in page
    assert 'class="dropdown-item active" href="/workgroup/issues/" aria-current="page">Issues</a>' in page
