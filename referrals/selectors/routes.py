"""Which routes an officer files on: one rule for the form, the offline app and
the records system's prefill."""

from django.db.models import QuerySet

from referrals.models import ReferralRoute


def filing_routes() -> QuerySet[ReferralRoute]:
    """Active routes, less the community door: partners refer through it, and
    the project team or a designated officer screens what they sent
    (community.services.community_referral_screen)."""
    return ReferralRoute.objects.filter(is_active=True, is_community_door=False)


def filing_route(code: str) -> ReferralRoute | None:
    return filing_routes().filter(code=code).first() if code else None
