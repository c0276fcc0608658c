from django import template

from sso.models import IdentityProvider

register = template.Library()


@register.simple_tag
def sign_in_providers():
    """The identity providers the sign-in page offers, one button each."""
    return list(IdentityProvider.objects.filter(enabled=True).order_by("name").only("name", "slug"))
