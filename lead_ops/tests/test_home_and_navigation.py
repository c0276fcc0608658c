import pytest

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory

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


def test_demo_banner_only_in_demo_mode(client, officer, settings):
    client.force_login(officer)
    assert "Demo mode" not in client.get("/").content.decode()

    settings.LEAD_DEMO_MODE = True
    assert "Demo mode" in client.get("/").content.decode()


def test_pages_carry_a_content_security_policy_without_inline_script(client, officer):
    client.force_login(officer)

    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_home_query_count_is_fixed(client, make_user, django_assert_max_num_queries):
    sergeant = make_user(Role.SERGEANT)
    for _ in range(5):
        UnitFactory().supervisors.add(sergeant)
    client.force_login(sergeant)

    # session, user, groups, supervised units, (no per-unit queries);
    # training panel: required topics, completions, protocol version, acknowledgement
    with django_assert_max_num_queries(8):
        client.get("/")
