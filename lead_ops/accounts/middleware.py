"""Two gates every signed-in request passes: the session's time limits, and
the second sign-in step when LEAD_REQUIRE_MFA is on."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from lead_ops import audit
from lead_ops.audit.models import AuditEvent

from . import mfa
from .models import User

SIGNED_IN_AT = "lead_signed_in_at"
LAST_SEEN_AT = "lead_last_seen_at"
# Writing the session on every request would cost a database write per page;
# once a minute keeps the idle limit within a minute of exact (and never longer).
LAST_SEEN_RESOLUTION_SECONDS = 60


def mfa_not_required(view):
    """Mark a view a signed-in user may reach before the second sign-in step
    (sign-out, and the second step itself)."""
    view.mfa_required = False
    return view


def session_clock_start(sender, request, user, **kwargs):
    """user_logged_in: the session's time limits count from here."""
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def _redirect(request, url: str):
    # An htmx request would swap the sign-in page into a fragment; send the whole page there instead.
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class SessionLimitsMiddleware:
    """Ends a session after LEAD_SESSION_IDLE_MINUTES without a request, or
    LEAD_SESSION_MAX_HOURS after sign-in, or at the first request after the
    account is deactivated. CJIS Security Policy 5.5.5: session lock after at
    most 30 minutes of inactivity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SESSION_KEY in request.session:
            ended = self._check(request)
            if ended is not None:
                return ended
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        user_id = session[SESSION_KEY]
        if not request.user.is_authenticated:
            if SESSION_KEY not in session:
                return None  # Django ended it itself: the password changed elsewhere.
            return self._end(
                request,
                user=User.objects.filter(pk=user_id).first(),
                reason="account inactive",
                message="Your account is no longer active. If you need it, ask your LEAD administrator.",
                keep_path=False,
            )
        now = timezone.now().timestamp()
        signed_in_at, last_seen_at = session.get(SIGNED_IN_AT), session.get(LAST_SEEN_AT)
        idle_minutes, max_hours = settings.LEAD_SESSION_IDLE_MINUTES, settings.LEAD_SESSION_MAX_HOURS
        if signed_in_at is None or last_seen_at is None:
            # A session from before these limits existed: start it again properly.
            return self._end(request, user=request.user, reason="no sign-in time", message="Please sign in again.")
        if now - last_seen_at > idle_minutes * 60:
            return self._end(
                request,
                user=request.user,
                reason="idle",
                message=f"Your session ended after {idle_minutes} minutes without activity. Please sign in again.",
            )
        if now - signed_in_at > max_hours * 3600:
            return self._end(
                request,
                user=request.user,
                reason="time limit",
                message=f"Your session ended {max_hours} hours after you signed in. Please sign in again.",
            )
        if now - last_seen_at >= LAST_SEEN_RESOLUTION_SECONDS:
            session[LAST_SEEN_AT] = now
        return None

    def _end(self, request, *, user, reason: str, message: str, keep_path: bool = True):
        if user is not None:
            audit.record(
                action=AuditEvent.Action.SESSION_EXPIRED,
                actor=user,
                target=user,
                summary=message[:255],
                detail={"reason": reason},
            )
        # Not logout(): that would record a sign-out the person never made.
        request.session.flush()
        request.user = AnonymousUser()
        messages.info(request, message)
        next_path = request.get_full_path() if keep_path and request.method == "GET" else None
        url = redirect_to_login(next_path)["Location"] if next_path else resolve_url(settings.LOGIN_URL)
        return _redirect(request, url)


class MfaRequiredMiddleware:
    """With LEAD_REQUIRE_MFA on, a signed-in user who has not passed the second
    step reaches only that step (mfa.pending_step: enrolment, the code, the
    passkey or its registration), sign-out, and the pages open to everyone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True) or not getattr(view_func, "mfa_required", True):
            return None
        step_url = mfa.pending_step_url(request)
        if step_url is None:
            return None
        return _redirect(request, redirect_to_login(request.get_full_path(), step_url)["Location"])
