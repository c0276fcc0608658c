"""From the street to case management: an officer files, the sergeant returns it,
the officer corrects it, the sergeant approves, the officer hands off, the case
manager records intake. And the overdue path, ending on the prosecutor's screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.models import Agency
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import AgencyFactory, UserFactory
from referrals.models import Intake, Referral
from referrals.services.handoff import intake_deadline_sweep, referral_hand_off
from referrals.services.review import review_approve
from referrals.tests.factories import file_referral

from .journeys import screenshot, sign_in

pytestmark = pytest.mark.usefixtures("lead_protocol")


@pytest.fixture
def agency():
    return AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT, name="Harbor Case Management")


def test_file_return_correct_approve_hand_off_and_intake(phone, another_page, officer, sergeant, agency):
    UserFactory(username="casemanager", first_name="Casey", roles=[Role.CASE_MANAGER], agency=agency)
    referral = file_referral(officer=officer, route_code="arrest-diversion")

    desk = another_page("sergeant")
    sign_in(desk, "sergeant")
    assert desk.get_by_test_id("review-count").inner_text() == "1"
    desk.get_by_role("link", name="Open the review queue").click()
    desk.wait_for_url("**/reviews/")
    desk.a11y.check()
    screenshot(desk, "review-queue")
    row = desk.get_by_test_id("review-row")
    row.get_by_label("Comment (needed to return or override)").fill("Add the beat where you made contact.")
    row.get_by_role("button", name="Return for correction").click()
    desk.get_by_test_id("review-result").wait_for()
    assert "returned for correction by you" in desk.get_by_test_id("review-result").inner_text()
    desk.a11y.check()

    sign_in(phone, "officer")
    phone.get_by_role("link", name=f"Correct referral {referral.pk}").click()
    phone.wait_for_url("**/correct/")
    phone.a11y.check()
    assert "Add the beat" in phone.get_by_test_id("return-comment").inner_text()
    phone.get_by_text("Beat and address (optional)").click()
    phone.get_by_label("Beat").fill("W2")
    phone.get_by_label("Beat").press("Tab")
    phone.get_by_test_id("eligibility").filter(has_text="Eligible").wait_for()
    screenshot(phone, "referral-correct-phone")
    phone.get_by_role("button", name="Divert to LEAD").click()
    phone.wait_for_url(f"**/referrals/{referral.pk}/")
    phone.a11y.check()
    assert phone.get_by_test_id("referral-status").inner_text() == "Awaiting sergeant review"

    desk.goto("/reviews/")
    desk.a11y.check()
    desk.get_by_test_id("review-row").get_by_role("button", name="Approve").click()
    desk.get_by_test_id("review-result").filter(has_text="approved by you").wait_for()

    phone.reload()
    phone.a11y.check()
    assert phone.get_by_test_id("referral-status").inner_text() == "Approved by a sergeant"
    phone.get_by_label("Case-management agency").select_option(label="Harbor Case Management")
    called = timezone.localtime(timezone.now() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    phone.get_by_label("Case manager called at").fill(called)
    phone.get_by_role("button", name="Record hand-off").click()
    phone.wait_for_load_state("load")
    phone.a11y.check()
    assert phone.get_by_text("Hand-off recorded.").is_visible()
    screenshot(phone, "referral-handed-off-phone")

    cm = another_page("casemanager")
    sign_in(cm, "casemanager")
    cm.get_by_role("link", name=referral.person.full_name).first.click()
    cm.wait_for_url(f"**/referrals/{referral.pk}/")
    cm.a11y.check()
    cm.get_by_label("Parties who may share information (one per line)").fill(
        "Harbor Case Management\nLEAD police liaison"
    )
    cm.get_by_role("button", name="Record intake").click()
    cm.wait_for_load_state("load")
    cm.a11y.check()
    assert cm.get_by_text("Intake and release of information recorded.").is_visible()
    assert cm.get_by_test_id("referral-status").inner_text() == "Intake completed"
    screenshot(cm, "referral-intake-case-manager")
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.INTAKE_DONE


def test_a_missed_intake_deadline_reaches_the_prosecutor(page, officer, sergeant, agency):
    UserFactory(username="prosecutor", first_name="Priya", roles=[Role.PROSECUTOR])
    referral = file_referral(officer=officer, route_code="arrest-diversion")
    review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)
    intake = referral_hand_off(
        referral=referral,
        actor=officer,
        agency=agency,
        case_manager=None,
        called_at=timezone.now() - timedelta(minutes=5),
    )
    Intake.objects.filter(pk=intake.pk).update(intake_deadline=timezone.localdate() - timedelta(days=1))
    assert intake_deadline_sweep() == 1

    sign_in(page, "prosecutor")
    assert page.get_by_test_id("overdue-count").inner_text() == "1"
    page.get_by_role("link", name="Notifications").click()
    page.wait_for_url("**/notifications/")
    page.a11y.check()
    page.get_by_test_id("notice-group").first.get_by_role("link").click()  # notices come grouped by kind and day
    page.get_by_test_id("notifications").wait_for()
    page.a11y.check()
    assert page.get_by_text(f"Intake deadline passed: referral {referral.pk}").first.is_visible()
    page.get_by_role("link", name=f"Intake deadline passed: referral {referral.pk}").first.click()
    page.wait_for_url(f"**/referrals/{referral.pk}/")
    page.a11y.check()
    screenshot(page, "referral-overdue-prosecutor")
    page.get_by_label("File the held charge").check()
    page.get_by_label("Note").fill("No engagement in 30 days.")
    page.get_by_role("button", name="Record filing decision").click()
    page.wait_for_load_state("load")
    page.a11y.check()
    assert page.get_by_text("Filing decision recorded.").is_visible()
    assert page.get_by_test_id("referral-status").inner_text() == "Closed"
