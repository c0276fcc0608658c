"""Reads that return people are audited wherever they are asked for, and a
lookup outside what the user may see is an audited denial, not a silent 404."""

import pytest

from lead_ops.audit.models import AuditEvent
from lead_ops.search_limits import SEARCH_TOO_LONG
from referrals.tests.factories import PersonFactory

from .world import build_world

pytestmark = pytest.mark.django_db


def denials():
    return AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED)


def test_person_matches_while_filing_record_who_was_shown(client, officer):
    ana = PersonFactory(first_name="Ana", last_name="Rivera")
    client.force_login(officer)

    response = client.get("/referrals/new/matches/", {"first_name": "Ana", "last_name": "Riv"})

    assert "Ana Rivera" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEARCH, actor=officer)
    assert event.id_list == [str(ana.pk)] and event.object_type == "referrals.person"


def test_choosing_a_person_while_filing_is_audited_and_an_unknown_one_is_a_denial(client, officer):
    ana = PersonFactory(first_name="Ana", last_name="Rivera")
    client.force_login(officer)

    chosen = client.get(f"/referrals/new/person/{ana.pk}/")
    missing = client.get(f"/referrals/new/person/{ana.pk + 1000}/")

    assert chosen.status_code == 200 and missing.status_code == 404
    viewed = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, actor=officer)
    assert viewed.id_list == [str(ana.pk)]
    assert denials().get().id_list == [str(ana.pk + 1000)]


@pytest.fixture
def world(lead_protocol, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("officer", "/workgroup/meetings/{meeting}/"),
        ("officer", "/workgroup/meetings/{meeting}/minutes.csv"),
        ("analyst", "/reports/exports/{export}/"),
        ("sergeant", "/training/compliance/units/{unit}/"),
    ],
)
def test_an_out_of_scope_lookup_is_an_audited_denial(client, world, role, url):
    from lead_ops.accounts.roles import Role
    from lead_ops.accounts.tests.factories import UserFactory

    outsider = UserFactory(roles=[getattr(Role, role.upper())])
    client.force_login(outsider)
    target = url.format(meeting=world.meeting.pk, export=world.export.pk, unit=world.unit.pk)

    response = client.get(target)

    assert response.status_code in (403, 404), target
    assert denials().filter(actor=outsider).exists(), f"{target} refused without an audit event"


def test_a_very_long_name_search_is_refused_with_a_message_not_a_500(client, officer):
    client.force_login(officer)
    words = " ".join(f"w{i}" for i in range(1500))

    matches = client.get("/referrals/new/matches/", {"first_name": words, "last_name": "x"})
    people = client.get("/people/", {"q": words})
    hyphens = client.get("/people/", {"q": "-".join("a" * 30)})

    for response in (matches, people, hyphens):
        assert response.status_code == 200
        assert SEARCH_TOO_LONG in response.content.decode()


def test_admin_lists_and_searches_are_audited_and_bounded(client, administrator):
    ana = PersonFactory(first_name="Ana", last_name="Rivera")
    client.force_login(administrator)

    listed = client.get("/admin/referrals/person/")
    searched = client.get("/admin/referrals/person/", {"q": "rivera"})
    too_long = client.get("/admin/referrals/person/", {"q": " ".join(["x"] * 1500)})

    assert listed.status_code == searched.status_code == too_long.status_code == 200
    assert AuditEvent.objects.get(action=AuditEvent.Action.LIST, actor=administrator).id_list == [str(ana.pk)]
    search = AuditEvent.objects.get(action=AuditEvent.Action.SEARCH, actor=administrator, detail__query="rivera")
    assert search.id_list == [str(ana.pk)]
    assert SEARCH_TOO_LONG in too_long.content.decode()


def test_home_panels_record_the_referrals_they_list(client, officer, lead_protocol):
    from referrals.tests.factories import file_referral

    referral = file_referral(officer=officer)
    client.force_login(officer)

    client.get("/")

    listed = AuditEvent.objects.get(action=AuditEvent.Action.LIST, actor=officer, summary="Home page panels")
    assert listed.object_type == "referrals.referral" and listed.id_list == [str(referral.pk)]


def test_training_materials_downloads_are_audited(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)

    response = client.get(f"/training/sessions/{world.session.pk}/materials/")
    missing = client.get(f"/training/sessions/{world.session.pk + 1000}/materials/")

    assert response.status_code == 200 and missing.status_code == 404
    assert AuditEvent.objects.get(action=AuditEvent.Action.VIEW, actor=coordinator).id_list == [str(world.session.pk)]
    assert denials().get(actor=coordinator).id_list == [str(world.session.pk + 1000)]


def test_a_person_page_outside_the_users_scope_is_an_audited_denial(client, officer):
    client.force_login(officer)

    response = client.get("/people/999999/")

    assert response.status_code == 404
    assert denials().get(actor=officer).object_type == "referrals.person"
