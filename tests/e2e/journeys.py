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


def screenshot(page, name: str) -> Path:
    """Keep a screenshot of what a journey built, for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
