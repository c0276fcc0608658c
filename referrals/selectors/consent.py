"""Reads about releases of information and disclosures."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from referrals.models import Disclosure, Referral, ReleaseOfInformation


def _active(on) -> Q:
    return Q(signed_on__lte=on, expires_on__gte=on) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))


def active_release(referral: Referral, *, on=None) -> ReleaseOfInformation | None:
    on = on or timezone.localdate()
    return referral.releases.filter(_active(on)).order_by("-signed_on", "-id").first()


def latest_release(referral: Referral) -> ReleaseOfInformation | None:
    return referral.releases.order_by("-signed_on", "-id").first()


def _releases_in_force(on):
    return ReleaseOfInformation.objects.filter(_active(on), referral=OuterRef("pk"))


def with_release_in_force(referrals: QuerySet[Referral], *, on=None) -> QuerySet[Referral]:
    """Each referral annotated, in the same query, with the release in force
    (active_release_id, the latest signed; None without one)."""
    on = on or timezone.localdate()
    latest = _releases_in_force(on).order_by("-signed_on", "-id").values("pk")[:1]
    return referrals.annotate(active_release_id=Subquery(latest))


def with_consent(referrals: QuerySet[Referral], *, on=None) -> QuerySet[Referral]:
    """with_release_in_force, and whether there is one (consent_active)."""
    on = on or timezone.localdate()
    return with_release_in_force(referrals, on=on).annotate(consent_active=Exists(_releases_in_force(on)))


def disclosures_of(person) -> QuerySet[Disclosure]:
    """The accounting of disclosures for one person, newest first."""
    return Disclosure.objects.filter(person=person).select_related("recipient").order_by("-disclosed_at", "-id")
