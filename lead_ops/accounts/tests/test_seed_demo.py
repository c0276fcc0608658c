import re

import pytest
from django.core.management import call_command

from lead_ops.accounts.agencies import incident_number_format
from lead_ops.accounts.models import Agency, Unit, User
from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from lead_ops.protocol.models import ProtocolVersion
from referrals.models import Referral

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = {
    "officer": Role.OFFICER,
    "sergeant": Role.SERGEANT,
    "deputy": Role.OFFICER,
    "sheriffsgt": Role.SERGEANT,
    "sheriffadmin": Role.AGENCY_ADMINISTRATOR,
    "countyprosecutor": Role.PROSECUTOR,
    "casemanager": Role.CASE_MANAGER,
    "prosecutor": Role.PROSECUTOR,
    "coordinator": Role.COORDINATOR,
    "analyst": Role.ANALYST,
    "admin": Role.ADMINISTRATOR,
    "community": Role.COMMUNITY_REFERRER,
    "projectmanager": Role.PROJECT_MANAGER,
}


def table_counts():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"accounts", "protocol", "referrals", "community", "training", "workgroup", "reports"}
    }


def test_seed_creates_every_demo_account_with_its_role_and_password(capsys):
    call_command("seed_demo", referrals=30)

    for username, role in DEMO_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.check_password("lead-demo-password")
        assert user.has_role(role)
    out = capsys.readouterr().out
    assert "lead-demo-password" in out
    assert re.search(r"deputy +Officer +County Sheriff's Office \(demo\)", out)
    assert re.search(r"coordinator +Workgroup coordinator +the whole program", out)
    assert Unit.objects.filter(kind=Unit.Kind.PROACTIVE).exists()
    assert Unit.objects.filter(kind=Unit.Kind.PATROL).exists()
    assert Unit.objects.values("precinct").distinct().count() >= 3
    assert ProtocolVersion.objects.filter(published_at__isnull=False).exists()


def test_the_community_door_has_a_referral_in_each_state_and_a_demo_made_before_gets_its_accounts():
    from community.models import CommunityReferral
    from community.status import referrer_status

    call_command("seed_demo", referrals=30)
    rows = CommunityReferral.objects.select_related("referral")
    assert set(rows.values_list("status", flat=True)) == set(CommunityReferral.Status.values)
    words = {referrer_status(row.status, row.referral.status if row.referral else None) for row in rows}
    assert words == {"Received", "Being looked at", "Closed"}
    assert rows.filter(source=CommunityReferral.Source.PUBLIC).exists()
    assert rows.filter(referral__status="handed_off").exists() and rows.filter(referral__status="diverted").exists()
    assert User.objects.get(username="officer").verifies_community_referrals

    User.objects.filter(username="community").update(username="community-old", is_active=False)
    call_command("seed_demo", referrals=30)
    assert User.objects.get(username="community").has_role(Role.COMMUNITY_REFERRER)


def test_seed_twice_adds_nothing():
    call_command("seed_demo", referrals=30)
    first = table_counts()
    audit_before = AuditEvent.objects.count()

    call_command("seed_demo", referrals=30)

    assert table_counts() == first
    assert AuditEvent.objects.count() == audit_before


def test_two_police_agencies_each_with_proactive_and_patrol_units_and_their_own_formats():
    call_command("seed_demo", referrals=60)

    police = Agency.objects.filter(kind=Agency.Kind.POLICE)
    assert police.count() == 2 and Agency.objects.filter(kind=Agency.Kind.PROSECUTOR).count() == 2
    for agency in police:
        kinds = set(Unit.objects.filter(precinct__agency=agency).values_list("kind", flat=True))
        assert kinds == {Unit.Kind.PROACTIVE, Unit.Kind.PATROL}
        numbers = (
            Referral.objects.filter(agency=agency).exclude(incident_number="").values_list("incident_number", flat=True)
        )
        assert numbers and all(incident_number_format(agency).accepts(n) for n in numbers)
    deputy, admin = User.objects.get(username="deputy"), User.objects.get(username="sheriffadmin")
    assert deputy.police_agency == admin.agency and admin.is_staff and not admin.is_superuser
    offices = {agency.name: agency.prosecutor_office.name for agency in police.select_related("prosecutor_office")}
    assert offices == {
        "Metro Police Department (demo)": "City Attorney's Office (demo)",
        "County Sheriff's Office (demo)": "County Prosecutor's Office (demo)",
    }


def test_only_demo_accounts_can_sign_in():
    call_command("seed_demo", referrals=30)

    others = User.objects.exclude(username__in=[*DEMO_ACCOUNTS, "defender"])
    assert others.exists()
    assert not any(user.has_usable_password() for user in others)
