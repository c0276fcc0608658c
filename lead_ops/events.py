"""What happened, said once by the service that made it happen, heard by whoever
listens: the webhooks app, today. A service calls `publish` inside its
transaction; the listeners hear the event only once that transaction commits, so
a write rolled back tells nobody. Services import this module only, and listeners
register when their app starts, so dependencies still point one way.

An event carries its kind and ids, never personal data: a receiver that wants
more asks the API, which answers through the same selectors and the same
disclosure gate as the pages."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

REFERRAL_FILED = "referral.filed"
REFERRAL_REVIEWED = "referral.reviewed"
INTAKE_DEADLINE_MISSED = "intake.deadline_missed"
ISSUE_RESOLVED = "workgroup.issue.resolved"
KINDS = (REFERRAL_FILED, REFERRAL_REVIEWED, INTAKE_DEADLINE_MISSED, ISSUE_RESOLVED)


@dataclass(frozen=True)
class Event:
    kind: str
    # What makes this event one event: told twice (a retried sweep), it is heard once.
    key: str
    # The police agency the event is about, or None for the whole program's (a workgroup issue).
    agency_id: int | None
    data: dict = field(default_factory=dict)
    occurred_at: datetime = field(default_factory=timezone.now)


_listeners: list[Callable[[Event], None]] = []
logger = logging.getLogger(__name__)


def listen(listener: Callable[[Event], None]) -> Callable[[Event], None]:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def publish(kind: str, *, key: str, agency_id: int | None = None, **ids: int) -> Event:
    if kind not in KINDS:
        raise ValueError(f"Unknown event kind {kind!r}")
    event = Event(kind=kind, key=key, agency_id=agency_id, data=dict(ids))
    transaction.on_commit(lambda: _tell(event))
    return event


def _tell(event: Event) -> None:
    # The write that made the event is committed: a listener that fails is
    # logged, and the officer's filing or the sergeant's review still stands.
    for listener in list(_listeners):
        try:
            listener(event)
        except Exception:
            logger.exception("A listener failed on %s (%s)", event.kind, event.key)
