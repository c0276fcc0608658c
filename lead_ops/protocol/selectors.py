from django.db.models import QuerySet
from django.utils import timezone

from .models import ProtocolVersion


def protocol_in_force(*, on=None) -> QuerySet[ProtocolVersion]:
    """The published versions in effect on a date (today by default), the one in
    force first: for a caller that reads more about it in the same query."""
    on = on or timezone.localdate()
    return ProtocolVersion.objects.filter(published_at__isnull=False, effective_from__lte=on).order_by("-number")


def protocol_current(*, on=None) -> ProtocolVersion | None:
    """The published version in force on a date (today by default)."""
    return protocol_in_force(on=on).first()


def protocol_published() -> "list[ProtocolVersion]":
    return list(ProtocolVersion.objects.filter(published_at__isnull=False).order_by("-number"))
