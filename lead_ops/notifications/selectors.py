from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .kinds import label_of
from .models import Notification

GROUPS_SHOWN = 60


@dataclass(frozen=True)
class NoticeGroup:
    """The notices of one kind on one day: one line on the notifications page."""

    kind: str
    day: date
    total: int
    unread: int
    latest_at: datetime

    @property
    def label(self) -> str:
        return label_of(self.kind)


def notifications_for(user, *, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit])


def _of_group(user, kind: str, day: date):
    return (
        Notification.objects.filter(recipient=user, kind=kind)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .filter(day=day)
    )


def notification_groups_for(user, *, limit: int = GROUPS_SHOWN) -> list[NoticeGroup]:
    """The user's notices, one group per kind and local day, the newest first."""
    rows = (
        Notification.objects.filter(recipient=user)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("kind", "day")
        .annotate(total=Count("id"), unread=Count("id", filter=Q(read_at__isnull=True)), latest_at=Max("created_at"))
        .order_by("-day", "-latest_at", "kind")[:limit]
    )
    return [NoticeGroup(**row) for row in rows]


def notifications_in_group(user, *, kind: str, day: date, limit: int = 200) -> list[Notification]:
    return list(_of_group(user, kind, day).order_by("-created_at", "-id")[:limit])


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
