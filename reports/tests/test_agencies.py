"""Reports across two police agencies: the analyst filters by agency, a unit's
divert rate is compared with its own agency's, and a sergeant of one agency is
offered no agency filter (their scope is one agency)."""

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import PoliceAgencyFactory, PrecinctFactory, UnitFactory
from referrals.models import DecisionReason
from referrals.services import DecisionInput
from referrals.tests.factories import file_referral
from reports.figures import discretion
from reports.filters import ReportFilters, filters_from
from reports.results import report_query
from reports.selectors import report_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_agencies(make_user, lead_protocol):
    """The city's bike squad diverts 4 of 4 eligible contacts; the sheriff's patrol 1 of 4."""
    sheriff = PoliceAgencyFactory(
        name="County Sheriff", incident_number_pattern=r"^SO[0-9]{6}$", incident_number_example="SO000001"
    )
    city_unit = UnitFactory(name="City Bike Squad")
    county_unit = UnitFactory(name="Sheriff Patrol", precinct=PrecinctFactory(agency=sheriff, name="Valley", code="V"))
    city_officer = make_user(Role.OFFICER, first_name="Cy", last_name="City", unit=city_unit)
    deputy = make_user(Role.OFFICER, first_name="Dee", last_name="Deputy", unit=county_unit)
    declined = DecisionReason.objects.get(code="declined")
    for n in range(4):
        file_referral(officer=city_officer)
        file_referral(
            officer=deputy, decision="divert" if n == 0 else DecisionInput(outcome="not_divert", reasons=(declined,))
        )
    return city_unit.precinct.agency, sheriff


def test_a_unit_is_compared_with_its_own_agency_s_rate(two_agencies, analyst):
    today = timezone.localdate()
    referrals = report_query(analyst, report_scope(analyst), ReportFilters(date_from=today, date_to=today)).referrals

    result = discretion.discretion(referrals)

    units = {row.name: row for row in result.units}
    assert units["City Bike Squad"].compared_with == pytest.approx(1.0)
    assert units["Sheriff Patrol"].compared_with == pytest.approx(0.25)
    assert (result.overall.successes, result.overall.trials) == (5, 8)


def test_the_analyst_filters_every_figure_by_agency(two_agencies, analyst):
    city, sheriff = two_agencies
    scope = report_scope(analyst)

    form, filters = filters_from({"agency": str(sheriff.pk)}, scope)

    assert [label for _, label in form.fields["agency"].choices] == ["All agencies", "County Sheriff", city.name]
    referrals = report_query(analyst, scope, filters).referrals
    assert set(referrals.values_list("agency_id", flat=True)) == {sheriff.pk} and referrals.count() == 4
    assert filters.as_query()["agency"] == str(sheriff.pk)
    assert str(sheriff.pk) == filters.cache_key.split(":")[-1]


def test_an_unknown_agency_is_a_form_error_and_a_one_agency_scope_offers_none(two_agencies, make_user):
    city, sheriff = two_agencies
    analyst = make_user(Role.ANALYST)
    form, filters = filters_from({"agency": "999999"}, report_scope(analyst))
    assert filters is None and "agency" in form.errors

    sergeant = make_user(Role.SERGEANT, agency=sheriff)
    sheriff.precincts.get().units.get().supervisors.add(sergeant)
    form, filters = filters_from({"agency": str(city.pk)}, report_scope(sergeant))
    assert "agency" not in form.fields and filters.agency_id is None


def test_the_reports_page_shows_the_agency_filter(client, two_agencies, analyst):
    _, sheriff = two_agencies
    client.force_login(analyst)

    page = client.get("/reports/discretion/", {"agency": sheriff.pk}).content.decode()

    assert "All agencies" in page
    table = page.split('data-testid="discretion-units"', 1)[1].split("</table>", 1)[0]
    assert "Sheriff Patrol" in table and "City Bike Squad" not in table
    assert "Agency rate" in table
