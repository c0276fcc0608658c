from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lead_ops import audit
from lead_ops.audit.models import AuditEvent

from .models import ProtocolVersion


@transaction.atomic
def protocol_version_draft(*, title: str, text: str, summary_of_changes: str = "", actor=None) -> ProtocolVersion:
    """Start the next version. Numbers only go up, so a referral's version number
    always says which rules judged it."""
    latest = ProtocolVersion.objects.select_for_update().aggregate(latest=Max("number"))["latest"] or 0
    version = ProtocolVersion(number=latest + 1, title=title, text=text, summary_of_changes=summary_of_changes)
    version.full_clean()
    version.save()
    audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=version)
    return version


@transaction.atomic
def protocol_version_publish(*, version: ProtocolVersion, effective_from: date, actor=None) -> ProtocolVersion:
    version = ProtocolVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(f"Version {version.number} was already published on {version.published_at:%Y-%m-%d}.")
    version.effective_from = effective_from
    version.published_at = timezone.now()
    version.published_by = actor if getattr(actor, "is_authenticated", False) else None
    version.full_clean()
    version.save(update_fields=["effective_from", "published_at", "published_by"])
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        target=version,
        summary=f"Published protocol version {version.number}",
        detail={"effective_from": effective_from.isoformat()},
    )
    return version
