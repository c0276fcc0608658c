"""Two police agencies in one deployment: the sheriff's deputy files on a phone
with the sheriff's incident-number format, and the city's sergeant cannot see it."""

import pytest

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import PoliceAgencyFactory, PrecinctFactory, UnitFactory, UserFactory
from referrals.models import Referral

from .journeys import screenshot, sign_in, visit
from .test_referral_filing import fill_new_person, no_horizontal_scroll, start_referral

pytestmark = pytest.mark.usefixtures("lead_protocol")


@pytest.fixture
def deputy(db):
    sheriff = PoliceAgencyFactory(
        name="County Sheriff's Office",
        incident_number_pattern=r"^SO[0-9]{2}-[0-9]{6}$",
        incident_number_example="SO26-004211",
    )
    unit = UnitFactory(name="Sheriff Proactive Team", precinct=PrecinctFactory(agency=sheriff, name="Valley", code="V"))
    deputy = UserFactory(username="deputy", roles=[Role.OFFICER], unit=unit)
    unit.supervisors.add(UserFactory(username="sheriff-sergeant", roles=[Role.SERGEANT], agency=sheriff))
    return deputy


def test_the_deputy_files_in_the_sheriff_s_format_and_the_city_s_sergeant_cannot_see_it(
    phone, page, deputy, officer, sergeant
):
    sign_in(phone, "deputy")
    start_referral(phone, "Arrest diversion (pre-booking)")
    assert phone.get_by_text("For example SO26-004211").is_visible()

    fill_new_person(phone, first="Lena", last="Marsh")
    number = phone.get_by_label("Incident / report number")
    number.fill("2026-004512")  # the city's format
    number.blur()
    phone.get_by_test_id("incident-number-check").filter(has_text="for example SO26-004211").wait_for()
    number.fill("SO26-004512")
    phone.get_by_label("Drug possession (VUCSA)").check()
    phone.get_by_label("Drug", exact=True).select_option("methamphetamine")
    phone.get_by_label("Quantity (grams)").fill("1")
    phone.get_by_label("None of these apply").check()
    phone.get_by_test_id("eligibility").filter(has_text="Eligible").wait_for()
    phone.get_by_role("button", name="Divert to LEAD").click()

    phone.wait_for_url("**/referrals/*/")
    phone.a11y.check()
    assert no_horizontal_scroll(phone)
    screenshot(phone, "two-agencies-deputy-filed-phone")
    referral = Referral.objects.get()
    assert referral.incident_number == "SO26-004512" and referral.agency == deputy.police_agency

    sign_in(page, "sergeant")
    visit(page, "/reviews/")
    assert "Lena Marsh" not in page.content()
    visit(page, "/referrals/")
    assert "Lena Marsh" not in page.content()
    # asked directly (the browser's cookies, no page load): not found, as if it did not exist
    assert page.request.get(f"/referrals/{referral.pk}/").status == 404
