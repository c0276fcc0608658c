"""The agency rules: whose incident-number format applies, what a valid format
is, and which police agency a user files for."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from lead_ops.accounts.agencies import incident_format_problems, incident_number_format, police_agency_of
from lead_ops.accounts.models import Agency
from lead_ops.accounts.roles import Role
from lead_ops.accounts.services import agency_create, agency_save

from .factories import AgencyFactory, PoliceAgencyFactory, PrecinctFactory, UnitFactory, UserFactory


@pytest.mark.parametrize(
    ("pattern", "example", "problem_fields"),
    [
        ("", "", set()),
        (r"^SO[0-9]{6}$", "SO004211", set()),
        (r"^SO[0-9]{6}$", "", {"incident_number_example"}),
        (r"^SO[0-9]{6}$", "SO42", {"incident_number_example"}),
        (r"^SO[0-9{6}$", "SO004211", {"incident_number_pattern"}),
        ("", "SO004211", {"incident_number_example"}),
    ],
)
def test_a_format_compiles_comes_with_an_example_and_accepts_it(pattern, example, problem_fields):
    assert set(incident_format_problems(pattern, example)) == problem_fields


@override_settings(LEAD_INCIDENT_NUMBER_PATTERN=r"^[0-9]{4}-[0-9]{6}$", LEAD_INCIDENT_NUMBER_EXAMPLE="2026-004211")
def test_an_agency_without_a_format_uses_the_site_s():
    sheriff = Agency(
        name="Sheriff", kind="police", incident_number_pattern=r"^SO[0-9]{6}$", incident_number_example="SO1"
    )

    assert incident_number_format(None).example == "2026-004211"
    assert incident_number_format(Agency(name="Plain", kind="police")).accepts("2026-004211")
    assert incident_number_format(sheriff).pattern == r"^SO[0-9]{6}$"
    assert not incident_number_format(sheriff).accepts("2026-004211")


@pytest.mark.django_db
@override_settings(LEAD_INCIDENT_NUMBER_PATTERN=r"^[0-9]{4}-[0-9]{6}$", LEAD_INCIDENT_NUMBER_EXAMPLE="2026-004211")
def test_a_new_police_agency_starts_with_the_site_s_format_and_a_bad_one_is_refused():
    city = agency_create(name="City Police", kind=Agency.Kind.POLICE)
    provider = agency_create(name="Harbor Case Management", kind=Agency.Kind.CASE_MANAGEMENT)

    assert (city.incident_number_pattern, city.incident_number_example) == (r"^[0-9]{4}-[0-9]{6}$", "2026-004211")
    assert provider.incident_number_pattern == ""
    city.incident_number_pattern = "^(unclosed$"
    with pytest.raises(ValidationError) as refused:
        agency_save(agency=city)
    assert set(refused.value.message_dict) == {"incident_number_pattern"}


@pytest.mark.django_db
def test_the_agency_a_user_files_for():
    county = PoliceAgencyFactory(name="County Sheriff's Office")
    deputy = UserFactory(roles=[Role.OFFICER], unit=UnitFactory(precinct=PrecinctFactory(agency=county)))
    sergeant = UserFactory(roles=[Role.SERGEANT], agency=county)
    case_manager = UserFactory(roles=[Role.CASE_MANAGER], agency=AgencyFactory())

    assert police_agency_of(deputy) == county
    assert police_agency_of(sergeant) == county
    assert police_agency_of(case_manager) is None
    assert police_agency_of(UserFactory()) is None


@pytest.mark.django_db
def test_a_precinct_belongs_to_a_police_agency():
    precinct = PrecinctFactory.build(agency=AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT), name="X", code="X")

    with pytest.raises(ValidationError, match="police agency"):
        precinct.full_clean()


@pytest.mark.django_db
def test_badge_numbers_and_unit_names_are_unique_within_an_agency_not_across():
    from lead_ops.accounts.services import unit_create, user_create

    city, county = PoliceAgencyFactory(name="City PD"), PoliceAgencyFactory(name="County SO")
    city_unit = unit_create(name="Patrol North", kind="patrol", precinct=PrecinctFactory(agency=city))
    county_unit = unit_create(name="Patrol North", kind="patrol", precinct=PrecinctFactory(agency=county))
    with pytest.raises(ValidationError, match="already has a unit of that name"):
        unit_create(name="patrol north", kind="patrol", precinct=PrecinctFactory(agency=city, code="C2"))

    officer = user_create(username="c1", password=None, roles=[Role.OFFICER], badge_number="1234", unit=city_unit)
    deputy = user_create(username="k1", password=None, roles=[Role.OFFICER], badge_number="1234", unit=county_unit)
    assert (officer.agency, deputy.agency) == (city, county), "an account joins its unit's agency"
    with pytest.raises(ValidationError, match="Another account of this agency has that badge number"):
        user_create(username="c2", password=None, roles=[Role.SERGEANT], badge_number="1234", agency=city)
    with pytest.raises(ValidationError, match="belongs to another agency"):
        user_create(username="c3", password=None, roles=[Role.OFFICER], unit=county_unit, agency=city)
