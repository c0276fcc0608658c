from .people import Person, PersonAlias, PersonIdentifier
from .protocol import DecisionReason, EligibilityCriterion, Offense, ReferralRoute
from .referral import Decision, Referral, ReferralDraft

__all__ = [
    "Decision",
    "DecisionReason",
    "EligibilityCriterion",
    "Offense",
    "Person",
    "PersonAlias",
    "PersonIdentifier",
    "Referral",
    "ReferralDraft",
    "ReferralRoute",
]
