"""Every write about webhooks: subscriptions (made and rotated in the admin, or
by a client with the webhooks:manage scope), the fan-out of an event to the
subscriptions that may hear it, each delivery attempt, and the admin's replay."""

import json
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lead_ops import audit, events
from lead_ops.audit.models import AuditEvent

from . import signing
from .models import Delivery, Event, Subscription

USER_AGENT = "LEAD-Ops-Webhooks/1"


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 30 s, doubling, at most 15 min.
    With the default 16 attempts that covers about three hours of a receiver down."""
    base, cap = settings.LEAD_WEBHOOK_BACKOFF_SECONDS, settings.LEAD_WEBHOOK_BACKOFF_CAP_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def url_problem(url: str) -> str | None:
    """Why an endpoint cannot be used, or None: https only, except to the hosts
    LEAD_WEBHOOK_HTTP_HOSTS names (a receiver on the same machine, for tests)."""
    parts = urlsplit(url or "")
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname in settings.LEAD_WEBHOOK_HTTP_HOSTS:
        return None
    return "Use an https:// address: events are signed, but only TLS keeps them private in transit."


def kinds_problem(kinds) -> str | None:
    if not kinds or not isinstance(kinds, list | tuple) or any(kind not in events.KINDS for kind in kinds):
        return "Choose one or more of: " + ", ".join(events.KINDS) + "."
    return None


def _check(subscription: Subscription) -> None:
    problems = {}
    if message := url_problem(subscription.url):
        problems["url"] = message
    if message := kinds_problem(subscription.kinds):
        problems["kinds"] = message
    if problems:
        raise ValidationError(problems)
    subscription.full_clean(exclude=["secret"])


@transaction.atomic
def subscription_create(*, client, url: str, kinds, actor=None) -> tuple[Subscription, str]:
    """A new subscription and its signing secret, which is shown this once."""
    secret = signing.new_secret()
    subscription = Subscription(client=client, url=url, kinds=sorted(set(kinds or [])), secret=secret)
    _check(subscription)
    subscription.save()
    audit.record(
        action=AuditEvent.Action.CREATE, actor=actor, target=subscription, detail={"kinds": subscription.kinds}
    )
    return subscription, secret


@transaction.atomic
def subscription_save(*, subscription: Subscription, actor=None, changed=()) -> Subscription:
    subscription.kinds = sorted(set(subscription.kinds or []))
    _check(subscription)
    subscription.save()
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=subscription, detail={"fields": sorted(changed)})
    return subscription


@transaction.atomic
def subscription_secret_rotate(*, subscription: Subscription, actor=None) -> str:
    subscription.secret = signing.new_secret()
    subscription.save(update_fields=["secret"])
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=subscription, summary="Signing secret rotated")
    return subscription.secret


@transaction.atomic
def subscription_delete(*, subscription: Subscription, actor=None) -> None:
    audit.record(action=AuditEvent.Action.DELETE, actor=actor, target=subscription, summary=str(subscription)[:255])
    subscription.delete()


# Events about the whole program, told to every agency's systems. A referral's
# events are about its police agency's referral; one with no agency (a community
# referral the project team screened) is no police agency's to hear.
PROGRAM_WIDE = frozenset({events.ISSUE_RESOLVED})


def hears(subscription: Subscription, event: events.Event) -> bool:
    """Whether a subscription is sent an event: it asked for the kind, it and its
    client are active, and the event is about the client's own agency (or, for
    the kinds that are, the whole program's)."""
    client = subscription.client
    about_its_agency = event.agency_id == client.agency_id if event.agency_id is not None else False
    return (
        subscription.is_active
        and client.is_active
        and event.kind in subscription.kinds
        and (about_its_agency or (event.agency_id is None and event.kind in PROGRAM_WIDE))
    )


def event_fan_out(event: events.Event) -> list[Delivery]:
    """The listener: store the event once (by its key) for the subscriptions
    that hear it, and queue a delivery to each. An event nobody hears is not kept."""
    subscriptions = [
        subscription
        for subscription in Subscription.objects.filter(is_active=True, client__is_active=True).select_related("client")
        if hears(subscription, event)
    ]
    if not subscriptions:
        return []
    with transaction.atomic():
        stored, created = Event.objects.get_or_create(
            key=event.key,
            defaults={
                "kind": event.kind,
                "agency_id": event.agency_id,
                "data": event.data,
                "occurred_at": event.occurred_at,
            },
        )
        if not created:
            return []
        deliveries = Delivery.objects.bulk_create(
            Delivery(event=stored, subscription=subscription, next_attempt_at=event.occurred_at)
            for subscription in subscriptions
        )
        ids = list(Delivery.objects.filter(event=stored).values_list("pk", flat=True))
        transaction.on_commit(lambda: _enqueue(ids))
    return deliveries


def _enqueue(ids: list[int]) -> None:
    from .tasks import webhook_deliver_task

    for delivery_id in ids:
        try:
            webhook_deliver_task.delay(delivery_id)
        except Exception:  # noqa: BLE001  (the broker is down: the sweep sends it)
            return


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 3xx is an answer, not an instruction: the delivery failed


_opener = urllib.request.build_opener(_NoRedirects)


def _claim(delivery_id: int, now) -> bool:
    """Take a due delivery for one attempt: a lease, so two workers (or the task
    and the sweep) never send it at the same time."""
    lease = now + timedelta(seconds=settings.LEAD_WEBHOOK_TIMEOUT_SECONDS * 3)
    return bool(
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now).update(
            next_attempt_at=lease
        )
    )


def _post(delivery: Delivery, now) -> tuple[int | None, str]:
    if url_problem(delivery.subscription.url):
        return None, "The address is not https (or an allowed local host)."
    body = json.dumps(delivery.event.payload(), separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(time.time())  # the moment it is sent, whatever schedule `now` kept
    request = urllib.request.Request(  # noqa: S310  (url_problem checked the scheme above)
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            signing.HEADER: signing.signature_header(delivery.subscription.secret, timestamp, body),
            "X-LEAD-Event": delivery.event.kind,
            "X-LEAD-Event-Id": str(delivery.event.pk),
            "X-LEAD-Delivery": str(delivery.pk),
        },
    )
    try:
        # The scheme was checked when the subscription was saved (url_problem): https, or http to a named host.
        with _opener.open(request, timeout=settings.LEAD_WEBHOOK_TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:255] or type(error).__name__


def delivery_attempt(*, delivery_id: int, now=None) -> Delivery | None:
    """One attempt, if the delivery is due: sent signed, then recorded. A 2xx
    delivers it; anything else waits by back-off and tries again, until the last
    attempt gives up. Safe to call twice: a delivery not due is left alone."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = Delivery.objects.select_related("event", "subscription").get(pk=delivery_id)
    code, error = _post(delivery, now)
    delivery.attempts += 1
    delivery.last_attempt_at, delivery.last_status_code, delivery.last_error = now, code, error
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = Delivery.Status.DELIVERED, now, None
        delivery.times_delivered += 1  # the row is ours while the lease holds
    elif delivery.attempts >= settings.LEAD_WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save(
        update_fields=[
            "status",
            "attempts",
            "next_attempt_at",
            "last_attempt_at",
            "last_status_code",
            "last_error",
            "delivered_at",
            "times_delivered",
        ]
    )
    return delivery


def deliveries_due(now=None) -> list[int]:
    now = now or timezone.now()
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
    return list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:500])


def webhook_sweep(*, now=None) -> int:
    """Send every delivery that is due (beat runs this every minute): what a
    lost task, a restarted worker or a receiver that was down left waiting."""
    sent = 0
    for delivery_id in deliveries_due(now):
        if delivery_attempt(delivery_id=delivery_id, now=now) is not None:
            sent += 1
    return sent


@transaction.atomic
def delivery_replay(*, delivery: Delivery, actor) -> Delivery:
    """Send a delivery again (from the admin): a failed one gets a new round of
    attempts; a delivered one is sent once more, with the same event id."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    delivery.status, delivery.attempts, delivery.next_attempt_at = Delivery.Status.PENDING, 0, timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=delivery, summary="Webhook delivery replayed")
    transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery
