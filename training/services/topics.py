"""Writes about topics, their requirements per role, and peer trainers."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lead_ops import audit
from lead_ops.accounts.models import User
from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent

from ..models import PeerTrainer, Topic, TopicRequirement, TrainingRecord

# --- Topics -------------------------------------------------------------------------


@transaction.atomic
def topic_create(
    *,
    code: str,
    name: str,
    refresher_months: int | None,
    description: str = "",
    required_roles: Iterable[str] = (),
    is_active: bool = True,
    actor=None,
) -> Topic:
    topic = Topic(
        code=code.strip(),
        name=name.strip(),
        refresher_months=refresher_months,
        description=description.strip(),
        is_active=is_active,
    )
    topic.full_clean()
    topic.save()
    roles = _set_requirements(topic, required_roles)
    audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=topic, detail={"required_roles": roles})
    return topic


@transaction.atomic
def topic_update(
    *,
    topic: Topic,
    code: str,
    name: str,
    refresher_months: int | None,
    description: str = "",
    required_roles: Iterable[str] = (),
    is_active: bool = True,
    actor=None,
) -> Topic:
    """A changed refresher interval applies to every completion of the topic,
    past ones included: the expiry dates are recomputed so that everyone is
    judged by the rule in force."""
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    interval_changed = topic.refresher_months != refresher_months
    topic.code, topic.name, topic.description = code.strip(), name.strip(), description.strip()
    topic.refresher_months, topic.is_active = refresher_months, is_active
    topic.full_clean()
    topic.save()
    roles = _set_requirements(topic, required_roles)
    recomputed = _recompute_expiry(topic) if interval_changed else 0
    audit.record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        target=topic,
        detail={"required_roles": roles, "refresher_months": refresher_months, "expiry_recomputed": recomputed},
    )
    return topic


def _set_requirements(topic: Topic, roles: Iterable[str]) -> list[str]:
    roles = sorted({Role(role).value for role in roles})
    topic.requirements.exclude(role__in=roles).delete()
    existing = set(topic.requirements.values_list("role", flat=True))
    for role in roles:
        if role not in existing:
            requirement = TopicRequirement(topic=topic, role=role)
            requirement.full_clean(validate_constraints=False)
            requirement.save()
    return roles


def _recompute_expiry(topic: Topic) -> int:
    records = list(TrainingRecord.objects.filter(topic=topic))
    for record in records:
        record.expires_on = topic.expiry_for(record.completed_on)
    TrainingRecord.objects.bulk_update(records, ["expires_on"], batch_size=500)
    return len(records)


# --- Peer trainers --------------------------------------------------------------------


@transaction.atomic
def peer_trainer_flag(*, user: User, note: str = "", actor=None) -> PeerTrainer:
    """Flag an officer or sergeant as a peer trainer (again, if they had stopped)."""
    trainer = PeerTrainer.objects.select_for_update().filter(user=user).first()
    if trainer is not None and trainer.is_active:
        raise ValidationError({"user": f"{user.display_name} is already a peer trainer."})
    trainer = trainer or PeerTrainer(user=user)
    trainer.is_active, trainer.note = True, note.strip()
    if trainer.pk:
        trainer.since = timezone.localdate()
    trainer.full_clean()
    trainer.save()
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=user, summary="Flagged as a peer trainer")
    return trainer


@transaction.atomic
def peer_trainer_retire(*, trainer: PeerTrainer, actor=None) -> PeerTrainer:
    """They stop being offered as a trainer; the sessions they led keep them."""
    trainer = PeerTrainer.objects.select_for_update().get(pk=trainer.pk)
    trainer.is_active = False
    trainer.save(update_fields=["is_active"])
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=trainer.user, summary="No longer a peer trainer")
    return trainer
