"""The referrer's word: a pure function, checked over every pair of statuses."""

from hypothesis import given
from hypothesis import strategies as st

from referrals.models import Referral

from ..models import CommunityReferral
from ..status import CLOSED, RECEIVED, REFERRER_STATUSES, referrer_status

statuses = st.sampled_from(CommunityReferral.Status.values)
referral_statuses = st.one_of(st.none(), st.sampled_from(Referral.Status.values))


@given(statuses, referral_statuses)
def test_the_referrer_only_ever_reads_one_of_three_words(status, referral_status):
    assert referrer_status(status, referral_status) in REFERRER_STATUSES


@given(referral_statuses)
def test_declined_and_handed_off_read_the_same(referral_status):
    handed_off = referrer_status(CommunityReferral.Status.SCREENED, Referral.Status.HANDED_OFF)
    assert referrer_status(CommunityReferral.Status.DECLINED, referral_status) == handed_off == CLOSED


@given(st.sampled_from([Referral.Status.HANDED_OFF, Referral.Status.INTAKE_DONE, Referral.Status.INTAKE_OVERDUE]))
def test_nothing_after_the_hand_off_shows(referral_status):
    # Intake done, overdue or pending: the same word (42 CFR Part 2 and the Golden Rule).
    assert referrer_status(CommunityReferral.Status.SCREENED, referral_status) == CLOSED


def test_only_a_referral_nobody_has_touched_reads_received():
    assert referrer_status(CommunityReferral.Status.RECEIVED, None) == RECEIVED
    for status in CommunityReferral.Status.values:
        if status != CommunityReferral.Status.RECEIVED:
            assert referrer_status(status, None) != RECEIVED
