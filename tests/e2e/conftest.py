"""Browser journeys: Playwright driving Debian's Chromium against the live server.

They never skip: a missing browser is a failure with the command that fixes it.
Every page a journey loads must pass axe-core (serious and critical rules)."""

import os
import re
from pathlib import Path

import pytest

from .accessibility import AccessibilityGuard

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LEAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run 'make test' (it installs Debian's chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# htmx reports a request the browser cancelled as an error: a live-screening
# request still in flight when the officer submits the form is cancelled by the
# navigation. That is the page being left, not a fault; failed answers
# (htmx:responseError, htmx:sendError) still count.
CANCELLED_REQUEST = re.compile(r"^htmx:(afterRequest|sendAbort)\b")


def _console_error(msg) -> str | None:
    if msg.type != "error" or CANCELLED_REQUEST.match(msg.text):
        return None
    return msg.text


def _open_page(browser, live_server, request, device):
    context = browser.new_context(base_url=live_server.url, **device)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.a11y = AccessibilityGuard(page)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(text) if (text := _console_error(msg)) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    if not failed:
        unchecked = page.a11y.unchecked_pages()
        assert not unchecked, f"pages loaded but never checked for accessibility: {unchecked}"
        assert not errors, f"browser console errors (CSP violations show here): {errors}"


@pytest.fixture
def page(browser, live_server, request, transactional_db):
    yield from _open_page(browser, live_server, request, DESKTOP)


@pytest.fixture
def phone(browser, live_server, request, transactional_db):
    yield from _open_page(browser, live_server, request, PHONE)


@pytest.fixture
def another_page(browser, live_server, request, transactional_db):
    """More people in one journey, each with their own browser: another_page("sergeant")."""
    from contextlib import ExitStack

    with ExitStack() as stack:

        def open_one(name: str, device=DESKTOP):
            pages = _open_page(browser, live_server, request, device)
            stack.callback(lambda: next(pages, None))
            page = next(pages)
            page.journey_name = name
            return page

        yield open_one
