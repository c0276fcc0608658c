"""A case manager pages through the hand-offs to their agency (README,
Referrals: 25 a page, open ones first by deadline)."""

import pytest

from lead_ops.accounts.models import Agency
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import AgencyFactory
from workgroup.tests.factories import handed_off_referral

from .journeys import screenshot, sign_in, visit

pytestmark = pytest.mark.usefixtures("lead_protocol")


def test_a_case_manager_reaches_every_hand_off_a_page_at_a_time(page, officer, sergeant, make_user, monkeypatch):
    from referrals.views import queues

    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    agency = AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT)
    make_user(Role.CASE_MANAGER, username="cm", agency=agency)
    people = [handed_off_referral(officer=officer, sergeant=sergeant, agency=agency).person.full_name for _ in range(3)]

    sign_in(page, "cm")
    visit(page, "/handoffs/")
    table = page.get_by_test_id("handoff-table")
    assert table.locator("tbody tr").count() == 2
    pages = page.get_by_role("navigation", name="Pages")
    assert "Page 1 of 2" in pages.inner_text()
    pages.get_by_role("link", name="Next").click()
    page.wait_for_url("**/handoffs/?page=2")
    page.a11y.check()
    assert table.locator("tbody tr").count() == 1
    screenshot(page, "handoffs-page-2")
    seen = page.get_by_test_id("handoff-table").inner_text()
    pages.get_by_role("link", name="Previous").click()
    page.wait_for_url("**/handoffs/?page=1")
    page.a11y.check()
    seen += page.get_by_test_id("handoff-table").inner_text()
    assert all(name in seen for name in people)
