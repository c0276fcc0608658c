"""Locking a username after repeated failed sign-ins, and releasing it.

django-axes counts the failures of each username, whatever address they come
from (settings: AXES_*). CJIS Security Policy 5.5.3: after at most five
consecutive invalid attempts the account is locked for at least 10 minutes,
unless an administrator releases it. A wrong second-factor code counts like a
wrong password, and the count is cleared only when a sign-in is complete.
"""

from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from lead_ops import audit
from lead_ops.audit.models import AuditEvent

from .forms import SignInForm
from .models import User


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page saying the username is locked, and until when
    (AXES_LOCKOUT_CALLABLE; axes calls it for any locked-out request). Status
    200 like any refused sign-in: the page is the answer, and the audit trail,
    not the status code, is where lockouts are watched."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    if request.content_type == "application/json":
        # The passkey ceremony's endpoints: their script shows `detail` beside the button.
        return JsonResponse({"detail": locked_message(username), "code": "locked"}, status=403)
    context = {
        "form": SignInForm(request, initial={"username": username}),
        "locked_out": True,
        "locked_until": locked_until(username),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "accounts/sign_in.html", context)


def locked_message(username: str) -> str:
    until = locked_until(username)
    when = f" until {timezone.localtime(until):%H:%M}" if until else ""
    return f"Too many failed attempts: this account is locked{when}. Sign in again after that."


def locked_until(username: str) -> datetime | None:
    # Attempts made while locked are not recorded (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT),
    # so the lock ends one cool-off after the failure that set it.
    last = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))["last"]
    return last + settings.AXES_COOLOFF_TIME if last else None


def is_locked(*, request, username: str) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": username})


def failure_record(*, request, username: str) -> bool:
    """Count a refused second-factor code as a failed sign-in; True if that locked the username."""
    AxesProxyHandler.user_login_failed(sender=failure_record, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def failures_clear(*, username: str) -> int:
    if not username:
        return 0  # axes would clear every username's failures
    return AxesProxyHandler.reset_attempts(username=username)


@transaction.atomic
def lockout_release(*, username: str, actor: User) -> int:
    """An administrator unlocks a username before its lock runs out."""
    cleared = failures_clear(username=username)
    audit.record(
        action=AuditEvent.Action.UNLOCK,
        actor=actor,
        targets=User.objects.filter(username=username),
        object_type=User._meta.label_lower,
        summary=f"Sign-in unlocked for {username}"[:255],
        detail={"username": username, "attempt_records_cleared": cleared},
    )
    return cleared


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """axes.signals.user_locked_out: audit the failure that set the lock.
    axes also sends it for each attempt refused while locked; those are
    already in the trail as failed sign-ins."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    audit.record(
        action=AuditEvent.Action.LOCKOUT,
        actor_username=str(username or "")[:150],
        targets=User.objects.filter(username=username),
        object_type=User._meta.label_lower,
        outcome=AuditEvent.Outcome.DENIED,
        summary=f"Locked for {settings.LEAD_LOCKOUT_MINUTES} minutes after {failures} failed attempts",
        detail={"failures": failures, "minutes": settings.LEAD_LOCKOUT_MINUTES},
    )


def on_signed_in(sender, request, user, **kwargs):
    """Without a second factor, the password completes the sign-in."""
    if not settings.LEAD_REQUIRE_MFA:
        failures_clear(username=user.get_username())
