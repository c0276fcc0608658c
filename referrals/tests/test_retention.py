"""Records past retention are removed, except under legal hold; the accounting
of disclosures outlives them; the purge is audited."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lead_ops.audit.models import AuditEvent
from referrals.models import Decision, Disclosure, Person, Referral, ReleaseOfInformation
from referrals.services.retention import records_purge

from .factories import PersonFactory, file_referral

pytestmark = pytest.mark.django_db


def age(referral, years):
    Referral.objects.filter(pk=referral.pk).update(updated_at=timezone.now() - timedelta(days=365 * years))
    Person.objects.filter(pk=referral.person_id).update(created_at=timezone.now() - timedelta(days=365 * years))


def purge(**kwargs):
    before = timezone.now() - timedelta(days=365 * 7)
    return records_purge(before=before, disclosures_before=before, **kwargs)


def test_an_old_referral_goes_with_its_decisions_and_its_person(officer, lead_protocol):
    old, recent = file_referral(officer=officer), file_referral(officer=officer)
    age(old, 8)

    count = purge()

    assert (count.referrals, count.people) == (1, 1)
    assert not Referral.objects.filter(pk=old.pk).exists()
    assert not Decision.objects.filter(referral_id=old.pk).exists()
    assert not Person.objects.filter(pk=old.person_id).exists()
    assert Referral.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.filter(action="delete", summary__startswith="Retention purge").exists()


def test_legal_hold_on_the_referral_or_the_person_keeps_it(officer, lead_protocol):
    held_referral, held_person = file_referral(officer=officer), file_referral(officer=officer)
    for referral in (held_referral, held_person):
        age(referral, 9)
    Referral.objects.filter(pk=held_referral.pk).update(legal_hold=True)
    Person.objects.filter(pk=held_person.person_id).update(legal_hold=True)

    assert purge().referrals == 0
    assert Referral.objects.count() == 2


def test_a_person_with_a_recent_referral_stays(officer, lead_protocol):
    person = PersonFactory()
    old = file_referral(officer=officer, person=person)
    file_referral(officer=officer, person=person)
    age(old, 8)

    count = purge()

    assert count.referrals == 1 and count.people == 0
    assert Person.objects.filter(pk=person.pk).exists()


def test_referrals_other_records_need_are_kept(officer, lead_protocol):
    old = file_referral(officer=officer)
    age(old, 8)

    assert purge(keep=Referral.objects.filter(pk=old.pk).values("pk")).referrals == 0


def test_disclosures_are_kept_six_years_even_after_their_referral(officer, lead_protocol):
    old = file_referral(officer=officer)
    age(old, 8)
    recent = Disclosure.objects.create(
        person=old.person,
        referral=old,
        person_label="x",
        recipient=officer,
        recipient_role="Officer",
        information="i",
        purpose="p",
        channel="page",
        disclosed_at=timezone.now() - timedelta(days=365 * 5),
    )

    purge()

    recent.refresh_from_db()
    assert recent.referral is None and recent.person is None and recent.person_label == "x"


def test_dry_run_counts_and_changes_nothing(officer, lead_protocol):
    old = file_referral(officer=officer)
    age(old, 8)

    assert purge(dry_run=True).referrals == 1
    assert Referral.objects.filter(pk=old.pk).exists()


def test_the_command_reports_what_it_removed(officer, lead_protocol):
    age(file_referral(officer=officer), 8)
    out = StringIO()

    call_command("purge_expired_records", stdout=out)

    assert "removed: 1 referrals, 1 people" in out.getvalue()
    assert not ReleaseOfInformation.objects.exists()
