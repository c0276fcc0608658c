"""Steps every browser journey shares."""

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


def visit(page, path: str):
    """Go to a path and check the page for accessibility."""
    response = page.goto(path)
    page.a11y.check()
    return response


def sign_in(page, username: str, password: str = "lead-demo-password") -> None:
    visit(page, "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    page.a11y.check()


def user_menu(page):
    """The name, role, account link and sign-out: behind the user menu on a laptop,
    in the opened navigation list on a phone."""
    toggle = page.get_by_test_id("user-menu")
    if toggle.is_visible():
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        return page.locator(".dropdown-menu.show")
    menu_button = page.get_by_role("button", name="Show navigation")
    if menu_button.get_attribute("aria-expanded") != "true":
        menu_button.click()
    # Only once the list has opened: while it slides open its buttons move, and a
    # tap can press on one and lift on the next (seen under load: Sign out
    # pressed, Account released, nothing submitted).
    return page.locator("#main-nav.collapse.show")


def screenshot(page, name: str) -> Path:
    """Keep a screenshot of what a journey built, for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_until(page, function: str, arg=None, tries: int = 300):
    """Poll a JavaScript function until it returns true. Playwright's
    wait_for_function compiles its predicate inside the page, which the strict
    Content Security Policy (no 'unsafe-eval') refuses; evaluate() does not."""
    from playwright.sync_api import Error

    for _ in range(tries):
        try:
            if page.evaluate(function, arg):
                return
        except Error as error:  # the page navigated under the poll: look again in the new one
            if "Execution context was destroyed" not in str(error):
                raise
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {function}")
