"""The admin writes through the models' services: validated and audited like the
same edit in the app, a refusal shown on the form with nothing saved."""

import pytest

from lead_ops.accounts.models import Precinct, Unit, User
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import PoliceAgencyFactory
from lead_ops.audit.models import AuditEvent
from referrals.models import Offense, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_a_unit_added_in_the_admin_is_saved_with_its_supervisors_and_audited(admin_client, sergeant, administrator):
    precinct = Precinct.objects.create(agency=PoliceAgencyFactory(), name="North", code="N")

    response = admin_client.post(
        "/admin/accounts/unit/add/",
        {"name": "North proactive", "kind": "proactive", "precinct": precinct.pk, "supervisors": [sergeant.pk]},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(name="North proactive")
    assert list(unit.supervisors.all()) == [sergeant]
    event = AuditEvent.objects.get(action="create", object_type="accounts.unit")
    assert event.actor == administrator and event.object_ids == f",{unit.pk},"


def test_a_refused_admin_edit_is_shown_on_the_form_and_nothing_is_saved(admin_client):
    offense = Offense.objects.create(code="loitering", name="Loitering")

    response = admin_client.post(
        f"/admin/referrals/offense/{offense.pk}/change/", {"code": "not a slug!", "name": "Loitering"}
    )

    assert response.status_code == 200
    assert "slug" in " ".join(response.context["adminform"].form.errors["code"])
    offense.refresh_from_db()
    assert offense.code == "loitering"
    assert not AuditEvent.objects.filter(object_type="referrals.offense").exists()


def test_an_account_added_in_the_admin_gets_its_role_and_a_hashed_password(admin_client):
    from django.contrib.auth.models import Group

    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newofficer",
            "password1": "a-long-enough-pass-phrase-2026",
            "password2": "a-long-enough-pass-phrase-2026",
            "usable_password": "true",
            "first_name": "New",
            "last_name": "Officer",
            "groups": [Group.objects.get(name=Role.OFFICER).pk],
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="newofficer")
    assert user.has_role(Role.OFFICER)
    assert user.check_password("a-long-enough-pass-phrase-2026") and "a-long-enough" not in user.password
    event = AuditEvent.objects.get(action="create", object_type="accounts.user")
    assert "password1" not in event.detail.get("fields", [])


def person_form(person, **changes) -> dict:
    """The admin's person form, correcting the first name, with empty inlines."""
    return {
        "first_name": "John",
        "last_name": "Smyth",
        "middle_name": "",
        "date_of_birth": person.date_of_birth.isoformat(),
        "race": person.race,
        "ethnicity": person.ethnicity,
        "sex": person.sex,
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "identifiers-TOTAL_FORMS": "0",
        "identifiers-INITIAL_FORMS": "0",
        **changes,
    }


def test_a_person_corrected_in_the_admin_is_reindexed_and_audited(admin_client):
    from referrals.tests.factories import PersonFactory

    person = PersonFactory(first_name="Jon", last_name="Smyth")
    data = person_form(person)

    response = admin_client.post(f"/admin/referrals/person/{person.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.first_name == "John" and "john" in person.search_text
    assert AuditEvent.objects.filter(action="update", object_type="referrals.person").exists()


def test_a_person_edit_with_an_invalid_inline_saves_nothing(admin_client):
    from referrals.tests.factories import PersonFactory

    person = PersonFactory(first_name="Jon", last_name="Smyth")
    # An alias longer than an alias may be.
    data = person_form(person, **{"aliases-TOTAL_FORMS": "1", "aliases-0-name": "x" * 201})

    response = admin_client.post(f"/admin/referrals/person/{person.pk}/change/", data)

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.first_name == "Jon"
    assert not AuditEvent.objects.filter(action="update", object_type="referrals.person").exists()


def test_people_are_added_by_filing_not_in_the_admin(admin_client):
    assert admin_client.get("/admin/referrals/person/add/").status_code == 403
    assert not Person.objects.exists()
