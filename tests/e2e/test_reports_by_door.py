"""The project manager opens the dashboard and reads the three doors side by
side: arrest diversion, social contact and the community door, with what came
in at the community door, the referring organisations and the days to first
contact."""

import pytest

from reports.tests.conftest import community_door, program, report_query_string  # noqa: F401  (fixtures)

from .journeys import screenshot, sign_in

pytestmark = pytest.mark.usefixtures("lead_protocol")

DOORS = ("Arrest diversion (pre-booking)", "Social contact referral", "Community referral")


def test_the_project_manager_reads_the_doors_side_by_side(page, community_door, settings):  # noqa: F811
    settings.LEAD_SMALL_CELL_MIN = 1  # the hand-built program is small: every count shown
    sign_in(page, "pat")
    page.get_by_role("link", name="Reports").first.click()
    page.wait_for_url("**/reports/")
    page.a11y.check()
    query = report_query_string(community_door)
    page.get_by_label("Filed from").fill(query["date_from"])
    page.get_by_label("Filed to").fill(query["date_to"])
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/reports/?*date_from=*")
    page.a11y.check()

    figure = page.get_by_test_id("figure-referrals-by-door")
    headers = [figure.locator("thead th").filter(has_text=name) for name in DOORS]
    boxes = [header.bounding_box() for header in headers]
    # Side by side: one row of column headings, left to right in the routes' order.
    assert len({round(box["y"]) for box in boxes}) == 1
    assert [box["x"] for box in boxes] == sorted(box["x"] for box in boxes)
    received = figure.locator("tbody tr").filter(has_text="Received at the door")
    assert received.locator("td").all_inner_texts() == ["\u2013", "\u2013", "8"]
    filed = figure.locator("tbody tr").filter(has_text="Referrals filed")
    assert filed.locator("td").all_inner_texts() == ["3", "11", "3"]
    chart = page.evaluate(
        "() => Chart.getChart(document.getElementById('chart-referrals-by-door')).data.datasets.map(d => d.label)"
    )
    assert chart == list(DOORS)
    organisations = page.get_by_test_id("figure-community-by-organisation").locator("table").inner_text()
    assert "Downtown outreach" in organisations and "Business district" in organisations
    assert page.get_by_test_id("headline-community-first-contact").inner_text() == (
        "Median 3.5 days, 90th percentile 4.7 days over 2 people met after a community referral."
    )
    figure.scroll_into_view_if_needed()
    figure.screenshot(path=str(screenshot(page, "reports-by-door").with_name("reports-by-door-figure.png")))
