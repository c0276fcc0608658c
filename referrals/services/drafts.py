"""Drafts: an officer's unfinished referral, saved as they type."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from referrals.models import ReferralDraft, ReferralRoute

# Form fields never worth keeping in a draft.
_NOT_KEPT = {"csrfmiddlewaretoken", "token", "decision"}
MAX_DRAFT_VALUE_LENGTH = 4000


@transaction.atomic
def referral_draft_save(
    *, officer, token: uuid.UUID, route: ReferralRoute | None, form_data, started_by: str = ""
) -> ReferralDraft:
    """Keep what the officer has typed so far (raw, unvalidated: it is not a
    referral). A token belongs to one officer; another officer's token is refused.
    started_by names a system that started the draft for the officer (the RMS
    prefill): the audit then records it, not the officer, as the actor."""
    answers = {
        key: [value[:MAX_DRAFT_VALUE_LENGTH] for value in values]
        for key, values in form_data.lists()
        if key not in _NOT_KEPT
    }
    draft, created = ReferralDraft.objects.select_for_update().get_or_create(
        token=token, defaults={"officer": officer, "route": route, "answers": answers}
    )
    if draft.officer_id != officer.pk:
        raise PermissionDenied("This draft belongs to another officer.")
    if created:
        # Audited once when started, not on every keystroke's autosave.
        audit.record(
            action=AuditEvent.Action.CREATE,
            actor=None if started_by else officer,
            actor_username=started_by,
            target=draft,
            summary=f"Referral draft started for {officer.username}" if started_by else "Referral draft started",
        )
    else:
        draft.route = route
        draft.answers = answers
        draft.save(update_fields=["route", "answers", "updated_at"])
    return draft


@transaction.atomic
def referral_draft_discard(*, officer, token: uuid.UUID) -> int:
    deleted, _ = ReferralDraft.objects.filter(token=token, officer=officer).delete()
    if deleted:
        audit.record(
            action=AuditEvent.Action.DELETE,
            actor=officer,
            object_type="referrals.referraldraft",
            summary="Referral draft discarded",
            detail={"token": str(token)},
        )
    return deleted
