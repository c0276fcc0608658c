"""What a site configures in the admin: referral routes, offenses and the
reasons officers give. Each save is validated and audited like any other write."""

from django.db import transaction

from lead_ops.audit.services import audited_save
from referrals.models import DecisionReason, Offense, ReferralRoute


@transaction.atomic
def referral_route_save(*, route: ReferralRoute, actor=None, changed=()) -> ReferralRoute:
    """A route is data (routes are rows, not code): its flags decide what it asks."""
    return audited_save(instance=route, actor=actor, changed=changed)


@transaction.atomic
def offense_save(*, offense: Offense, agencies=None, actor=None, changed=()) -> Offense:
    """An offense, and (when given) the agencies that alone charge it: none, every agency."""
    audited_save(instance=offense, actor=actor, changed=changed)
    if agencies is not None:
        offense.agencies.set(agencies)
    return offense


@transaction.atomic
def decision_reason_save(*, reason: DecisionReason, actor=None, changed=()) -> DecisionReason:
    return audited_save(instance=reason, actor=actor, changed=changed)
