"""Writes for referrals: the only way in for views, forms, admin, tasks and demo data."""

from .drafts import referral_draft_discard, referral_draft_save
from .people import person_add_alias, person_create, person_reindex
from .submission import DecisionInput, PersonInput, ReferralAnswers, Screening, referral_submit, screen

__all__ = [
    "DecisionInput",
    "PersonInput",
    "ReferralAnswers",
    "Screening",
    "person_add_alias",
    "person_create",
    "person_reindex",
    "referral_draft_discard",
    "referral_draft_save",
    "referral_submit",
    "screen",
]
