"""unit_coverage: the compliance page's counts of who is current, per unit,
counted by the database for reports."""

import pytest

from lead_ops.accounts.models import Unit
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory
from training.compliance import rollout_for, unit_coverage

from .factories import TopicFactory, TrainingRecordFactory, days_ago
from .test_selectors import complete, department, topics  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _coverage(units=None, **kwargs):
    units = Unit.objects.all() if units is None else units
    return {unit.name: (unit.police, unit.police_current) for unit in unit_coverage(units, **kwargs)}


def test_the_counts_agree_with_the_compliance_page(coordinator, department):  # noqa: F811
    rollout = rollout_for(coordinator)

    expected = {row.unit.name: (row.headcount, row.fully_current) for row in rollout.onboarded + rollout.waiting}
    assert _coverage() == expected == {"Anti-Crime": (3, 1), "Patrol": (1, 0), "Night patrol": (0, 0)}


def test_current_means_every_required_topic_unexpired(make_user, topics):  # noqa: F811
    unit = UnitFactory(name="Unit")
    everything = make_user(Role.OFFICER, unit=unit)
    complete(everything, topics)  # "Expired" has expired, "Missing" was never done
    TrainingRecordFactory(person=everything, topic=topics["Expired"], completed_on=days_ago(10))
    TrainingRecordFactory(person=everything, topic=topics["Missing"], completed_on=days_ago(10))
    lacking = make_user(Role.OFFICER, unit=unit)
    complete(lacking, topics)

    assert _coverage() == {"Unit": (2, 1)}
    # The expiry is the first day a completion no longer counts.
    expires = everything.training_records.filter(topic=topics["Due soon"]).get().expires_on
    assert _coverage(on=expires) == {"Unit": (2, 0)}


def test_only_police_roles_count_and_sergeants_count_where_they_supervise(make_user, coordinator):
    officers = TopicFactory(name="Officers", roles=[Role.OFFICER])
    TopicFactory(name="Coordinators", roles=[Role.COORDINATOR])
    first, second = UnitFactory(name="First"), UnitFactory(name="Second")
    both = make_user(Role.OFFICER, Role.COORDINATOR, unit=first)
    TrainingRecordFactory(person=both, topic=officers)
    sergeant = make_user(Role.SERGEANT, unit=first)
    first.supervisors.add(sergeant)
    second.supervisors.add(sergeant)
    second.supervisors.add(make_user(Role.OFFICER))  # supervises without the sergeant role: not counted
    make_user(Role.CASE_MANAGER, unit=second)

    rollout = rollout_for(coordinator)
    assert _coverage() == {"First": (2, 2), "Second": (1, 1)}
    rows = rollout.onboarded + rollout.waiting
    assert {row.unit.name: (row.headcount, row.fully_current) for row in rows} == _coverage()
