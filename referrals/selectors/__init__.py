"""Reads for referrals and people. Each takes the acting user and returns only
what that user may see."""

from .people import people_search, people_visible_to
from .referrals import get_referral_for_user, referrals_visible_to

__all__ = ["get_referral_for_user", "people_search", "people_visible_to", "referrals_visible_to"]
