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


def with_consent(referrals: QuerySet[Referral], *, on=None) -> QuerySet[Referral]:
    """Each referral annotated, in the same query, with the release in force
    (active_release_id, the latest signed) and whether there is one (consent_active)."""
    on = on or timezone.localdate()
    releases = ReleaseOfInformation.objects.filter(_active(on), referral=OuterRef("pk"))
    latest = releases.order_by("-signed_on", "-id").values("pk")[:1]
    return referrals.annotate(consent_active=Exists(releases), active_release_id=Subquery(latest))


def disclosures_of(person) -> QuerySet[Disclosure]:
    """The accounting of disclosures for one person, newest first."""
    return Disclosure.objects.filter(person=person).select_related("recipient").order_by("-disclosed_at", "-id")
