from .case_management import Intake, ReleaseOfInformation
from .disclosure import Disclosure
from .people import Person, PersonAlias, PersonIdentifier
from .protocol import DecisionReason, EligibilityCriterion, Offense, ReferralRoute
from .referral import Decision, Referral, ReferralDraft
from .review import Review

__all__ = [
    "Decision",
    "DecisionReason",
    "Disclosure",
    "EligibilityCriterion",
    "Intake",
    "Offense",
    "Person",
    "PersonAlias",
    "PersonIdentifier",
    "Referral",
    "ReferralDraft",
    "ReferralRoute",
    "ReleaseOfInformation",
    "Review",
]
