import pytest

from lead_ops.accounts.models import Unit
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory
from lead_ops.protocol.services import protocol_version_draft, protocol_version_publish
from training.compliance import compliance_for, rollout_for, unit_compliance_for
from training.models import ProtocolAcknowledgement
from training.selectors import (
    attendance_checklist,
    protocol_acknowledgement_due,
    training_status_for,
    training_status_for_users,
)

from .factories import (
    AttendanceFactory,
    TopicFactory,
    TrainingRecordFactory,
    TrainingSessionFactory,
    days_ago,
    published_protocol,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    """Five topics officers must keep current, one for sergeants only, one optional."""
    names = ["Current", "Due soon", "Expired", "Missing", "Never expires"]
    required = {
        name: TopicFactory(name=name, refresher_months=None if name == "Never expires" else 12, roles=[Role.OFFICER])
        for name in names
    }
    required["Sergeants only"] = TopicFactory(name="Sergeants only", roles=[Role.SERGEANT])
    required["Optional"] = TopicFactory(name="Optional")
    return required


def complete(person, topics):
    TrainingRecordFactory(person=person, topic=topics["Current"], completed_on=days_ago(100))
    TrainingRecordFactory(person=person, topic=topics["Due soon"], completed_on=days_ago(350))
    TrainingRecordFactory(person=person, topic=topics["Expired"], completed_on=days_ago(400))
    TrainingRecordFactory(person=person, topic=topics["Never expires"], completed_on=days_ago(3000))
    TrainingRecordFactory(person=person, topic=topics["Optional"], completed_on=days_ago(3000))


# --- training_status_for / training_status_for_users -----------------------------------------


def test_status_sorts_each_required_topic_by_where_the_person_stands(officer, topics):
    complete(officer, topics)

    status = training_status_for(officer)

    assert status.current == ["Current", "Never expires"]
    assert status.due_soon == ["Due soon"]
    assert status.expired == ["Expired"]
    assert status.missing == ["Missing"]
    assert not status.is_current
    assert status.summary == "Not current: 1 overdue, 1 not yet completed of 5 required topics."


def test_the_latest_completion_counts(officer, topics):
    complete(officer, topics)
    TrainingRecordFactory(person=officer, topic=topics["Expired"], completed_on=days_ago(10))
    TrainingRecordFactory(person=officer, topic=topics["Missing"], completed_on=days_ago(10))

    status = training_status_for(officer)

    assert status.is_current
    assert status.summary == "Current; 1 of 5 required topics due within 30 days."


def test_a_person_is_held_to_every_role_they_hold(make_user, topics):
    both = make_user(Role.OFFICER, Role.SERGEANT)

    assert "Sergeants only" in training_status_for(both).missing
    assert len(training_status_for(both).topics) == 6


def test_retired_topics_are_not_required(officer, topics):
    topics["Missing"].is_active = False
    topics["Missing"].save()

    assert "Missing" not in training_status_for(officer).missing


def test_roles_without_requirements_are_current(case_manager, topics):
    status = training_status_for(case_manager)

    assert status.is_current and status.topics == ()
    assert status.summary == "No training is required for this role."


def test_status_for_many_matches_status_for_each(make_user, topics):
    people = [make_user(Role.OFFICER) for _ in range(3)] + [make_user(Role.SERGEANT), make_user()]
    complete(people[0], topics)

    statuses = training_status_for_users(people)

    assert set(statuses) == {person.pk for person in people}
    for person in people:
        assert statuses[person.pk] == training_status_for(person)


@pytest.mark.parametrize("how_many", [1, 25])
def test_status_for_many_takes_three_queries_however_many(make_user, topics, how_many, django_assert_num_queries):
    people = [make_user(Role.OFFICER) for _ in range(how_many)]
    for person in people:
        complete(person, topics)

    with django_assert_num_queries(3):  # roles, requirements, latest completions
        statuses = training_status_for_users(people)

    assert all(status.expired == ["Expired"] for status in statuses.values())


def test_status_for_nobody_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert training_status_for_users([]) == {}


# --- protocol_acknowledgement_due ----------------------------------------------------------------


def test_the_current_version_is_due_until_acknowledged(officer):
    version = published_protocol()

    assert protocol_acknowledgement_due(officer) == version
    ProtocolAcknowledgement.objects.create(user=officer, version=version)
    assert protocol_acknowledgement_due(officer) is None


def test_a_newly_published_version_is_due_again(officer, sergeant):
    ProtocolAcknowledgement.objects.create(user=officer, version=published_protocol())

    second = protocol_version_publish(
        version=protocol_version_draft(title="v2", text="..."), effective_from=days_ago(0)
    )

    assert protocol_acknowledgement_due(officer) == second
    assert protocol_acknowledgement_due(sergeant) == second


def test_only_my_own_acknowledgement_counts_and_the_question_is_one_query(officer, sergeant, django_assert_num_queries):
    version = published_protocol()
    ProtocolAcknowledgement.objects.create(user=sergeant, version=version)
    assert officer.role_names  # loaded with the user on every request

    with django_assert_num_queries(1):
        assert protocol_acknowledgement_due(officer) == version
    assert protocol_acknowledgement_due(officer, in_force=version) == version
    assert protocol_acknowledgement_due(sergeant) is None
    assert protocol_acknowledgement_due(sergeant, in_force=version) is None


def test_a_version_effective_later_is_not_due_yet(officer):
    protocol_version_publish(version=protocol_version_draft(title="Later", text="..."), effective_from=days_ago(-7))

    assert protocol_acknowledgement_due(officer) is None


def test_only_officers_and_sergeants_acknowledge(case_manager, coordinator):
    published_protocol()

    assert protocol_acknowledgement_due(case_manager) is None
    assert protocol_acknowledgement_due(coordinator) is None


# --- Compliance -----------------------------------------------------------------------------------


@pytest.fixture
def department(make_user, topics):
    """Two units; sergeant Sam supervises only the first; one officer has no unit."""
    first = UnitFactory(name="Anti-Crime", kind=Unit.Kind.PROACTIVE, onboarded_on=days_ago(500))
    second = UnitFactory(name="Patrol", kind=Unit.Kind.PATROL, onboarded_on=days_ago(100))
    later = UnitFactory(name="Night patrol", kind=Unit.Kind.PATROL, onboarded_on=None)
    sam = make_user(Role.SERGEANT, username="sam")
    first.supervisors.add(sam)
    ready = make_user(Role.OFFICER, unit=first)
    for topic in ["Current", "Due soon", "Missing", "Never expires", "Expired"]:
        TrainingRecordFactory(person=ready, topic=topics[topic], completed_on=days_ago(20))
    make_user(Role.OFFICER, unit=first)
    make_user(Role.OFFICER, unit=second)
    make_user(Role.OFFICER, unit=None)
    make_user(Role.OFFICER, unit=first, is_active=False)
    return {"first": first, "second": second, "later": later, "sam": sam, "ready": ready}


def test_coordinators_see_every_unit_by_role_and_the_police_without_one(coordinator, department, topics):
    result = compliance_for(coordinator)

    rows = [(g.unit.name if g.unit else None, g.role, g.headcount, g.fully_current) for g in result.groups]
    assert rows == [
        ("Anti-Crime", Role.OFFICER, 2, 1),
        ("Anti-Crime", Role.SERGEANT, 1, 0),
        ("Patrol", Role.OFFICER, 1, 0),
        ("Patrol", Role.SERGEANT, 0, 0),
        ("Night patrol", Role.OFFICER, 0, 0),
        ("Night patrol", Role.SERGEANT, 0, 0),
        (None, Role.OFFICER, 1, 0),
    ]
    assert [t.name for t in result.topics] == [
        "Current",
        "Due soon",
        "Expired",
        "Missing",
        "Never expires",
        "Sergeants only",
    ]
    officers = result.groups[0]
    assert [(c.required, c.current) for c in officers.cells] == [
        (True, 1),
        (True, 1),
        (True, 1),
        (True, 1),
        (True, 1),
        (False, 0),
    ]
    sergeants = result.groups[1]
    assert [c.required for c in sergeants.cells] == [False] * 5 + [True]
    assert sergeants.cells[-1].missing == 1


def test_sergeants_see_only_the_units_they_supervise(department):
    result = compliance_for(department["sam"])

    assert {g.unit for g in result.groups} == {department["first"]}
    assert department["ready"].pk in result.people_ids
    with pytest.raises(Exception, match="not one you supervise"):
        unit_compliance_for(department["sam"], department["second"].pk)


def test_other_roles_see_no_compliance(officer, department):
    assert compliance_for(officer).groups == []


def test_acknowledgements_of_the_current_version_are_counted(coordinator, department):
    version = published_protocol()
    ProtocolAcknowledgement.objects.create(user=department["ready"], version=version)

    result = compliance_for(coordinator)

    assert result.protocol == version
    assert result.groups[0].acknowledged == 1


@pytest.mark.parametrize("officers_per_unit", [1, 12])
def test_compliance_takes_the_same_queries_however_many_people(
    coordinator, make_user, topics, officers_per_unit, django_assert_num_queries
):
    published_protocol()
    for _ in range(3):
        unit = UnitFactory()
        unit.supervisors.add(make_user(Role.SERGEANT))
        for _ in range(officers_per_unit):
            complete(make_user(Role.OFFICER, unit=unit), topics)

    # the coordinator's roles, units, supervision, people, their roles, requirements,
    # completions, protocol version, acknowledgements
    with django_assert_num_queries(9):
        result = compliance_for(coordinator)

    assert sum(g.headcount for g in result.groups) == 3 * officers_per_unit + 3


def test_rollout_lists_onboarded_units_proactive_first_then_those_waiting(coordinator, department):
    result = rollout_for(coordinator)

    assert [(r.unit.name, r.headcount, r.fully_current, r.share) for r in result.onboarded] == [
        ("Anti-Crime", 3, 1, 33),
        ("Patrol", 1, 0, 0),
    ]
    assert [(r.unit.name, r.share) for r in result.waiting] == [("Night patrol", None)]


# --- Attendance checklist ------------------------------------------------------------------------


def test_the_checklist_groups_people_by_unit_and_marks_the_roster(make_user, department):
    session = TrainingSessionFactory()
    AttendanceFactory(session=session, attendee=department["ready"])
    make_user(Role.CASE_MANAGER, last_name="Zed")

    checklist = dict(attendance_checklist(session))

    assert list(checklist) == ["Anti-Crime", "Patrol", "Police without a unit", "Other staff"]
    assert (department["ready"], True) in checklist["Anti-Crime"]
    assert (department["sam"], False) in checklist["Anti-Crime"]  # listed with the unit they supervise
