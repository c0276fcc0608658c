"""Sign-in, sign-in failure and sign-out go to the audit trail (CJIS: audit log-ons)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditEvent
from .services import audit_event_record


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def on_sign_in(sender, request, user, **kwargs):
    audit_event_record(action=AuditEvent.Action.SIGN_IN, actor=user, target=user)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def on_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit_event_record(action=AuditEvent.Action.SIGN_OUT, actor=user, target=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    audit_event_record(
        action=AuditEvent.Action.SIGN_IN_FAILED,
        actor_username=str(credentials.get("username", ""))[:150],
        outcome=AuditEvent.Outcome.FAILURE,
    )
