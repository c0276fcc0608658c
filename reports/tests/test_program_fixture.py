from referrals.models import Referral


def test_the_program_is_built_as_described(program):
    refs = program.referrals
    assert Referral.objects.count() == 14
    assert refs["bo"].current_decision.outcome == "divert"
    assert refs["bx"].eligibility_status == "not_eligible"
    assert refs["c1"].status == "approved"
    assert refs["a1"].status == "intake_done" and refs["a3"].status == "handed_off"
