"""An analyst filters the dashboard, sees the charts drawn, reads the discretion
and equity pages, and downloads a de-identified CSV; a sergeant sees their units."""

import csv
import io
from pathlib import Path

import pytest

from reports.tests.conftest import program, report_query_string, trained, workgroup_year  # noqa: F401  (fixtures)

from .journeys import screenshot, sign_in, visit

pytestmark = pytest.mark.usefixtures("lead_protocol")

CHARTS_DRAWN = """() => Array.from(document.querySelectorAll('canvas[data-chart]')).map(
    (canvas) => { const chart = Chart.getChart(canvas); return chart ? chart.data.datasets.length : 0; })"""


def test_an_analyst_filters_the_dashboard_and_downloads_a_csv(
    page,
    analyst,
    program,  # noqa: F811
    trained,  # noqa: F811
    workgroup_year,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path  # where the Excel export is written
    sign_in(page, "analyst")
    page.get_by_role("link", name="Reports").first.click()
    page.wait_for_url("**/reports/")
    page.a11y.check()

    query = report_query_string(program)
    page.get_by_label("Filed from").fill(query["date_from"])
    page.get_by_label("Filed to").fill(query["date_to"])
    page.get_by_label("Unit kind").select_option(label="Proactive / specialized")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/reports/?*unit_kind=proactive*")
    page.a11y.check()

    assert page.get_by_test_id("headline-referrals-by-route").inner_text() == "11 referrals filed in the period."
    drawn = page.evaluate(CHARTS_DRAWN)
    assert len(drawn) >= 8 and all(datasets > 0 for datasets in drawn), drawn
    assert page.locator("#chart-referrals-by-route").evaluate("(canvas) => canvas.width > 0 && canvas.height > 0")
    table = page.get_by_test_id("figure-diversion-rate").locator("table")
    assert "All routes" in table.inner_text()
    training = page.get_by_test_id("figure-training-coverage").locator("table").inner_text()
    assert "Proactive" in training and "Patrol" not in training  # the unit-kind filter applies
    assert page.get_by_test_id("headline-workgroup-attendance").inner_text() == (
        "4 meetings held; 1 without a line officer, 1 without a sergeant."
    )
    assert page.get_by_test_id("headline-operational-issues").inner_text().startswith("5 opened and 4 resolved")
    screenshot(page, "reports-dashboard")

    page.get_by_role("link", name="Discretion").click()
    page.wait_for_url("**/reports/discretion/?*")
    page.a11y.check()
    assert "Avery Ames" in page.get_by_test_id("discretion-officers").inner_text()
    screenshot(page, "reports-discretion")

    page.get_by_role("link", name="Equity").click()
    page.wait_for_url("**/reports/equity/?*")
    page.a11y.check()
    assert all(datasets == 2 for datasets in page.evaluate(CHARTS_DRAWN))
    screenshot(page, "reports-equity")

    page.get_by_role("link", name="Exports").click()
    page.wait_for_url("**/reports/exports/?*")
    page.a11y.check()
    page.get_by_label("Referrals, one row each").check()
    page.get_by_label("CSV").check()
    assert page.get_by_label("De-identified").is_checked()
    screenshot(page, "reports-exports")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export").click()
    download = download_info.value

    assert download.suggested_filename.startswith("lead-referrals-deidentified-")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Row" and len(rows) == 1 + 11  # the proactive unit's referrals only

    page.get_by_label("Equity by race, ethnicity and sex").check()
    page.get_by_label("Excel (XLSX)").check()
    page.get_by_role("button", name="Export").click()
    page.wait_for_url("**/reports/exports/*/")
    page.a11y.check()
    page.get_by_test_id("export-download").wait_for()
    screenshot(page, "reports-export-ready")
    with page.expect_download() as excel_info:
        page.get_by_test_id("export-download").click()
    assert excel_info.value.suggested_filename.endswith(".xlsx")


def test_a_sergeant_sees_their_own_units(page, program):  # noqa: F811
    sign_in(page, "sam")
    visit(page, "/reports/discretion/?" + "&".join(f"{k}={v}" for k, v in report_query_string(program).items()))

    officers = page.get_by_test_id("discretion-officers").inner_text()
    assert "Avery Ames" in officers and "Casey Cole" not in officers
    assert page.get_by_test_id("report-scope").inner_text().startswith("Your units only")
    screenshot(page, "reports-discretion-sergeant")
