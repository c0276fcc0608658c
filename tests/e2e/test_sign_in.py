"""Every role signs in to its own home; a wrong password says so; signed-out
visits land on the sign-in page."""

import pytest

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UserFactory

from .journeys import screenshot, sign_in, user_menu, visit


@pytest.mark.parametrize(
    ("username", "role", "sees_admin"),
    [
        ("officer", Role.OFFICER, False),
        ("sergeant", Role.SERGEANT, False),
        ("casemanager", Role.CASE_MANAGER, False),
        ("prosecutor", Role.PROSECUTOR, False),
        ("coordinator", Role.COORDINATOR, False),
        ("analyst", Role.ANALYST, False),
        ("admin", Role.ADMINISTRATOR, True),
    ],
)
def test_each_role_signs_in_to_its_own_home(page, username, role, sees_admin):
    UserFactory(username=username, first_name="Demo", roles=[role], is_staff=sees_admin, is_superuser=sees_admin)

    sign_in(page, username)

    assert page.url.endswith("/")
    assert page.get_by_role("heading", name="Welcome, Demo").is_visible()
    assert role.label in user_menu(page).get_by_test_id("signed-in-as").inner_text()
    assert page.get_by_test_id("panel-my-assignment").is_visible()
    assert page.get_by_role("link", name="Admin").count() == (1 if sees_admin else 0)
    screenshot(page, f"home-{username}")


def test_wrong_password_shows_a_clear_error(page):
    UserFactory(username="officer", roles=[Role.OFFICER])

    sign_in(page, "officer", password="not-the-password")

    assert "/accounts/login/" in page.url
    error = page.get_by_test_id("sign-in-error").inner_text()
    assert "correct username and password" in error
    assert page.get_by_label("Username").input_value() == "officer"


def test_signed_out_visit_lands_on_sign_in_and_returns_after(page):
    UserFactory(username="officer", roles=[Role.OFFICER])

    visit(page, "/health/".replace("health", "admin"))
    assert "/login/" in page.url

    visit(page, "/")
    assert page.url.endswith("/accounts/login/?next=/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("lead-demo-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    page.a11y.check()
    assert page.get_by_role("heading", name="Welcome").is_visible()


def test_phone_navigation_collapses_behind_a_toggle(phone):
    UserFactory(username="officer", roles=[Role.OFFICER])

    sign_in(phone, "officer")

    assert not phone.get_by_role("link", name="Home").is_visible()
    phone.get_by_role("button", name="Show navigation").click()
    phone.locator("#main-nav.collapse.show").get_by_role("link", name="Home").wait_for(state="visible")
    screenshot(phone, "home-officer-phone")
