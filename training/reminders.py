"""Which reminders are due: a read shared by the daily dispatch task and the
service that sends them."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef

from .expiry import DUE_SOON_DAYS
from .models import TrainingRecord, TrainingReminder
from .standing import required_topics_by_role, roles_of

EXPIRED_CATCH_UP_DAYS = 30
"""An expiry reminder still goes out this many days late (the beat was paused,
a worker was down); older expiries are left to the "My training" page rather
than filling inboxes with news about records imported long after they lapsed."""


@dataclass(frozen=True)
class DueReminder:
    record: TrainingRecord
    kind: TrainingReminder.Kind
    days_left: int


def reminder_kind(expires_on: date, on: date) -> TrainingReminder.Kind | None:
    days_left = (expires_on - on).days
    if 0 < days_left <= DUE_SOON_DAYS:
        return TrainingReminder.Kind.DUE_SOON
    if -EXPIRED_CATCH_UP_DAYS < days_left <= 0:
        return TrainingReminder.Kind.EXPIRED
    return None


def reminders_due(*, on: date, people=None) -> dict[int, list[DueReminder]]:
    """Per person: their latest completion of each topic their roles require
    that is within 30 days of expiring or has just expired, and has not had
    that reminder yet. Three queries however many people."""
    newer = TrainingRecord.objects.filter(
        person=OuterRef("person"), topic=OuterRef("topic"), completed_on__gt=OuterRef("completed_on")
    )
    sent = TrainingReminder.objects.filter(record=OuterRef("pk"))
    records = (
        TrainingRecord.objects.filter(
            expires_on__gt=on - timedelta(days=EXPIRED_CATCH_UP_DAYS),
            expires_on__lte=on + timedelta(days=DUE_SOON_DAYS),
            person__is_active=True,
            topic__is_active=True,
        )
        .exclude(Exists(newer))
        .annotate(
            sent_due_soon=Exists(sent.filter(kind=TrainingReminder.Kind.DUE_SOON)),
            sent_expired=Exists(sent.filter(kind=TrainingReminder.Kind.EXPIRED)),
        )
        .select_related("topic")
        .order_by("person_id", "expires_on", "topic__name")
    )
    if people is not None:
        records = records.filter(person_id__in=people)
    records = list(records)
    if not records:
        return {}
    roles = roles_of(sorted({record.person_id for record in records}))
    by_role = required_topics_by_role({name for names in roles.values() for name in names})
    due: dict[int, list[DueReminder]] = defaultdict(list)
    for record in records:
        required = {topic.pk for role in roles.get(record.person_id, ()) for topic in by_role.get(role, [])}
        kind = reminder_kind(record.expires_on, on)
        already = record.sent_due_soon if kind == TrainingReminder.Kind.DUE_SOON else record.sent_expired
        if record.topic_id in required and kind is not None and not already:
            due[record.person_id].append(DueReminder(record, kind, (record.expires_on - on).days))
    return dict(due)
