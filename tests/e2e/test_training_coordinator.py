"""The coordinator records a peer-led session and its attendance."""

import datetime

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory, UserFactory
from training.models import TrainingRecord, TrainingSession
from training.services import peer_trainer_flag

from .journeys import screenshot, sign_in, visit

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def department(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    coordinator = UserFactory(username="coordinator", first_name="Corinne", roles=[Role.COORDINATOR])
    bikes = UnitFactory(name="North Bike Squad")
    patrol = UnitFactory(name="East Patrol 2nd Watch")
    trainer = UserFactory(first_name="Samuel", last_name="Reyes", badge_number="2210", roles=[Role.SERGEANT])
    bikes.supervisors.add(trainer)
    peer_trainer_flag(user=trainer, actor=coordinator)
    officers = {
        "Rowan Alvarez": UserFactory(
            first_name="Rowan", last_name="Alvarez", badge_number="5007", unit=bikes, roles=[Role.OFFICER]
        ),
        "Harper Alvarez": UserFactory(
            first_name="Harper", last_name="Alvarez", badge_number="5009", unit=bikes, roles=[Role.OFFICER]
        ),
        "Dakota Chen": UserFactory(
            first_name="Dakota", last_name="Chen", badge_number="5014", unit=patrol, roles=[Role.OFFICER]
        ),
        "Parker Chen": UserFactory(
            first_name="Parker", last_name="Chen", badge_number="5015", unit=patrol, roles=[Role.OFFICER]
        ),
    }
    handout = tmp_path / "harm-reduction-handout.pdf"
    handout.write_bytes(PDF)
    return {"trainer": trainer, "officers": officers, "handout": handout}


def test_coordinator_records_a_peer_led_session_and_its_attendance(page, department):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    sign_in(page, "coordinator")

    page.get_by_role("link", name="Training", exact=True).click()
    page.wait_for_load_state("load")
    page.a11y.check()
    page.get_by_role("link", name="Sessions").click()
    page.wait_for_load_state("load")
    page.a11y.check()
    page.get_by_role("link", name="Schedule or record a session").click()
    page.wait_for_load_state("load")
    page.a11y.check()

    page.get_by_label("Title").fill("Harm reduction, from officers who use LEAD")
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Hours").fill("0")
    page.get_by_label("Place").fill("North Precinct roll-call room")
    page.get_by_label("Harm reduction", exact=True).check()
    page.get_by_label("Mental health", exact=True).check()
    page.get_by_label("Samuel Reyes (#2210)").check()
    page.get_by_label("Materials").set_input_files(str(department["handout"]))
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state("load")
    page.a11y.check()

    # Zero hours is refused beside the field, and nothing is saved.
    assert page.locator("#id_hours_error").inner_text() == "A session lasts at least 0.25 hours (15 minutes)."
    assert not TrainingSession.objects.exists()
    screenshot(page, "training-session-form-error")

    page.get_by_label("Hours").fill("1.5")
    page.get_by_label("Materials").set_input_files(str(department["handout"]))  # a refused form keeps no file
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state("load")
    page.a11y.check()

    assert page.get_by_role("heading", name="Harm reduction, from officers who use LEAD").is_visible()
    assert "Peer-led" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="harm-reduction-handout.pdf").is_visible()
    screenshot(page, "training-session-detail-empty")

    page.get_by_role("link", name="Record attendance").click()
    page.wait_for_load_state("load")
    page.a11y.check()

    # Search by badge number finds one person; the unit filter and "tick everyone" do the rest.
    page.get_by_label("Find a person").fill("5014")
    assert page.get_by_label("Dakota Chen (#5014)").is_visible()
    assert not page.get_by_label("Rowan Alvarez (#5007)").is_visible()
    page.get_by_label("Dakota Chen (#5014)").check()
    page.get_by_label("Find a person").fill("")
    page.get_by_label("Unit", exact=True).select_option(label="North Bike Squad")
    assert not page.get_by_label("Parker Chen (#5015)").is_visible()
    page.get_by_role("button", name="Tick everyone listed in North Bike Squad").click()
    assert page.get_by_text("4 people ticked to add.").is_visible()  # two officers, their sergeant, Dakota
    page.get_by_label("Samuel Reyes (#2210)").uncheck()
    assert page.get_by_text("3 people ticked to add.").is_visible()
    screenshot(page, "training-attendance-checklist")
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state("load")
    page.a11y.check()

    assert "3 people added to the roster." in page.locator(".messages").inner_text()
    roster = page.get_by_test_id("roster").inner_text()
    for name in ["Rowan Alvarez", "Harper Alvarez", "Dakota Chen"]:
        assert name in roster
    assert "Parker Chen" not in roster
    session = TrainingSession.objects.get()
    assert TrainingRecord.objects.filter(attendance__session=session).count() == 6  # 3 people x 2 topics
    screenshot(page, "training-session-detail")

    # Those already on the roster are shown ticked and cannot be entered twice.
    visit(page, f"/training/sessions/{session.pk}/attendance/")
    assert page.get_by_label("Dakota Chen (#5014) on the roster").is_disabled()
    assert page.get_by_label("Dakota Chen (#5014) on the roster").is_checked()


def test_coordinator_ticks_attendance_on_a_phone(phone, department, harm_reduction_session):
    sign_in(phone, "coordinator")

    visit(phone, f"/training/sessions/{harm_reduction_session.pk}/attendance/")
    phone.get_by_label("Find a person").fill("harper")
    phone.get_by_label("Harper Alvarez (#5009)").check()
    screenshot(phone, "training-attendance-phone")
    phone.get_by_role("button", name="Save attendance").click()
    phone.wait_for_load_state("load")
    phone.a11y.check()

    assert "1 person added to the roster." in phone.locator(".messages").inner_text()
    screenshot(phone, "training-session-detail-phone")


@pytest.fixture
def harm_reduction_session(department):
    from decimal import Decimal

    from training.models import Topic
    from training.services import training_session_create

    return training_session_create(
        title="Harm reduction and naloxone",
        held_on=timezone.localdate(),
        topics=[Topic.objects.get(code="harm-reduction")],
        hours=Decimal("2"),
        place="East Precinct community room",
        trainers=[department["trainer"]],
        actor=None,
    )


def test_coordinator_flags_a_peer_trainer_and_adds_a_topic(page, department):
    sign_in(page, "coordinator")

    visit(page, "/training/trainers/")
    page.get_by_label("Officer or sergeant").select_option(label="Rowan Alvarez (#5007)")
    page.get_by_label("Note").fill("Social-contact referrals")
    page.get_by_role("button", name="Flag as peer trainer").click()
    page.wait_for_load_state("load")
    page.a11y.check()
    assert "Rowan Alvarez (#5007) is now a peer trainer." in page.locator(".messages").inner_text()
    assert "Rowan Alvarez" in page.get_by_test_id("trainer-list").inner_text()
    screenshot(page, "training-peer-trainers")

    page.get_by_role("link", name="Topics").click()
    page.wait_for_load_state("load")
    page.a11y.check()
    page.get_by_role("link", name="Add a topic").click()
    page.wait_for_load_state("load")
    page.a11y.check()
    page.get_by_label("Name").fill("Naloxone administration")
    page.get_by_label("Code").fill("naloxone")
    page.get_by_label("Refresher interval (months)").fill("12")
    page.get_by_label("Officer", exact=True).check()
    page.get_by_role("button", name="Save topic").click()
    page.wait_for_load_state("load")
    page.a11y.check()
    row = page.get_by_test_id("topic-list").get_by_role("row", name="Naloxone administration")
    assert "every 12 months" in row.inner_text() and "Officer" in row.inner_text()
    screenshot(page, "training-topics")

    visit(page, "/training/sessions/")
    screenshot(page, "training-sessions")
