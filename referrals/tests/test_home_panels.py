"""Each role's work queue on the home page, and a query count that does not grow with the queue."""

import pytest

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory

from .factories import file_referral

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("waiting", [1, 12])
def test_sergeant_home_query_count_is_fixed(
    client, sergeant, make_user, lead_protocol, waiting, django_assert_num_queries
):
    officers = [make_user(Role.OFFICER, unit=UnitFactory()) for _ in range(3)]
    for officer in officers:
        officer.unit.supervisors.add(sergeant)
    for index in range(waiting):
        file_referral(officer=officers[index % 3], route_code="arrest-diversion")
    client.force_login(sergeant)

    # session, user, groups, ids of the units I supervise, unread notifications;
    # review queue: count, rows, reasons;
    # returned to me; my referrals and drafts; units I supervise; my training:
    # required topics, records, the protocol in force with whether I acknowledged it; workgroup:
    # issues I raised, my next meeting, my open action items; my assignment (unit and agency);
    # the audit of the rows shown
    with django_assert_num_queries(20):
        response = client.get("/")

    assert response.context["panels"][0]["count"] == waiting


def test_officer_sees_a_returned_referral_first(client, officer, sergeant, lead_protocol):
    from referrals.services.review import review_return

    referral = file_referral(officer=officer, route_code="arrest-diversion")
    review_return(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant, comment="Fix it")
    client.force_login(officer)

    content = client.get("/").content.decode()

    assert "Returned to you for correction" in content
    assert f"/referrals/{referral.pk}/correct/" in content


def test_prosecutor_and_case_manager_homes_show_their_queues(client, prosecutor, case_manager):
    client.force_login(prosecutor)
    assert "Held charges past their intake deadline" in client.get("/").content.decode()

    client.force_login(case_manager)
    assert "Hand-offs waiting for intake" in client.get("/").content.decode()
