"""Home-page panels and navigation of the community door."""

from lead_ops import home, navigation
from lead_ops.notifications import kinds as notification_kinds
from referrals.models import Referral

from .models import CommunityReferral
from .rules import can_refer, can_triage, can_verify
from .selectors import community_referrals_visible_to, referrer_rows, triage_count, triage_queue, verification_queue

PANEL_ROWS = 5


def _mine(user) -> dict:
    return {"rows": referrer_rows(user, limit=PANEL_ROWS)}


def _triage(user) -> dict:
    queue = triage_queue(user, limit=PANEL_ROWS)
    waiting = (
        Referral.objects.filter(community_referral__in=community_referrals_visible_to(user))
        .filter(status__in=Referral.READY_FOR_HAND_OFF)
        .select_related("person")
        .order_by("submitted_at")
    )
    return {"count": triage_count(user), "rows": queue, "waiting": list(waiting[:PANEL_ROWS])}


def _to_verify(user) -> dict:
    return {"rows": verification_queue(user, limit=PANEL_ROWS)}


def _waiting_referrals(context: dict):
    # The community referrals are audited by the selectors that listed them.
    return context.get("waiting", [])


home.register_panel(
    home.HomePanel(
        key="community-mine",
        title="Your community referrals",
        template="community/_mine_panel.html",
        allowed=can_refer,
        context=_mine,
        order=1,
        wide=True,
        for_partners=True,
    )
)
home.register_panel(
    home.HomePanel(
        key="community-triage",
        title="Community referrals to triage",
        template="community/_triage_panel.html",
        allowed=can_triage,
        context=_triage,
        order=2,
        shows=_waiting_referrals,
    )
)
home.register_panel(
    home.HomePanel(
        key="community-verify",
        title="Community referrals to verify",
        template="community/_verify_panel.html",
        allowed=can_verify,
        context=_to_verify,
        order=3,
    )
)

navigation.register(navigation.NavItem("Refer someone", "community:refer", can_refer, order=10))
navigation.register(navigation.NavItem("My referrals", "community:mine", can_refer, order=20))
navigation.register(
    navigation.NavItem(
        "Triage",
        "community:triage",
        can_triage,
        order=12,
        badge=lambda user: triage_count(user, status=CommunityReferral.Status.RECEIVED),
    )
)
# Designated officers reach their verifications from the home panel and the
# notice each request sends: a sergeant's navigation has no room for one more entry.
notification_kinds.register("community_referral", "Community referrals received")
notification_kinds.register("community_verification", "Community referrals to verify")
