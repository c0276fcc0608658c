"""Community referrers are partners outside the program: outreach workers,
business-district, 311 and council-office staff. They refer through the
community door and see their own referrals as one word each; nothing else of
the program reaches them (not the workgroup's issue tracker, meetings or
action items, not training, not anyone's data).

One rule, asked on every request by the middleware and by the navigation: an
account whose only role is Community referrer reaches its own account pages,
the community door's pages (whose views hold the rest), the home page and
what is public anyway."""

from django.core.exceptions import PermissionDenied

from .roles import Role

PARTNER_URL_NAMES = frozenset({"home", "favicon", "health", "health-page"})
PARTNER_NAMESPACES = frozenset({"accounts", "sso", "otp_webauthn", "community", "notifications"})
REFUSAL = "This page is not part of the community referral door."


def is_partner_only(user) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and not user.is_staff
        and user.role_names == frozenset({Role.COMMUNITY_REFERRER})
    )


def partner_may_reach(url_name: str) -> bool:
    """url_name as "namespace:name" (or a bare name)."""
    namespace, _, name = url_name.rpartition(":")
    return namespace.split(":")[0] in PARTNER_NAMESPACES if namespace else name in PARTNER_URL_NAMES


class PartnerConfinementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not is_partner_only(request.user):
            return None
        if getattr(view_func, "login_required", True) is False:
            return None  # a public page is public to a partner too
        if not partner_may_reach(match.view_name or ""):
            raise PermissionDenied(REFUSAL)
        return None
