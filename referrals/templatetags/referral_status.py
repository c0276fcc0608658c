"""{{ referral|status_for:user }}: the status a user may see (see referrals.consent)."""

from django import template

from referrals.consent import status_label

register = template.Library()


@register.filter
def status_for(referral, user) -> str:
    return status_label(user, referral)
