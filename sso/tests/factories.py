from lead_ops.accounts.roles import Role
from sso import client_secrets
from sso.models import IdentityProvider, RoleRule

from .identity_provider import CLIENT_ID, CLIENT_SECRET


def make_provider(agency, issuer: str, *, slug: str = "metro", **options) -> IdentityProvider:
    provider = IdentityProvider.objects.create(
        agency=agency,
        name=options.pop("name", agency.name),
        slug=slug,
        issuer=issuer,
        client_id=CLIENT_ID,
        client_secret_encrypted=client_secrets.encrypt(CLIENT_SECRET),
        badge_claim="employeeid",
        unit_claim="department",
        scopes="openid profile email groups",
        **options,
    )
    RoleRule.objects.create(provider=provider, claim="groups", value="LEAD-Officers", role=Role.OFFICER)
    RoleRule.objects.create(provider=provider, claim="groups", value="LEAD-Sergeants", role=Role.SERGEANT)
    return provider
