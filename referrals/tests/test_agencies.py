"""Two police agencies in one deployment: each files with its own incident-number
format and precincts, and a criterion or offense that names an agency applies to
its referrals only, in the engine, the form and the service alike."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import PoliceAgencyFactory, PrecinctFactory, UnitFactory, UserFactory
from lead_ops.protocol.services import protocol_version_publish
from referrals import eligibility
from referrals.models import EligibilityCriterion, Offense, Referral
from referrals.selectors.criteria import protocol_in_force
from referrals.services.criteria import criterion_save, protocol_draft_from

from .factories import arrest_answers, file_referral
from .test_views_filing import URL, arrest_form

pytestmark = pytest.mark.django_db

# --- the engine ---------------------------------------------------------------------

CITY, COUNTY = 1, 2
CURFEW = eligibility.Criterion(
    code="city-curfew", kind="exclusion", wording="Curfew order", question="Under a city curfew order?", agencies={CITY}
)
OFFENSES = eligibility.Criterion(
    code="offenses-allowed",
    kind="offense_allowed",
    wording="Offense not covered",
    offenses=frozenset({"drug-possession", "city-camping"}),
    offense_agencies=(("city-camping", frozenset({CITY})),),
)


def answers(agency, **fields):
    base = eligibility.Answers(route="arrest-diversion", contact_date=date(2026, 11, 30), agency=agency)
    return replace(base, **fields)


def test_a_criterion_naming_an_agency_judges_that_agency_s_referrals_only():
    curfew = {"city-curfew": True}

    city = eligibility.evaluate(answers(CITY, exclusions=curfew), [CURFEW])
    county = eligibility.evaluate(answers(COUNTY, exclusions=curfew), [CURFEW])

    assert city.status == eligibility.Status.NOT_ELIGIBLE and [r.code for r in city.failed] == ["city-curfew"]
    assert county.status == eligibility.Status.ELIGIBLE and county.results == ()


def test_an_offense_only_one_agency_charges_is_allowed_for_that_agency_only():
    camping = frozenset({"city-camping"})

    assert eligibility.evaluate(answers(CITY, offenses=camping), [OFFENSES]).status == eligibility.Status.ELIGIBLE
    county = eligibility.evaluate(answers(COUNTY, offenses=camping), [OFFENSES])
    assert county.status == eligibility.Status.NOT_ELIGIBLE
    assert "city-camping" in county.failed[0].explanation
    shared = frozenset({"drug-possession"})
    assert eligibility.evaluate(answers(COUNTY, offenses=shared), [OFFENSES]).status == eligibility.Status.ELIGIBLE


# --- the form and the service ---------------------------------------------------------


@pytest.fixture
def county(db):
    return PoliceAgencyFactory(
        name="County Sheriff's Office", incident_number_pattern=r"^SO[0-9]{6}$", incident_number_example="SO004211"
    )


@pytest.fixture
def deputy(county):
    precinct = PrecinctFactory(agency=county, name="Unincorporated North", code="UN")
    return UserFactory(
        username="deputy", roles=[Role.OFFICER], unit=UnitFactory(name="Sheriff patrol", precinct=precinct)
    )


@pytest.fixture
def city_rules(lead_protocol, officer):
    """The next protocol version: a city curfew question and a city camping offense, both the city's only."""
    city = officer.police_agency
    camping = Offense.objects.create(code="city-camping", name="Camping in a park (city ordinance)")
    camping.agencies.set([city])
    draft = protocol_draft_from(version=protocol_in_force())
    allowed = draft.criteria.get(code="offenses-allowed")
    criterion_save(
        criterion=allowed,
        routes=list(allowed.routes.all()),
        offenses=[*allowed.offenses.all(), camping],
        agencies=[],
    )
    curfew = EligibilityCriterion(
        protocol_version=draft,
        code="city-curfew",
        kind=EligibilityCriterion.Kind.EXCLUSION,
        question="Is the person under a city curfew order?",
        wording="Under a city curfew order",
    )
    criterion_save(criterion=curfew, routes=[], offenses=[], agencies=[city])
    protocol_version_publish(version=draft, effective_from=timezone.localdate() - timedelta(days=1))
    return city, camping


def test_each_agency_s_officer_is_asked_its_own_questions_and_offered_its_own_offenses(
    client, officer, deputy, city_rules
):
    client.force_login(officer)
    city_page = client.get(URL + "?route=arrest-diversion").content.decode()
    client.force_login(deputy)
    county_page = client.get(URL + "?route=arrest-diversion").content.decode()

    assert "city curfew order" in city_page and "Camping in a park" in city_page
    assert "city curfew order" not in county_page and "Camping in a park" not in county_page
    assert "For example SO004211" in county_page and "For example 2026-012345" in city_page
    assert "Unincorporated North" in county_page and "Unincorporated North" not in city_page


def test_the_deputy_files_with_the_sheriff_s_format_and_the_referral_is_the_sheriff_s(
    client, deputy, county, lead_protocol
):
    client.force_login(deputy)

    refused = client.post(URL, arrest_form(incident_number="2026-004512"))
    filed = client.post(URL, arrest_form(incident_number="so004211"))

    assert refused.status_code == 200
    assert "Use the department&#x27;s format, for example SO004211." in refused.content.decode()
    referral = Referral.objects.get()
    assert filed.status_code == 302 and referral.incident_number == "SO004211"
    assert referral.agency == county


def test_the_service_refuses_another_agency_s_format_and_precinct(deputy, lead_protocol):
    possession = Offense.objects.get(code="drug-possession")
    city_precinct = PrecinctFactory(name="Downtown", code="DT")

    with pytest.raises(ValidationError) as wrong_format:
        file_referral(officer=deputy, route_code="arrest-diversion", answers=arrest_answers([possession]))
    with pytest.raises(ValidationError) as wrong_precinct:
        file_referral(
            officer=deputy,
            route_code="arrest-diversion",
            answers=arrest_answers([possession], incident_number="SO000001", precinct=city_precinct),
        )

    assert wrong_format.value.message_dict == {
        "incident_number": ["Use the department's format, for example SO004211."]
    }
    assert wrong_precinct.value.message_dict == {"precinct": ["Choose a precinct of your own agency."]}
    assert not Referral.objects.exists()


def test_a_crafted_post_of_the_city_s_offense_by_a_deputy_is_refused_and_the_city_s_curfew_does_not_apply(
    client, deputy, city_rules
):
    _, camping = city_rules
    client.force_login(deputy)

    crafted = client.post(URL, arrest_form(incident_number="SO004211", offenses=[str(camping.pk)]))
    assert crafted.status_code == 200 and not Referral.objects.exists()
    assert "Select a valid choice" in crafted.content.decode()

    possession = Offense.objects.get(code="drug-possession")
    referral = file_referral(
        officer=deputy,
        route_code="arrest-diversion",
        answers=arrest_answers([possession], incident_number="SO004212", exclusions={"city-curfew": True}),
    )
    assert "city-curfew" not in {r["code"] for r in referral.eligibility_results}
    assert referral.eligibility_status == "eligible"


def test_the_city_s_officer_is_judged_by_the_city_s_curfew(officer, city_rules):
    possession = Offense.objects.get(code="drug-possession")

    referral = file_referral(
        officer=officer,
        route_code="arrest-diversion",
        answers=arrest_answers([possession], exclusions={"city-curfew": True}),
        decision=None,
    )

    assert referral.eligibility_status == "not_eligible"
    assert referral.status == Referral.Status.CLOSED
    assert [r["code"] for r in referral.eligibility_results if r["outcome"] == "fail"] == ["city-curfew"]


# --- prosecutors see the held charges of their own office ------------------------------


@pytest.fixture
def two_offices(officer, deputy, county, sergeant, lead_protocol):
    """A held charge of each agency, each past its intake deadline; the city's
    office decides the city's, the county's office the sheriff's."""
    from lead_ops.accounts.models import Agency
    from lead_ops.accounts.tests.factories import AgencyFactory
    from referrals.services.handoff import intake_deadline_sweep, referral_hand_off
    from referrals.services.review import review_approve

    county_office = AgencyFactory(name="County Prosecutor", kind=Agency.Kind.PROSECUTOR)
    county.prosecutor_office = county_office
    county.save()
    deputy_sergeant = UserFactory(username="deputy-sergeant", roles=[Role.SERGEANT], agency=county)
    deputy.unit.supervisors.add(deputy_sergeant)
    city_prosecutor = UserFactory(username="city-prosecutor", roles=[Role.PROSECUTOR])
    county_prosecutor = UserFactory(username="county-prosecutor", roles=[Role.PROSECUTOR], agency=county_office)
    provider = AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT)
    held = {}
    for who, supervisor, number in ((officer, sergeant, "2026-000111"), (deputy, deputy_sergeant, "SO000222")):
        referral = file_referral(
            officer=who,
            route_code="arrest-diversion",
            answers=arrest_answers([Offense.objects.get(code="drug-possession")], incident_number=number),
        )
        review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=supervisor)
        now = timezone.now()
        intake = referral_hand_off(
            referral=referral, actor=who, agency=provider, case_manager=None, called_at=now - timedelta(minutes=20)
        )
        held[who.username] = referral
    intake_deadline_sweep(today=intake.intake_deadline + timedelta(days=1))
    return held, city_prosecutor, county_prosecutor


def test_each_office_sees_decides_and_is_told_of_its_own_agency_s_held_charges(client, two_offices):
    from lead_ops.notifications.models import Notification
    from referrals.selectors.review import filing_due_for
    from referrals.services.handoff import prosecution_decide

    held, city_prosecutor, county_prosecutor = two_offices
    city_charge, county_charge = held["officer"], held["deputy"]

    assert list(filing_due_for(city_prosecutor)) == [city_charge]
    assert list(filing_due_for(county_prosecutor)) == [county_charge]
    client.force_login(county_prosecutor)
    assert client.get(f"/referrals/{city_charge.pk}/").status_code == 404
    assert client.get(f"/referrals/{county_charge.pk}/").status_code == 200
    queue = client.get("/prosecution/").content.decode()
    assert "SO000222" in queue and "2026-000111" not in queue
    told = Notification.objects.filter(kind="intake_overdue", recipient__groups__name=Role.PROSECUTOR)
    assert sorted(told.values_list("recipient__username", "url")) == [
        ("city-prosecutor", f"/referrals/{city_charge.pk}/"),
        ("county-prosecutor", f"/referrals/{county_charge.pk}/"),
    ]
    with pytest.raises(PermissionDenied):
        prosecution_decide(referral=city_charge, prosecutor=county_prosecutor, decision="file")
