"""At 1280 px, a laptop: the navigation holds on one line for every role, the user
menu opens to the role, the account and sign-out, and the agenda builder's
tick-all box ticks its group and reflects it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from lead_ops.notifications.services import notify
from workgroup.models import ActionItem, MemberRole
from workgroup.services import action_item_create, meeting_schedule, membership_add, workgroup_create

from .journeys import screenshot, sign_in, user_menu, visit

LONG_NAME = {"first_name": "Alexandria", "last_name": "Montgomery-Fitzgerald"}


def navigation_boxes(page) -> list[dict]:
    """The bar, and each entry visible in it, as the browser lays them out."""
    return page.evaluate(
        """() => {
          const box = (el) => {
            const r = el.getBoundingClientRect();
            return {text: el.innerText.trim(), top: r.top, height: r.height, right: r.right};
          };
          const bar = document.querySelector("nav.navbar");
          const inner = bar.querySelector(".container-lg");
          const edge = inner.getBoundingClientRect().right - parseFloat(getComputedStyle(inner).paddingRight);
          const shown = ".navbar-brand, .navbar-nav > .nav-item > .nav-link, [data-testid=user-menu]";
          const entries = [...bar.querySelectorAll(shown)].filter((el) => el.offsetParent !== null);
          return [box(bar), ...entries.map((el) => ({...box(el), edge}))];
        }"""
    )


@pytest.mark.parametrize(
    "role",
    [
        Role.OFFICER,
        Role.SERGEANT,
        Role.CASE_MANAGER,
        Role.PROSECUTOR,
        Role.PUBLIC_DEFENDER,
        Role.COORDINATOR,
        Role.ANALYST,
        Role.ADMINISTRATOR,
        Role.COMMUNITY_REFERRER,
        Role.PROJECT_MANAGER,
    ],
)
def test_the_navigation_holds_on_one_line_for_every_role(page, make_user, officer, role):
    admin = role == Role.ADMINISTRATOR
    # Police are designated to verify community referrals here: their widest navigation.
    verifier = role in (Role.OFFICER, Role.SERGEANT)
    user = make_user(
        role,
        username="laptop",
        badge_number="48213",
        is_staff=admin,
        is_superuser=admin,
        verifies_community_referrals=verifier,
        **LONG_NAME,
    )
    if role == Role.SERGEANT:
        officer.unit.supervisors.add(user)
    for n in range(156):  # a three-digit unread count, as a busy sergeant has
        notify(recipient=user, kind="review_needed", subject=f"Decision {n} waits for review")

    sign_in(page, "laptop")

    bar, *entries = navigation_boxes(page)
    line = entries[0]["height"]
    assert bar["height"] < 80, f"the bar is {bar['height']} px tall: it wraps"
    for entry in entries:
        assert entry["height"] <= line + 4, f"{entry['text']!r} breaks over lines"
        assert abs((entry["top"] + entry["height"] / 2) - (bar["top"] + bar["height"] / 2)) < 12, entry["text"]
        assert entry["right"] <= entry["edge"] + 1, f"{entry['text']!r} runs past the bar's edge"
    menu = user_menu(page)
    assert role.label in menu.get_by_test_id("signed-in-as").inner_text()
    assert menu.get_by_role("link", name="Account").is_visible()
    assert menu.get_by_role("button", name="Sign out").is_visible()
    screenshot(page, f"laptop-navigation-{role.name.lower()}")


def test_the_user_menu_signs_out(page, make_user):
    make_user(Role.OFFICER, username="laptop", **LONG_NAME)
    sign_in(page, "laptop")

    user_menu(page).get_by_role("button", name="Sign out").click()

    page.wait_for_url("**/accounts/login/")
    page.a11y.check()


def test_tick_all_ticks_its_group_and_shows_a_partial_choice(page, coordinator, officer):
    workgroup = workgroup_create(name="North LEAD workgroup", actor=coordinator)
    membership_add(workgroup=workgroup, user=coordinator, role=MemberRole.COORDINATOR, actor=coordinator)
    membership_add(workgroup=workgroup, user=officer, role=MemberRole.OFFICER, actor=coordinator)
    starts_at = timezone.now() + timedelta(days=3)
    meeting = meeting_schedule(
        workgroup=workgroup,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        place="Room 2",
        actor=coordinator,
    )
    for n in range(3):
        action_item_create(
            workgroup=workgroup,
            actor=coordinator,
            description=f"Report back on beat change {n + 1}",
            owner=officer,
            due_on=(timezone.localdate() + timedelta(days=20 + n)),
        )

    sign_in(page, "coordinator")
    visit(page, f"/workgroup/meetings/{meeting.pk}/agenda/build/")
    screenshot(page, "laptop-agenda-builder")

    group = page.locator("[data-testid=proposal-group]").filter(has_text="Report back on beat change 1")
    boxes = group.get_by_role("checkbox", name="Keep:")
    tick_all = group.get_by_role("checkbox", name="Tick all 3")
    assert [boxes.nth(n).is_checked() for n in range(3)] == [False, False, False]
    assert not tick_all.is_checked()

    tick_all.check()
    assert [boxes.nth(n).is_checked() for n in range(3)] == [True, True, True]

    boxes.nth(2).uncheck()
    assert not tick_all.is_checked()
    assert tick_all.evaluate("box => box.indeterminate")

    page.get_by_role("button", name="Add the kept items to the agenda").click()
    page.wait_for_url(f"**{meeting.get_absolute_url()}#agenda")
    page.a11y.check()
    kept = set(meeting.agenda_items.values_list("action_item__description", flat=True))
    assert kept == {"Report back on beat change 1", "Report back on beat change 2"}
    assert ActionItem.objects.count() == 3
