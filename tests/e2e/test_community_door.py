"""The community door, end to end: a partner refers on a phone and later sees
only the coarse status; the project manager triages (declines one, asks the
police to verify another, screens and accepts a third and hands it off); a
designated sergeant records a verification."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import CommunityReferral, DeclineReason
from community.services import triage_decline, triage_request_verification
from community.tests.factories import make_project_manager, make_referrer, refer
from lead_ops.accounts.models import Agency
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import AgencyFactory, PrecinctFactory, UnitFactory, UserFactory
from referrals.models import Referral

from .journeys import screenshot, sign_in, visit
from .test_referral_filing import no_horizontal_scroll

pytestmark = pytest.mark.usefixtures("lead_protocol")


@pytest.fixture
def referrer(transactional_db):
    return make_referrer("community")


@pytest.fixture
def manager(transactional_db):
    return make_project_manager("projectmanager")


def test_a_partner_refers_on_a_phone_and_later_sees_only_closed(phone, referrer, manager):
    sign_in(phone, "community")
    phone.get_by_role("link", name="Refer someone").first.click()
    phone.wait_for_url("**/community/refer/")
    phone.a11y.check()
    # Four answers: the account gives the partner's name and e-mail.
    phone.get_by_label("What they look like").fill("Man in his 50s, orange cap, shopping cart")
    phone.get_by_label("Where they are usually found").fill("Alley behind 5th Ave market")
    phone.get_by_label("Living unsheltered").check()
    phone.get_by_label("Within a few days").check()
    assert no_horizontal_scroll(phone)
    screenshot(phone, "community-referral-form-phone")
    phone.get_by_role("button", name="Send referral").click()

    phone.wait_for_url("**/community/mine/")
    phone.a11y.check()
    assert phone.get_by_text("your referral was received").is_visible()
    assert phone.get_by_test_id("community-status").inner_text() == "Received"
    row = CommunityReferral.objects.get()
    assert row.contact_email == referrer.email and row.organisation == referrer.agency

    triage_decline(community_referral=row, manager=manager, reason=DeclineReason.objects.get(code="cannot-find"))
    visit(phone, "/community/mine/")
    assert phone.get_by_test_id("community-status").inner_text() == "Closed"
    page_text = phone.locator("main").inner_text()
    assert "Not enough to find the person" not in page_text and "Declined" not in page_text
    assert no_horizontal_scroll(phone)
    screenshot(phone, "community-referral-closed-phone")
    # Nothing else of the program is the partner's.
    assert phone.request.get("/workgroup/issues/").status == 403


def test_the_project_manager_triages_through_to_a_hand_off(page, referrer, manager):
    police = AgencyFactory(kind=Agency.Kind.POLICE, name="Metro police")
    UserFactory(roles=[Role.SERGEANT], agency=police, verifies_community_referrals=True, username="verifier-sergeant")
    outreach = AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT, name="Bridgeway Outreach")
    refer(referrer, person_name="Far Away", usual_location="Another county", urgency="routine")
    to_verify = refer(referrer, person_name="Check History", urgency="soon")
    to_accept = refer(referrer, person_name="Ana Rivera", urgency="today")

    sign_in(page, "projectmanager")
    page.get_by_role("link", name="Triage").first.click()
    page.wait_for_url("**/community/triage/")
    page.a11y.check()
    rows = page.get_by_test_id("triage-table").locator("tbody tr")
    assert rows.first.inner_text().startswith("Ana Rivera"), "the most urgent first"
    screenshot(page, "community-triage-queue")

    page.get_by_role("link", name="Far Away").click()
    page.a11y.check()
    page.get_by_label("Reason").select_option(label="Outside the LEAD area")
    page.get_by_role("button", name="Decline").click()
    page.get_by_test_id("triage-status").filter(has_text="Declined at triage").wait_for()
    page.a11y.check()
    assert page.get_by_test_id("history").get_by_text("Declined").first.is_visible()

    visit(page, f"/community/triage/{to_verify.pk}/")
    page.get_by_label("Police agency").select_option(label="Metro police")
    page.get_by_label("For the verifying officer").fill("Seen by outreach; please check the last 2 years.")
    page.get_by_role("button", name="Ask to verify").click()
    page.get_by_text("Metro police was asked to verify eligibility.").wait_for()
    page.a11y.check()

    visit(page, f"/community/triage/{to_accept.pk}/")
    page.get_by_test_id("screen-link").click()
    page.wait_for_url(f"**/community/{to_accept.pk}/screen/")
    page.a11y.check()
    assert page.get_by_label("First name").input_value() == "Ana"
    page.get_by_label("Date of birth").fill("1990-05-17")
    page.get_by_role("radio", name="Reliable report").check()
    page.get_by_label("Date of that activity").fill(str(timezone.localdate() - timedelta(days=10)))
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("None of these apply").check()
    page.get_by_test_id("eligibility").filter(has_text="Eligible").wait_for()
    screenshot(page, "community-screening")
    page.get_by_role("button", name="Divert to LEAD").click()
    page.wait_for_url("**/referrals/*/")
    page.a11y.check()
    referral = Referral.objects.get()
    assert referral.route.is_community_door and referral.officer == manager

    hand_off = page.get_by_test_id("handoff-form")
    hand_off.get_by_label("Agency").select_option(label="Bridgeway Outreach")
    hand_off.get_by_role("button").click()
    page.get_by_text("Hand-off recorded.").wait_for()
    page.a11y.check()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.HANDED_OFF and referral.intake.agency == outreach
    screenshot(page, "community-handed-off")

    visit(page, f"/community/triage/{to_accept.pk}/")
    assert page.get_by_test_id("history").get_by_text("Handed off to Bridgeway Outreach").is_visible()
    statuses = dict(CommunityReferral.objects.values_list("person_name", "status"))
    assert statuses == {"Far Away": "declined", "Check History": "verification_requested", "Ana Rivera": "screened"}


def test_a_designated_sergeant_records_a_verification(phone, referrer, manager):
    police = AgencyFactory(kind=Agency.Kind.POLICE, name="Metro police")
    unit = UnitFactory(precinct=PrecinctFactory(agency=police))
    UserFactory(roles=[Role.SERGEANT], username="sergeant", unit=unit, agency=police, verifies_community_referrals=True)
    row = triage_request_verification(
        community_referral=refer(referrer, person_name="Kim Ito"), manager=manager, agency=police
    )
    sign_in(phone, "sergeant")
    phone.get_by_role("link", name="Verify: Kim Ito").first.click()
    phone.wait_for_url(f"**/community/{row.pk}/screen/")
    phone.a11y.check()
    assert phone.get_by_test_id("partner-said").get_by_text("Kim Ito").is_visible()
    phone.get_by_label("Date of birth").fill("1988-02-03")
    phone.get_by_label("Criminal history").check()
    phone.get_by_label("Date of that activity").fill(str(timezone.localdate() - timedelta(days=200)))
    phone.get_by_role("radio", name="Yes").check()
    phone.get_by_label("None of these apply").check()
    phone.get_by_test_id("eligibility").filter(has_text="Eligible").wait_for()
    assert no_horizontal_scroll(phone)
    screenshot(phone, "community-verification-phone")
    phone.get_by_role("button", name="Divert to LEAD").click()
    phone.wait_for_url("**/referrals/*/")
    phone.a11y.check()
    referral = Referral.objects.get()
    assert referral.officer.username == "sergeant" and referral.agency == police
    assert referral.prior_activity_verification == "criminal_history"
    row.refresh_from_db()
    assert row.status == CommunityReferral.Status.SCREENED and row.referral == referral


def test_a_member_of_the_public_asks_on_a_phone_when_the_site_opens_the_form(phone, settings, transactional_db):
    from django.core.cache import cache

    settings.LEAD_PUBLIC_REQUESTS = True
    cache.clear()
    visit(phone, "/community/request/")
    phone.get_by_label("Their name, if you know it").fill("Jo")
    phone.get_by_label("Where they are usually found").fill("Main St church steps")
    phone.get_by_label("Signs of a mental-health crisis or condition").check()
    phone.get_by_label("Your name").fill("A neighbour")
    phone.get_by_label("Your e-mail").fill("neighbour@example.org")
    assert no_horizontal_scroll(phone)
    screenshot(phone, "community-public-request-phone")
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_url("**/community/request/sent/")
    phone.a11y.check()
    assert phone.get_by_test_id("request-sent").is_visible()
    assert "Main St" not in phone.locator("main").inner_text(), "nothing is shown back"
    row = CommunityReferral.objects.get()
    assert row.source == CommunityReferral.Source.PUBLIC and row.referrer is None
