import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lead_ops.accounts.roles import Role
from referrals.selectors import people_search
from referrals.services import person_add_alias, person_create

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jose(officer):
    return person_create(
        first_name="José",
        last_name="O'Brien-Smith",
        date_of_birth=datetime.date(1984, 4, 30),
        aliases=["Joey Bee"],
        identifiers=[("RMS person number", "P-449120")],
        actor=officer,
    )


@pytest.mark.parametrize(
    "query",
    [
        "jose",
        "JOSÉ",
        "obrien",
        "o brien",
        "smith jose",
        "joey",
        "bee",
        "p 449120",
        "1984-04-30",
        "4/30/1984",
        "jose 1984-04-30",
    ],
)
def test_finds_by_name_alias_identifier_and_date_of_birth(officer, jose, query):
    PersonFactory(first_name="Maria", last_name="Lopez", date_of_birth=datetime.date(1990, 1, 2))

    assert people_search(user=officer, query=query) == [jose]


def test_every_word_must_match(officer, jose):
    assert people_search(user=officer, query="jose lopez") == []
    assert people_search(user=officer, query="jose 1990-01-02") == []


def test_an_empty_query_finds_nobody(officer, jose):
    assert people_search(user=officer, query="   ") == []
    assert people_search(user=officer, query="!!") == []


def test_an_alias_added_later_is_found(officer, jose):
    person_add_alias(person=jose, name="Little Joe", actor=officer)

    assert people_search(user=officer, query="little") == [jose]


def test_roles_outside_police_and_admin_find_nobody(make_user, jose):
    for role in (Role.PROSECUTOR, Role.ANALYST, Role.COORDINATOR, Role.PUBLIC_DEFENDER):
        assert people_search(user=make_user(role), query="jose") == []


def test_a_date_of_birth_in_the_future_or_over_120_years_ago_is_refused(officer):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="future"):
        person_create(first_name="A", last_name="B", date_of_birth=today + datetime.timedelta(days=1), actor=officer)
    with pytest.raises(ValidationError, match="older than 120"):
        person_create(first_name="A", last_name="B", date_of_birth=today.replace(year=today.year - 121), actor=officer)


def test_search_is_one_query_however_many_match(officer, django_assert_num_queries):
    for _ in range(30):
        PersonFactory(first_name="Sam")

    with django_assert_num_queries(3):  # the user's roles, the people, the audit event naming them
        found = people_search(user=officer, query="sam", limit=20)
    assert len(found) == 20


def test_creation_is_audited(officer, jose):
    from lead_ops.audit.models import AuditEvent

    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="referrals.person")
    assert event.id_list == [str(jose.pk)] and event.actor == officer
