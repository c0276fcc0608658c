"""Notifying people: in the app at once, by e-mail through the outbox."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 10


def notify(*, recipient, kind: str, subject: str, body: str = "", url: str = "", dedupe_key: str | None = None):
    """Record a notification and queue its e-mail once the transaction commits.
    With a dedupe_key, the same event notifies once however often it is raised
    (a sweep run twice, a retried task). Returns None when already notified."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                subject=subject[:200],
                body=body,
                url=url,
                dedupe_key=dedupe_key,
                email_status=_email_status_for(recipient),
            )
    except IntegrityError:
        if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    if notification.email_status == Notification.EmailStatus.PENDING:
        transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _email_status_for(recipient) -> str:
    """Whom the outbox e-mails now, whom the daily digest covers, whom not at all."""
    if not recipient.email:
        return Notification.EmailStatus.NOT_SENT
    if recipient.notification_delivery == recipient.NotificationDelivery.DAILY_DIGEST:
        return Notification.EmailStatus.IN_DIGEST
    return Notification.EmailStatus.PENDING


def _enqueue(notification_id: int) -> None:
    from .tasks import notification_email_send

    try:
        notification_email_send.delay(notification_id)
    except Exception:
        logger.warning("broker unavailable; notification %s stays in the outbox", notification_id, exc_info=True)


def notification_email_send(*, notification_id: int) -> bool:
    """Send one notification's e-mail if it has not been sent. Safe to run twice:
    the row is locked and marked in the same transaction as the send."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.email_status != Notification.EmailStatus.PENDING:
            return False
        notification.email_attempts += 1
        link = f"\n\n{settings.LEAD_SITE_URL}{notification.url}" if notification.url else ""
        try:
            send_mail(
                subject=f"[{settings.LEAD_SITE_NAME}] {notification.subject}",
                message=f"{notification.body}{link}",
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
        except OSError:
            logger.warning("e-mail for notification %s failed", notification_id, exc_info=True)
            notification.save(update_fields=["email_attempts"])
            return False
        notification.email_status = Notification.EmailStatus.SENT
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["email_status", "emailed_at", "email_attempts"])
        return True


def notifications_deliver_pending(*, older_than_seconds: int = 60) -> int:
    """The outbox sweep: send what the broker never delivered."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    pending = Notification.objects.filter(
        email_status=Notification.EmailStatus.PENDING, created_at__lte=cutoff, email_attempts__lt=MAX_EMAIL_ATTEMPTS
    ).values_list("pk", flat=True)
    return sum(notification_email_send(notification_id=pk) for pk in list(pending[:500]))


@transaction.atomic
def notifications_mark_read(*, user, ids=None, kind: str = "", day=None) -> int:
    """Mark the user's unread notices read: all of them, some ids, or one
    group (a kind on a local day, as the notifications page groups them)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    if kind and day is not None:
        in_group = unread.annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        unread = unread.filter(pk__in=in_group.filter(kind=kind, day=day).values("pk"))
    return unread.update(read_at=timezone.now())


def notifications_digest_send(*, now=None) -> int:
    """The daily digest: one e-mail per person who prefers it, listing every
    notice held for it, grouped by kind. Safe to run twice: the notices are
    locked and marked sent in the same transaction as the e-mail; a failed
    send leaves them for the next run. Returns how many digests went out."""
    from .kinds import label_of

    now = now or timezone.now()
    recipients = (
        Notification.objects.filter(email_status=Notification.EmailStatus.IN_DIGEST, created_at__lte=now)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in list(recipients):
        with transaction.atomic():
            held = list(
                Notification.objects.select_for_update()
                .select_related("recipient")
                .filter(recipient_id=recipient_id, email_status=Notification.EmailStatus.IN_DIGEST, created_at__lte=now)
                .order_by("kind", "created_at", "id")
            )
            if not held:
                continue
            recipient = held[0].recipient
            if not recipient.email:
                Notification.objects.filter(pk__in=[n.pk for n in held]).update(
                    email_status=Notification.EmailStatus.NOT_SENT
                )
                continue
            lines: list[str] = []
            for kind in dict.fromkeys(n.kind for n in held):
                of_kind = [n for n in held if n.kind == kind]
                lines.append(f"{label_of(kind)} ({len(of_kind)})")
                for notice in of_kind:
                    link = f" {settings.LEAD_SITE_URL}{notice.url}" if notice.url else ""
                    lines.append(f"- {timezone.localtime(notice.created_at):%Y-%m-%d %H:%M} {notice.subject}{link}")
                lines.append("")
            count = f"{len(held)} notice{'s' if len(held) != 1 else ''}"
            try:
                send_mail(
                    subject=f"[{settings.LEAD_SITE_NAME}] Daily digest: {count}",
                    message="\n".join(lines).rstrip(),
                    from_email=None,
                    recipient_list=[recipient.email],
                )
            except OSError:
                logger.warning("digest for user %s failed; it goes with the next one", recipient_id, exc_info=True)
                continue
            Notification.objects.filter(pk__in=[n.pk for n in held]).update(
                email_status=Notification.EmailStatus.SENT, emailed_at=timezone.now(), email_attempts=1
            )
            sent += 1
    return sent
