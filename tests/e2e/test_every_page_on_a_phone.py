"""Every page every role reaches (the URL matrix's pages), opened on a 375 px
phone with long unbroken names in the data: none may scroll sideways, and
axe-core (serious and critical rules) must pass on each. One browser context
per role, one load per page; every failure is listed at the end."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.test_url_matrix import MATRIX, PUBLIC, TOKEN_ONLY, url_arguments, url_names
from tests.security.world import ROLES, build_world

from .accessibility import AccessibilityGuard
from .conftest import PHONE

# 26 letters and no break: a real family name can be this long, and a name
# typed without spaces is longer still.
LONG_FIRST, LONG_LAST = "Wolfeschlegelsteinhausen", "Bergerdorffvoralternwaren"

# Not HTML pages: a file, a feed, an export, a JSON probe, the icon.
NOT_PAGES = {
    "favicon",
    "health",
    "workgroup:calendar-feed",
    "workgroup:minutes-csv",
    "reports:export-download",
    "training:session_materials",
    "otp_webauthn:js-i18n-catalog",  # the passkey scripts' texts, JavaScript
    # the filing app: its service worker (JavaScript), manifest and JSON doors
    "service-worker",
    "manifest",
    "referrals:offline-state",
    "referrals:offline-send",
    "admin:*",
    # htmx fragments of the filing form, not pages of their own
    "referrals:person-choose",
    "referrals:person-matches",
    "referrals:person-new",
    # The integration API: its schema is a YAML file, its docs the developers' Swagger UI
    # (a desktop tool); the rest answers tokens only.
    "api:schema",
    "api:docs",
}

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def pages_for(role: str) -> list[str]:
    return sorted(
        name
        for name in set(url_names()) - NOT_PAGES
        if MATRIX[name][0] == "get"
        and MATRIX[name][1] != TOKEN_ONLY
        and (MATRIX[name][1] == PUBLIC or role in MATRIX[name][1])
    )


def lengthen_names(world) -> None:
    """Long names for every person and every user the pages show."""
    from lead_ops.accounts.models import User
    from referrals.models import Person

    User.objects.update(first_name=LONG_FIRST, last_name=LONG_LAST)
    Person.objects.update(first_name=LONG_FIRST, last_name=LONG_LAST)


def signed_in_context(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(15_000)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return context


def roles_of(half: str) -> list[str]:
    """The roles in two halves of about as many pages each, so that the two
    test processes share the crawl."""
    halves = {"first": [], "second": []}
    pages = {"first": 0, "second": 0}
    for role in sorted(ROLES, key=lambda r: (-len(pages_for(r)), r)):
        lighter = min(pages, key=lambda h: (pages[h], h))
        halves[lighter].append(role)
        pages[lighter] += len(pages_for(role))
    return halves[half]


@pytest.mark.e2e
@pytest.mark.layout
@pytest.mark.parametrize("half", ["first", "second"])
def test_every_page_fits_a_phone_and_passes_axe(
    browser, live_server, transactional_db, lead_protocol, settings, tmp_path, half
):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    lengthen_names(world)
    arguments = url_arguments(world)
    failures: list[str] = []
    visited = 0
    for role in roles_of(half):
        user = world.users[role]
        context = signed_in_context(browser, live_server, user)
        page = context.new_page()
        page.a11y = AccessibilityGuard(page)
        errors: list[str] = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        for name in pages_for(role):
            path = reverse(name, kwargs=arguments.get(name, {}))
            if name == "accounts:logout":
                continue
            response = page.goto(path)
            visited += 1
            where = f"{name} ({path}) as {role}"
            if response is None or response.status >= 500:
                failures.append(f"{where}: status {response.status if response else 'none'}")
                continue
            overflow = page.evaluate(SIDEWAYS)
            if overflow > 0:
                failures.append(f"{where}: scrolls sideways by {overflow}px")
            try:
                page.a11y.check()
            except AssertionError as violation:
                failures.append(f"{where}: {violation}")
        if errors:
            failures.append(f"script errors as {role}: {errors}")
        context.close()
    assert visited > 50, f"only {visited} pages were crawled"
    assert not failures, f"{len(failures)} problems on {visited} pages:\n" + "\n".join(failures)
