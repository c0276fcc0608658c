"""An agency administrator manages their own agency's accounts, precincts and
units in the admin and nothing else: no other agency's rows in any list, search,
filter, choice or autocomplete, and a crafted request for one is refused (by the
admin's scoped queryset and again by the service)."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from lead_ops.accounts.models import Precinct, Unit, User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.services import precinct_save, unit_save, user_save

from .factories import PoliceAgencyFactory, PrecinctFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies(db):
    city = PoliceAgencyFactory(name="City Police")
    county = PoliceAgencyFactory(
        name="County Sheriff", incident_number_pattern=r"^SO[0-9]{6}$", incident_number_example="SO000001"
    )
    city_unit = UnitFactory(name="City Bike Squad", precinct=PrecinctFactory(agency=city, name="Harbor", code="H"))
    county_unit = UnitFactory(
        name="Sheriff Patrol Valley", precinct=PrecinctFactory(agency=county, name="Valley", code="V")
    )
    UserFactory(username="city-officer", last_name="Cityname", roles=[Role.OFFICER], unit=city_unit)
    UserFactory(username="county-officer", last_name="Countyname", roles=[Role.OFFICER], unit=county_unit)
    UserFactory(username="county-sergeant", last_name="Sheriffsgt", roles=[Role.SERGEANT], agency=county)
    admin_user = UserFactory(username="city-admin", roles=[Role.AGENCY_ADMINISTRATOR], agency=city, is_staff=True)
    return city, county, city_unit, county_unit, admin_user


@pytest.fixture
def city_admin(client, agencies):
    client.force_login(agencies[4])
    return client


@pytest.mark.parametrize(
    ("url", "mine", "theirs"),
    [
        ("/admin/accounts/user/", "Cityname", "Countyname"),
        ("/admin/accounts/user/?q=name", "Cityname", "Countyname"),
        ("/admin/accounts/user/?q=Sheriffsgt", "0 users", "county-sergeant"),
        ("/admin/accounts/unit/", "City Bike Squad", "Sheriff Patrol Valley"),
        ("/admin/accounts/precinct/", "Harbor", "Valley"),
        ("/admin/accounts/agency/", "City Police", "County Sheriff"),
        ("/admin/accounts/user/add/", ">Agency administrator</option>", ">Workgroup coordinator</option>"),
    ],
)
def test_every_list_search_filter_and_form_shows_only_the_agency_s_rows(city_admin, url, mine, theirs):
    page = city_admin.get(url)

    assert page.status_code == 200
    assert mine in page.content.decode() and theirs not in page.content.decode()


def test_autocompletes_offer_only_the_agency_s_rows(city_admin):
    def labels(model, field):
        response = city_admin.get(
            "/admin/autocomplete/", {"app_label": "accounts", "model_name": model, "field_name": field, "term": ""}
        )
        assert response.status_code == 200
        return {row["text"] for row in json.loads(response.content)["results"]}

    assert labels("user", "unit") == {"City Bike Squad"}
    assert labels("user", "agency") == {"City Police"}
    assert labels("unit", "precinct") == {"Harbor"}
    assert "Countyname" not in " ".join(labels("unit", "supervisors"))


def test_another_agency_s_row_cannot_be_opened_or_changed(city_admin, agencies):
    county_officer = User.objects.get(username="county-officer")
    county_unit = agencies[3]

    opened = city_admin.get(f"/admin/accounts/user/{county_officer.pk}/change/")
    posted = city_admin.post(f"/admin/accounts/unit/{county_unit.pk}/change/", {"name": "Taken", "kind": "patrol"})

    assert opened.status_code == 302 and "/admin/" in opened["Location"]
    assert posted.status_code == 302
    assert Unit.objects.get(pk=county_unit.pk).name == "Sheriff Patrol Valley"


def test_a_crafted_add_with_another_agency_s_unit_or_a_program_role_is_refused(city_admin, agencies):
    county_unit = agencies[3]
    administrator = Group.objects.get(name=Role.ADMINISTRATOR)
    form = {
        "username": "new-officer",
        "password1": "a long enough passphrase 42",
        "password2": "a long enough passphrase 42",
        "usable_password": "true",
        "first_name": "New",
        "last_name": "Officer",
        "unit": county_unit.pk,
        "groups": [administrator.pk],
    }

    refused = city_admin.post("/admin/accounts/user/add/", form)

    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert set(errors) == {"unit", "groups"}
    assert not User.objects.filter(username="new-officer").exists()


def test_the_agency_administrator_adds_an_officer_of_their_agency(city_admin, agencies):
    city, _, city_unit, _, _ = agencies
    officer = Group.objects.get(name=Role.OFFICER)

    added = city_admin.post(
        "/admin/accounts/user/add/",
        {
            "username": "new-officer",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "usable_password": "true",
            "first_name": "New",
            "last_name": "Officer",
            "unit": city_unit.pk,
            "groups": [officer.pk],
        },
    )

    assert added.status_code == 302
    user = User.objects.get(username="new-officer")
    assert user.police_agency == city and user.has_role(Role.OFFICER)
    assert not user.is_staff and not user.is_superuser


def test_the_services_refuse_what_the_admin_would_not_offer(agencies):
    _, county, city_unit, county_unit, admin_user = agencies
    county_officer = User.objects.get(username="county-officer")
    county_sergeant = User.objects.get(username="county-sergeant")
    city_officer = User.objects.get(username="city-officer")

    with pytest.raises(PermissionDenied):
        user_save(user=county_officer, groups=list(county_officer.groups.all()), actor=admin_user)
    with pytest.raises(PermissionDenied):
        precinct_save(precinct=Precinct(agency=county, name="Hill", code="HL"), actor=admin_user)
    with pytest.raises(PermissionDenied):
        unit_save(unit=city_unit, supervisors=[county_sergeant], actor=admin_user)
    city_officer.unit = county_unit  # moving a person into another agency
    with pytest.raises(PermissionDenied):
        user_save(user=city_officer, groups=list(city_officer.groups.all()), actor=admin_user)
    city_officer.unit = city_unit
    city_officer.is_superuser = True
    with pytest.raises(PermissionDenied):
        user_save(user=city_officer, groups=list(city_officer.groups.all()), actor=admin_user)


def test_the_rest_of_the_admin_is_closed_to_an_agency_administrator(city_admin):
    index = city_admin.get("/admin/").content.decode()

    assert "Users" in index and "Units" in index and "Precincts" in index
    assert "Referrals" not in index and "Audit" not in index
    assert city_admin.get("/admin/referrals/referral/").status_code == 403
    assert city_admin.get("/admin/audit/auditevent/").status_code == 403
    assert city_admin.get("/admin/accounts/agency/add/").status_code == 403


def test_the_superuser_still_administers_every_agency(client, agencies, administrator):
    client.force_login(administrator)

    page = client.get("/admin/accounts/unit/").content.decode()

    assert "City Bike Squad" in page and "Sheriff Patrol Valley" in page
