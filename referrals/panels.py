"""Home-page panels from the referrals app."""

from lead_ops.home import HomePanel

from .rules import can_file_referral
from .selectors.referrals import drafts_of, recent_referrals_of


def _my_referrals(user) -> dict:
    return {"referrals": recent_referrals_of(user), "drafts": list(drafts_of(user)[:5])}


my_referrals = HomePanel(
    key="my-referrals",
    title="My referrals",
    template="referrals/_my_referrals_panel.html",
    allowed=can_file_referral,
    context=_my_referrals,
    order=10,
)
