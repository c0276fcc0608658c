"""The sergeant opens the queue's search and filters (loaded when opened, not on
every page load), searches for one person and sees only that decision."""

import pytest

from referrals.tests.factories import PersonFactory, file_referral

from .journeys import screenshot, sign_in

pytestmark = pytest.mark.usefixtures("lead_protocol")


def test_the_sergeant_opens_the_filters_and_searches_the_queue(another_page, officer, sergeant):
    file_referral(
        officer=officer, route_code="arrest-diversion", person=PersonFactory(first_name="Alma", last_name="Quintero")
    )
    file_referral(
        officer=officer, route_code="arrest-diversion", person=PersonFactory(first_name="Bo", last_name="Lindqvist")
    )

    desk = another_page("sergeant")
    sign_in(desk, "sergeant")
    desk.goto("/reviews/")
    assert desk.get_by_test_id("review-row").count() == 2
    assert desk.get_by_label("Person or officer").count() == 0  # not built until opened

    desk.get_by_text("Search and filter").click()
    search = desk.get_by_label("Person or officer")
    search.wait_for()
    desk.a11y.check()
    screenshot(desk, "review-queue-filters")
    search.fill("quintero")
    desk.get_by_role("button", name="Apply").click()
    desk.wait_for_url("**/reviews/?q=quintero*")

    rows = desk.get_by_test_id("review-row")
    assert rows.count() == 1 and "Alma Quintero" in rows.inner_text()
    assert desk.get_by_label("Person or officer").input_value() == "quintero"  # the panel stays open with it
    desk.a11y.check()
