"""Each agency's identity provider: OpenID Connect sign-in, the rules that turn
its claims and groups into LEAD roles, and the accounts and groups it
provisions over SCIM 2.0."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models

from lead_ops.accounts.models import Agency, User
from lead_ops.accounts.roles import Role

# An identity provider may not make site administrators: a compromised or
# misconfigured directory must not mint accounts that administer every agency.
PROVIDER_ASSIGNABLE_ROLES = [(role.value, role.label) for role in Role if role != Role.ADMINISTRATOR]


class IdentityProvider(models.Model):
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="identity_providers",
        help_text="The agency whose people sign in here. Only that agency's accounts are ever matched or made.",
    )
    name = models.CharField(max_length=100, help_text='Shown on the sign-in page as "Sign in with <name>".')
    slug = models.SlugField(
        max_length=50, unique=True, help_text="In the sign-in and redirect URLs: /accounts/sso/<slug>/callback/."
    )
    enabled = models.BooleanField(default=True)
    issuer = models.URLField(
        max_length=300,
        help_text="The provider's issuer URL, exactly as its ID tokens name it "
        "(Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0).",
    )
    client_id = models.CharField(max_length=200)
    client_secret_encrypted = models.TextField(
        blank=True, editable=False, help_text="The client secret, encrypted with LEAD_SECRETS_KEY."
    )
    client_secret_env = models.CharField(
        max_length=100,
        blank=True,
        help_text="Or the name of an environment variable that holds the client secret (read at each sign-in).",
    )
    scopes = models.CharField(max_length=200, default="openid profile email")
    username_claim = models.CharField(
        max_length=100, default="preferred_username", help_text="The claim that carries the LEAD username."
    )
    email_claim = models.CharField(max_length=100, default="email", blank=True)
    badge_claim = models.CharField(
        max_length=100, blank=True, help_text="The claim with the badge number, e.g. employeeid; blank for none."
    )
    unit_claim = models.CharField(
        max_length=100, blank=True, help_text="The claim naming the person's unit (matched to the agency's unit names)."
    )
    groups_claim = models.CharField(
        max_length=100,
        default="groups",
        blank=True,
        help_text="The claim listing the person's groups or app roles (Entra ID: groups or roles).",
    )
    create_unknown_users = models.BooleanField(
        default=False,
        help_text="Just-in-time provisioning: a person the provider vouches for but LEAD does not know gets an "
        "account, with no role until a rule gives one. Off: they are refused.",
    )
    provider_does_second_factor = models.BooleanField(
        default=True,
        help_text="The provider requires multi-factor sign-in (e.g. an Entra ID conditional access policy): "
        "LEAD asks for no second code. Roles that need a passkey still need one.",
    )
    scim_token_digest = models.CharField(max_length=64, blank=True, editable=False)
    scim_token_hint = models.CharField(
        max_length=8,
        blank=True,
        editable=False,
        help_text="The last characters of the SCIM token, to tell tokens apart.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if "openid" not in self.scopes.split():
            raise ValidationError({"scopes": 'The scopes must include "openid".'})


class RoleRule(models.Model):
    """When the person's claim (or SCIM group) holds the value, they get the role."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="role_rules")
    claim = models.CharField(
        max_length=100,
        default="groups",
        help_text="A claim of the ID token or user info (dotted for nested claims, e.g. realm_access.roles). "
        '"groups" also matches the groups the provider sends over SCIM.',
    )
    value = models.CharField(max_length=200, help_text="A group name, group id or role value, matched exactly.")
    role = models.CharField(max_length=40, choices=PROVIDER_ASSIGNABLE_ROLES)

    class Meta:
        ordering = ["provider", "role", "claim", "value"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "claim", "value", "role"], name="sso_role_rule_unique"),
        ]

    def __str__(self):
        return f"{self.claim} ∋ {self.value} → {self.role}"


class ProviderAccount(models.Model):
    """A LEAD account as one identity provider knows it: the OpenID subject it
    signs in as, and the SCIM resource the provider manages."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.PROTECT, related_name="accounts")
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="provider_account")
    scim_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.CharField(max_length=255, blank=True, help_text="The OpenID Connect sub; set at first sign-in.")
    user_name = models.CharField(max_length=150, help_text="The provider's userName for the person.")
    external_id = models.CharField(max_length=255, blank=True)
    roles_from_claims = models.JSONField(
        default=list, blank=True, help_text="The roles the last sign-in's claims gave (SCIM groups add to these)."
    )
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["provider", "user_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], condition=~models.Q(subject=""), name="sso_account_subject_unique"
            ),
            models.UniqueConstraint(fields=["provider", "user_name"], name="sso_account_user_name_unique"),
        ]

    def __str__(self):
        return f"{self.user_name} at {self.provider}"


class ProviderGroup(models.Model):
    """A group the provider sends over SCIM; role rules on "groups" match its name or external id."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="groups")
    scim_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(max_length=200)
    external_id = models.CharField(max_length=255, blank=True)
    members = models.ManyToManyField(ProviderAccount, blank=True, related_name="groups")

    class Meta:
        ordering = ["provider", "display_name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "display_name"], name="sso_group_name_unique"),
        ]

    def __str__(self):
        return self.display_name
