from django.utils import timezone

from .models import ProtocolVersion


def protocol_current(*, on=None) -> ProtocolVersion | None:
    """The published version in force on a date (today by default)."""
    on = on or timezone.localdate()
    return (
        ProtocolVersion.objects.filter(published_at__isnull=False, effective_from__lte=on).order_by("-number").first()
    )


def protocol_published() -> "list[ProtocolVersion]":
    return list(ProtocolVersion.objects.filter(published_at__isnull=False).order_by("-number"))
