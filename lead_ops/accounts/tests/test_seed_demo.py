import pytest
from django.core.management import call_command

from lead_ops.accounts.models import Unit, User
from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from lead_ops.protocol.models import ProtocolVersion

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = {
    "officer": Role.OFFICER,
    "sergeant": Role.SERGEANT,
    "casemanager": Role.CASE_MANAGER,
    "prosecutor": Role.PROSECUTOR,
    "coordinator": Role.COORDINATOR,
    "analyst": Role.ANALYST,
    "admin": Role.ADMINISTRATOR,
}


def table_counts():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "protocol", "referrals", "training", "workgroup", "reports"}
    }


def test_seed_creates_every_demo_account_with_its_role_and_password(capsys):
    call_command("seed_demo", referrals=30)

    for username, role in DEMO_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.check_password("lead-demo-password")
        assert user.has_role(role)
    assert "lead-demo-password" in capsys.readouterr().out
    assert Unit.objects.filter(kind=Unit.Kind.PROACTIVE).exists()
    assert Unit.objects.filter(kind=Unit.Kind.PATROL).exists()
    assert Unit.objects.values("precinct").distinct().count() >= 3
    assert ProtocolVersion.objects.filter(published_at__isnull=False).exists()


def test_seed_twice_adds_nothing():
    call_command("seed_demo", referrals=30)
    first = table_counts()
    audit_before = AuditEvent.objects.count()

    call_command("seed_demo", referrals=30)

    assert table_counts() == first
    assert AuditEvent.objects.count() == audit_before


def test_only_demo_accounts_can_sign_in():
    call_command("seed_demo", referrals=30)

    others = User.objects.exclude(username__in=[*DEMO_ACCOUNTS, "defender"])
    assert others.exists()
    assert not any(user.has_usable_password() for user in others)
