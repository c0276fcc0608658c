"""Changing eligibility criteria: always through a new protocol version."""

from django.core.exceptions import ValidationError
from django.db import transaction

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from lead_ops.protocol.models import ProtocolVersion
from lead_ops.protocol.services import protocol_version_draft
from referrals.models import EligibilityCriterion


@transaction.atomic
def protocol_draft_from(*, version: ProtocolVersion, actor=None) -> ProtocolVersion:
    """Start the next protocol version as a copy of this one, criteria included.
    The site edits the draft's criteria and publishes it; referrals already
    judged keep the version (and per-criterion outcomes) they were judged under."""
    draft = protocol_version_draft(
        title=version.title,
        text=version.text,
        summary_of_changes=f"Changes from version {version.number}: ",
        actor=actor,
    )
    for criterion in version.criteria.prefetch_related("routes", "offenses", "agencies"):
        routes, offenses = list(criterion.routes.all()), list(criterion.offenses.all())
        agencies = list(criterion.agencies.all())
        # A new row: forget the old one's prefetched relations, or set() would
        # compare against them and add nothing.
        criterion.pk, criterion.protocol_version, criterion._prefetched_objects_cache = None, draft, {}
        criterion.save()
        criterion.routes.set(routes)
        criterion.offenses.set(offenses)
        criterion.agencies.set(agencies)
    audit.record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        target=draft,
        summary=f"Draft version {draft.number} started from version {version.number}",
    )
    return draft


def criterion_check_editable(criterion: EligibilityCriterion) -> None:
    if criterion.protocol_version_id and criterion.protocol_version.is_published:
        raise ValidationError(
            f"Version {criterion.protocol_version.number} is published: its criteria are a record of what was "
            "in force. Start a new draft version to change them."
        )


@transaction.atomic
def criterion_save(
    *, criterion: EligibilityCriterion, routes, offenses, agencies=(), actor=None
) -> EligibilityCriterion:
    """A draft version's criterion with the routes, offenses and agencies it applies
    to (no agencies: every agency's referrals)."""
    criterion_check_editable(criterion)
    creating = criterion.pk is None
    criterion.full_clean()
    criterion.save()
    criterion.routes.set(routes)
    criterion.offenses.set(offenses)
    criterion.agencies.set(agencies)
    audit.record(
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE, actor=actor, target=criterion
    )
    return criterion
