"""Community referrals past retention go, with their history; a screened one
with its referral, never before it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from referrals.models import Person, Referral

from ..models import CommunityReferral, TriageStep
from .factories import make_project_manager, make_referrer, refer, screen

pytestmark = pytest.mark.usefixtures("lead_protocol")


def age(*, community=None, referral=None, years=8):
    then = timezone.now() - timedelta(days=365 * years)
    if community is not None:
        CommunityReferral.objects.filter(pk=community.pk).update(updated_at=then)
    if referral is not None:
        Referral.objects.filter(pk=referral.pk).update(updated_at=then)
        Person.objects.filter(pk=referral.person_id).update(created_at=then)


def test_the_purge_takes_old_community_referrals_and_a_screened_one_with_its_referral(db):
    referrer, manager = make_referrer(), make_project_manager()
    old_unscreened, recent = refer(referrer), refer(referrer)
    screened = refer(referrer)
    referral = screen(screened, manager)
    kept_screened = refer(referrer)
    kept_referral = screen(kept_screened, manager)
    age(community=old_unscreened)
    age(referral=referral)  # the community referral itself was touched recently: its referral decides
    age(community=kept_screened)  # old, but its referral is not: it stays with it

    out = StringIO()
    call_command("purge_expired_records", stdout=out)

    assert "2 community referrals" in out.getvalue()
    assert set(CommunityReferral.objects.values_list("pk", flat=True)) == {recent.pk, kept_screened.pk}
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert Referral.objects.filter(pk=kept_referral.pk).exists()
    assert not TriageStep.objects.filter(community_referral_id__in=[old_unscreened.pk, screened.pk]).exists()


def test_a_dry_run_counts_and_removes_nothing(db):
    row = refer(make_referrer())
    age(community=row)
    out = StringIO()
    call_command("purge_expired_records", "--dry-run", stdout=out)
    assert "would remove" in out.getvalue() and "1 community referrals" in out.getvalue()
    assert CommunityReferral.objects.filter(pk=row.pk).exists()
