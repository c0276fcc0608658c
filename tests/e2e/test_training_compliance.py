"""Compliance over the demo data: the coordinator's matrix and roll-out, a
sergeant's own units, and a historic import refused for a bad row."""

import io

import pytest
from django.core.management import call_command

from training.models import TrainingRecord

from .journeys import screenshot, sign_in, visit


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", referrals=30, stdout=io.StringIO())


def test_coordinator_reads_compliance_and_roll_out(page, demo):
    sign_in(page, "coordinator")

    visit(page, "/training/compliance/")
    row = page.get_by_test_id("compliance-matrix").get_by_role(
        "row", name="North Bike Squad Proactive / specialized Officer"
    )
    assert "2 of 4" in row.inner_text() and "2 overdue" in row.inner_text()
    screenshot(page, "training-compliance")

    page.get_by_role("link", name="Roll-out").click()
    page.wait_for_load_state("load")
    page.a11y.check()
    onboarded = page.get_by_test_id("rollout-onboarded").inner_text()
    assert (
        onboarded.index("West Anti-Crime Team") < onboarded.index("North Bike Squad") < onboarded.index("East Patrol")
    )
    assert "60%" in onboarded
    screenshot(page, "training-rollout")

    visit(page, "/training/sessions/")
    assert (
        "Patrol onboarding: LEAD protocol, social contact and harm reduction"
        in page.get_by_test_id("session-list").inner_text()
    )
    screenshot(page, "training-sessions-demo")

    visit(page, "/training/rollout/")
    page.get_by_role("link", name="North Bike Squad").first.click()
    page.wait_for_load_state("load")
    page.a11y.check()
    assert page.get_by_role("heading", name="North Bike Squad").is_visible()
    screenshot(page, "training-unit-compliance")


def test_sergeant_sees_the_units_they_supervise(phone, demo):
    sign_in(phone, "sergeant")
    assert phone.get_by_test_id("protocol-notice").is_visible()  # the demo sergeant's acknowledgement is pending

    visit(phone, "/training/compliance/")
    matrix = phone.get_by_test_id("compliance-matrix").inner_text()
    assert "West Anti-Crime Team" in matrix and "East Patrol 2nd Watch" in matrix
    assert "North Bike Squad" not in matrix
    screenshot(phone, "training-compliance-sergeant-phone")


def test_coordinator_previews_an_import_refused_for_an_unknown_badge(page, demo, tmp_path):
    records_before = TrainingRecord.objects.count()
    csv = tmp_path / "academy-2023.csv"
    csv.write_text(
        "badge_number,topic,completed_on,note\n4471,mental-health,2023-05-02,Academy\n9999,harm-reduction,2023-05-02,\n"
    )
    sign_in(page, "coordinator")

    visit(page, "/training/import/")
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state("load")
    page.a11y.check()

    assert "Nothing can be imported while any row has an error." in page.get_by_test_id("import-refused").inner_text()
    assert "Nobody has badge number 9999." in page.get_by_test_id("import-rows").inner_text()
    assert page.get_by_role("button", name="Import 1 record").count() == 0
    assert TrainingRecord.objects.count() == records_before
    screenshot(page, "training-import-preview")
