"""Existing data moves into one police agency (accounts 0005, referrals 0012),
forwards and backwards, with the site's incident-number format kept."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0003_user_notification_delivery"), ("referrals", "0010_unreviewed_diversions_read_diverted")]
AFTER = [
    ("accounts", "0008_existing_prosecutors_join_one_office"),
    ("referrals", "0012_existing_referrals_belong_to_their_precincts_agency"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_world():
    """The tables as they were before agencies owned precincts; the latest schema again afterwards."""
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _old_rows(apps):
    Agency = apps.get_model("accounts", "Agency")
    Precinct = apps.get_model("accounts", "Precinct")
    Unit = apps.get_model("accounts", "Unit")
    User = apps.get_model("accounts", "User")
    cm = Agency.objects.create(name="Harbor Case Management", kind="case_management")
    police = Agency.objects.create(name="Metro Police", kind="police")
    north = Precinct.objects.create(name="North", code="N")
    Precinct.objects.create(name="South", code="S")
    unit = Unit.objects.create(name="North Proactive", kind="proactive", precinct=north)
    officer = User.objects.create(username="old-officer", unit=unit, agency=police)
    User.objects.create(username="old-sergeant", agency=police)
    User.objects.create(username="old-case-manager", agency=cm)
    return _old_referral(apps, officer, unit)


@override_settings(LEAD_INCIDENT_NUMBER_PATTERN=r"^MP-[0-9]{6}$", LEAD_INCIDENT_NUMBER_EXAMPLE="MP-004211")
def test_precincts_and_referrals_move_into_the_police_agency_and_back(old_world):
    referral_id = _old_rows(old_world)

    apps = migrate(AFTER)

    Agency = apps.get_model("accounts", "Agency")
    Precinct = apps.get_model("accounts", "Precinct")
    police = Agency.objects.get(name="Metro Police")
    assert set(Precinct.objects.values_list("agency_id", flat=True)) == {police.pk}
    assert (police.incident_number_pattern, police.incident_number_example) == (r"^MP-[0-9]{6}$", "MP-004211")
    assert Agency.objects.get(name="Harbor Case Management").incident_number_pattern == ""
    assert Agency.objects.count() == 2
    assert apps.get_model("referrals", "Referral").objects.get(pk=referral_id).agency_id == police.pk

    apps = migrate(BEFORE)

    Precinct = apps.get_model("accounts", "Precinct")
    assert sorted(Precinct.objects.values_list("name", flat=True)) == ["North", "South"]


def test_without_a_police_agency_one_is_made_and_referrals_follow_their_unit(old_world):
    Agency = old_world.get_model("accounts", "Agency")
    Precinct = old_world.get_model("accounts", "Precinct")
    Unit = old_world.get_model("accounts", "Unit")
    User = old_world.get_model("accounts", "User")
    Agency.objects.create(name="Police department", kind="community")  # the name is taken by another kind
    north = Precinct.objects.create(name="North", code="N")
    unit = Unit.objects.create(name="North Proactive", kind="proactive", precinct=north)
    officer = User.objects.create(username="old-officer", unit=unit)
    referral_id = _old_referral(old_world, officer, unit)

    apps = migrate(AFTER)

    made = apps.get_model("accounts", "Agency").objects.get(kind="police")
    assert made.name == "Police department 2"
    assert apps.get_model("accounts", "Precinct").objects.get().agency_id == made.pk
    assert apps.get_model("referrals", "Referral").objects.get(pk=referral_id).agency_id == made.pk


def _old_referral(apps, officer, unit) -> int:
    from django.utils import timezone

    ProtocolVersion = apps.get_model("protocol", "ProtocolVersion")
    ReferralRoute = apps.get_model("referrals", "ReferralRoute")
    Person = apps.get_model("referrals", "Person")
    Referral = apps.get_model("referrals", "Referral")
    version = ProtocolVersion.objects.create(number=99, title="Old protocol")
    person = Person.objects.create(first_name="Ana", last_name="Rivera")
    referral = Referral.objects.create(
        route=ReferralRoute.objects.create(code="old-route", name="Old route", description="-"),
        person=person,
        officer=officer,
        unit=unit,
        occurred_at=timezone.now(),
        submitted_at=timezone.now(),
        protocol_version=version,
        eligibility_status="eligible",
        eligibility_results=[],
    )
    return referral.pk


def test_prosecutors_without_an_office_keep_seeing_every_held_charge_through_one_office(old_world):
    Group = old_world.get_model("auth", "Group")
    User = old_world.get_model("accounts", "User")
    Agency = old_world.get_model("accounts", "Agency")
    Agency.objects.create(name="Metro Police", kind="police")
    prosecutor = User.objects.create(username="old-prosecutor")
    prosecutor.groups.add(Group.objects.get_or_create(name="Prosecutor")[0])

    apps = migrate(AFTER)

    office = apps.get_model("accounts", "Agency").objects.get(kind="prosecutor")
    assert apps.get_model("accounts", "User").objects.get(username="old-prosecutor").agency_id == office.pk
    assert apps.get_model("accounts", "Agency").objects.get(name="Metro Police").prosecutor_office_id == office.pk


def test_accounts_join_their_unit_s_agency_so_badges_are_unique_per_agency():
    apps = migrate([("accounts", "0009_recovery_codes_stored_hashed")])
    try:
        Agency = apps.get_model("accounts", "Agency")
        Precinct = apps.get_model("accounts", "Precinct")
        Unit = apps.get_model("accounts", "Unit")
        User = apps.get_model("accounts", "User")
        city, county = (Agency.objects.create(name=name, kind="police") for name in ("City PD", "County SO"))
        city_unit = Unit.objects.create(
            name="Patrol", kind="patrol", precinct=Precinct.objects.create(agency=city, name="C", code="C")
        )
        county_unit = Unit.objects.create(
            name="Patrol 2", kind="patrol", precinct=Precinct.objects.create(agency=county, name="K", code="K")
        )
        User.objects.create(username="city-officer", unit=city_unit, badge_number="1234")
        User.objects.create(username="county-deputy", unit=county_unit, badge_number="1235")

        apps = migrate([("accounts", "0011_badge_numbers_and_unit_names_unique_per_agency")])

        User = apps.get_model("accounts", "User")
        assert dict(User.objects.values_list("username", "agency__name")) == {
            "city-officer": "City PD",
            "county-deputy": "County SO",
        }
        Unit = apps.get_model("accounts", "Unit")
        Unit.objects.filter(name="Patrol 2").update(name="Patrol")  # a namesake in another agency is allowed
        User.objects.filter(username="county-deputy").update(badge_number="1234")  # so is the same badge number

        # Back again, once the namesakes are told apart (the old schema cannot hold them).
        Unit.objects.filter(precinct__agency__name="County SO").update(name="Patrol 2")
        User.objects.filter(username="county-deputy").update(badge_number="1235")
        apps = migrate([("accounts", "0009_recovery_codes_stored_hashed")])
        assert apps.get_model("accounts", "User").objects.filter(agency__isnull=False).count() == 2
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
