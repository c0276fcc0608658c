"""An officer on a phone files referrals on both routes, end to end."""

from datetime import timedelta

import pytest
from django.utils import timezone

from referrals.models import Referral
from referrals.tests.factories import PersonFactory

from .journeys import screenshot, sign_in, visit

pytestmark = pytest.mark.usefixtures("lead_protocol")


def start_referral(phone, route_name: str):
    """From the officer's home, through the new-referral page, to a route's questions."""
    phone.get_by_role("link", name="New referral").first.click()
    phone.wait_for_url("**/referrals/new/")
    phone.a11y.check()
    loads_before = len(phone.a11y.loaded)
    phone.get_by_role("link", name=route_name).click()
    phone.locator("legend", has_text="Person").first.wait_for()
    phone.a11y.check()
    return loads_before


def fill_new_person(phone, first="Ana", last="Rivera", born="1990-05-17"):
    phone.get_by_label("First name").fill(first)
    phone.get_by_label("Last name").fill(last)
    phone.get_by_label("Date of birth").fill(born)


def no_horizontal_scroll(phone) -> bool:
    return phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_social_contact_referral_on_a_phone(phone, officer):
    sign_in(phone, "officer")
    loads_at_start = start_referral(phone, "Social contact referral")

    fill_new_person(phone)
    phone.get_by_label("Criminal history").check()
    phone.get_by_label("Date of that activity").fill(str(timezone.localdate() - timedelta(days=30)))
    phone.get_by_role("radio", name="Yes").check()
    phone.get_by_label("None of these apply").check()
    phone.get_by_test_id("eligibility").filter(has_text="Eligible").wait_for()
    assert no_horizontal_scroll(phone)
    screenshot(phone, "referral-social-contact-form-phone")
    phone.get_by_role("button", name="Divert to LEAD").click()

    phone.wait_for_url("**/referrals/*/")
    phone.a11y.check()
    assert phone.get_by_text("Referral filed: Eligible.").is_visible()
    assert phone.get_by_test_id("referral-status").inner_text() == "Diverted: ready for hand-off"
    assert len(phone.a11y.loaded) - loads_at_start == 1, "route choice and screening happen without a page load"
    assert no_horizontal_scroll(phone)
    screenshot(phone, "referral-social-contact-done-phone")
    referral = Referral.objects.get()
    assert referral.person.full_name == "Ana Rivera" and referral.eligibility_status == "eligible"


def test_arrest_diversion_of_a_person_already_on_record(phone, officer):
    PersonFactory(first_name="Marisol", last_name="Quintero", date_of_birth="1985-02-03")
    sign_in(phone, "officer")
    start_referral(phone, "Arrest diversion (pre-booking)")

    phone.get_by_label("Last name").fill("Quinte")
    phone.get_by_role("button", name="Use Marisol Quintero, born 1985-02-03").click()
    phone.get_by_test_id("chosen-person").wait_for()
    phone.get_by_label("Incident / report number").fill("2026-004512")
    phone.get_by_label("Drug possession (VUCSA)").check()
    phone.get_by_label("Drug", exact=True).select_option("methamphetamine")
    phone.get_by_label("Quantity (grams)").fill("1.5")
    phone.get_by_label("None of these apply").check()
    phone.get_by_test_id("eligibility").filter(has_text="Eligible").wait_for()
    phone.a11y.check()
    screenshot(phone, "referral-arrest-form-phone")
    phone.get_by_role("button", name="Divert to LEAD").click()

    phone.wait_for_url("**/referrals/*/")
    phone.a11y.check()
    assert phone.get_by_test_id("referral-status").inner_text() == "Awaiting sergeant review"
    assert phone.get_by_text("Prosecutor asked to hold filing").is_visible()
    referral = Referral.objects.get()
    assert referral.person.last_name == "Quintero" and referral.prosecutor_hold_requested


def test_an_ineligible_person_is_recorded_as_screened_out(phone, officer):
    sign_in(phone, "officer")
    start_referral(phone, "Arrest diversion (pre-booking)")

    fill_new_person(phone, first="Tom", last="Baxter")
    phone.get_by_label("Incident / report number").fill("2026-004513")
    phone.get_by_label("Drug possession (VUCSA)").check()
    phone.get_by_label("Drug", exact=True).select_option("cocaine")
    phone.get_by_label("Quantity (grams)").fill("5")
    phone.get_by_label("None of these apply").check()

    phone.get_by_test_id("eligibility").filter(has_text="Not eligible: More than 3 grams").wait_for()
    assert phone.get_by_role("button", name="Divert to LEAD").count() == 0
    screenshot(phone, "referral-not-eligible-phone")
    phone.get_by_role("button", name="Record screening: not eligible").click()

    phone.wait_for_url("**/referrals/*/")
    phone.a11y.check()
    assert phone.get_by_test_id("referral-status").inner_text() == "Closed"
    assert phone.get_by_test_id("eligibility").filter(has_text="Within the 3 g limit: no").is_visible()
    assert no_horizontal_scroll(phone)
    screenshot(phone, "referral-not-eligible-recorded-phone")
    assert Referral.objects.get().current_decision is None


def test_a_disqualified_social_contact_is_recorded_with_the_failing_criteria(phone, officer):
    """A minor whose verified activity is older than the lookback: both answers
    are outcomes, not field errors, and the contact is recorded as screened."""
    sign_in(phone, "officer")
    start_referral(phone, "Social contact referral")

    fill_new_person(
        phone, first="Kim", last="Ito", born=str(timezone.localdate().replace(year=timezone.localdate().year - 16))
    )
    phone.get_by_label("Criminal history").check()
    phone.get_by_label("Date of that activity").fill(str(timezone.localdate() - timedelta(days=900)))
    phone.get_by_role("radio", name="Yes").check()
    phone.get_by_label("None of these apply").check()

    panel = phone.get_by_test_id("eligibility").filter(has_text="Not eligible")
    panel.wait_for()
    assert "Answers missing" not in panel.inner_text()
    assert phone.get_by_role("button", name="Divert to LEAD").count() == 0
    screenshot(phone, "referral-social-contact-not-eligible-phone")
    phone.get_by_role("button", name="Record screening: not eligible").click()

    phone.wait_for_url("**/referrals/*/")
    phone.a11y.check()
    eligibility = phone.get_by_test_id("eligibility").inner_text()
    assert "Aged 18 or over on the day of contact: no" in eligibility
    assert "Verified activity inside the LEAD area within 24 months: no" in eligibility
    assert no_horizontal_scroll(phone)
    referral = Referral.objects.get()
    assert referral.eligibility_status == "not_eligible" and referral.status == Referral.Status.CLOSED


def test_the_home_page_names_a_draft_as_a_person_would(phone, officer):
    sign_in(phone, "officer")
    start_referral(phone, "Arrest diversion (pre-booking)")
    fill_new_person(phone, first="Dora", last="Smith")
    phone.get_by_label("Incident / report number").fill("2026-00")
    phone.get_by_test_id("incident-number-check").filter(has_text="for example").wait_for()  # checked as typed

    phone.goto(phone.url.split("/referrals/")[0] + "/")
    draft = phone.get_by_test_id("draft").first
    draft.wait_for()
    label = draft.inner_text()
    assert label.startswith("Arrest diversion: Dora Smith, saved ")
    assert "[" not in label
    screenshot(phone, "home-draft-label-phone")


def test_not_a_good_fit_is_documented(phone, officer):
    sign_in(phone, "officer")
    start_referral(phone, "Arrest diversion (pre-booking)")

    fill_new_person(phone, first="Rudy", last="Vance")
    phone.get_by_label("Incident / report number").fill("2026-004514")
    phone.get_by_label("Drug possession (VUCSA)").check()
    phone.get_by_label("Drug", exact=True).select_option("opioids")
    phone.get_by_label("Quantity (grams)").fill("2")
    phone.get_by_label("None of these apply").check()
    phone.get_by_test_id("eligibility").filter(has_text="Eligible").wait_for()
    phone.get_by_text("Not diverting an eligible person?").click()
    phone.get_by_label("Not a good fit: profit motive").check()
    phone.get_by_label("Explain the decision").fill("Several buyers approached; bags packaged for sale.")
    screenshot(phone, "referral-not-a-good-fit-phone")
    phone.get_by_role("button", name="Record decision not to divert").click()

    phone.wait_for_url("**/referrals/*/")
    phone.a11y.check()
    decision = phone.get_by_test_id("decision")
    assert "Do not divert" in decision.inner_text()
    assert "Not a good fit: profit motive" in decision.inner_text()
    assert Referral.objects.get().current_decision.outcome == "not_divert"


def test_a_bad_answer_keeps_the_rest_of_the_form(phone, officer):
    sign_in(phone, "officer")
    start_referral(phone, "Social contact referral")

    fill_new_person(phone, born="2999-01-01")
    phone.get_by_label("Direct observation by an officer").check()
    phone.get_by_label("Date of that activity").fill(str(timezone.localdate() - timedelta(days=10)))
    phone.get_by_role("radio", name="Yes").check()
    phone.get_by_label("None of these apply").check()
    phone.get_by_role("button", name="Divert to LEAD").click()
    phone.wait_for_load_state("load")
    phone.a11y.check()

    assert phone.get_by_text("Date of birth cannot be in the future.").is_visible()
    assert phone.get_by_label("Last name").input_value() == "Rivera"
    assert phone.get_by_label("Direct observation by an officer").is_checked()
    assert not Referral.objects.exists()


def test_signed_out_visit_to_referrals_lands_on_sign_in(page):
    visit(page, "/referrals/")

    assert "/accounts/login/?next=/referrals/" in page.url
    assert page.get_by_role("heading", name="Sign in").is_visible()
