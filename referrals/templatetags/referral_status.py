"""{{ referral|status_for:user }}: the status a user may see (see referrals.consent)."""

from django import template
from django.utils import timezone

from referrals.consent import status_label
from referrals.selectors.consent import active_release

register = template.Library()


@register.filter
def status_for(referral, user) -> str:
    consent = getattr(referral, "consent_active", None)
    if consent is None and "releases" in getattr(referral, "_prefetched_objects_cache", {}):
        today = timezone.localdate()
        consent = any(release.is_active_on(today) for release in referral.releases.all())
    if consent is None:  # neither annotated nor prefetched by the page's selector: one query
        consent = active_release(referral) is not None
    return status_label(user, referral, consent_active=consent)
