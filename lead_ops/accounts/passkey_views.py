"""The passkey pages, and the WebAuthn ceremony endpoints.

The endpoints are django-otp-webauthn's views (its JavaScript calls them by
their `otp_webauthn:` URL names, see passkey_urls), narrowed: JSON answers
only, for a signed-in user with LEAD_REQUIRE_MFA on; registration only while
mfa.passkey_registration_open; every result through our audited services; a
refused verification counts towards the username's lockout like a wrong code.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.exceptions import OTPWebAuthnApiError

from lead_ops.errors import denial_record

from . import lockout, mfa, passkeys
from .middleware import mfa_not_required
from .views import SecondStepMixin


class PasskeyNotAllowed(OTPWebAuthnApiError):
    status_code = 403
    default_code = "not_allowed"
    default_detail = "Passkeys cannot be used here."


# Refusals to run a ceremony at all: audited as denials, like any refused page.
_REFUSALS = (PasskeyNotAllowed, exceptions.NotVerified, exceptions.NotAuthenticated)


class _Endpoint:
    """What every ceremony endpoint of ours adds to django-otp-webauthn's."""

    stage = ""

    def initial(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PasskeyNotAllowed(detail="Your session has ended. Sign in again.")
        if not settings.LEAD_REQUIRE_MFA:
            raise PasskeyNotAllowed(detail="This site does not ask for a second step at sign-in.")
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, _REFUSALS):
            denial_record(self.request, f"passkey {self.stage}: {exc}")
        elif isinstance(exc, OTPWebAuthnApiError) and self.request.user.is_authenticated:
            passkeys.passkey_failure_record(user=self.request.user, stage=self.stage, reason=exc.code)
            locked = self.failure_count()
            if locked is not None:
                return locked
        return super().handle_exception(exc)

    def failure_count(self):
        return None


class _Registration(_Endpoint):
    stage = "registration"

    def user_is_mfa_enrolled(self, user):
        # The library refuses a session that has not passed a second factor if the
        # user has any device; the sessions our rule lets register (single sign-on's
        # second factor) get through it too.
        return not mfa.passkey_registration_open(self.request)

    def check_can_register(self):
        if not mfa.passkey_registration_open(self.request):
            raise PasskeyNotAllowed(detail="Finish signing in before you register a passkey.")


class _Verification(_Endpoint):
    stage = "verification"

    def check_can_authenticate(self):
        if not mfa.has_passkey(self.request.user):
            raise PasskeyNotAllowed(detail="You have no passkey yet.")


@method_decorator([login_not_required, mfa_not_required], name="dispatch")
class RegistrationBeginView(_Registration, webauthn_views.BeginCredentialRegistrationView):
    pass


@method_decorator([login_not_required, mfa_not_required], name="dispatch")
class RegistrationCompleteView(_Registration, webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        request = self.request
        was_passed = mfa.second_factor_passed(request)
        passkey = passkeys.passkey_register(
            user=request.user, helper=self.get_helper(), state=self.get_state(), data=request.data
        )
        if not was_passed:
            # Registering was this session's last step ("register a passkey to continue").
            mfa.session_verified(request, passkey)
        messages.success(request, f"Passkey registered as “{passkey.name}”. You can rename it on your Account page.")
        return JsonResponse({"id": passkey.pk})


@method_decorator([login_not_required, mfa_not_required], name="dispatch")
class AuthenticationBeginView(_Verification, webauthn_views.BeginCredentialAuthenticationView):
    pass


@method_decorator([login_not_required, mfa_not_required], name="dispatch")
class AuthenticationCompleteView(_Verification, webauthn_views.CompleteCredentialAuthenticationView):
    def post(self, *args, **kwargs):
        request = self.request
        username = request.user.get_username()
        if lockout.is_locked(request=request, username=username):
            logout(request)
            return lockout.lockout_response(request, credentials={"username": username})
        passkey = passkeys.passkey_verify(
            user=request.user, helper=self.get_helper(), state=self.get_state(), data=request.data
        )
        mfa.session_verified(request, passkey)
        return JsonResponse(self.get_success_data(passkey))

    def failure_count(self):
        request, username = self.request, self.request.user.get_username()
        if not lockout.failure_record(request=request, username=username):
            return None
        logout(request)
        return lockout.lockout_response(request, credentials={"username": username})


# The library's script texts (its buttons' labels while busy, its messages).
javascript_catalog = mfa_not_required(JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]))


# --- Pages -----------------------------------------------------------------------


@method_decorator([mfa_not_required, never_cache], name="dispatch")
class PasskeyVerifyView(SecondStepMixin, TemplateView):
    """The second step with a passkey."""

    template_name = "accounts/passkey_verify.html"
    step = mfa.Step.PASSKEY


@method_decorator([mfa_not_required, never_cache], name="dispatch")
class PasskeyRegisterView(SecondStepMixin, TemplateView):
    """'Register a passkey to continue': a passkey-required role after the
    authenticator app, a recovery code or its identity provider."""

    template_name = "accounts/passkey_register.html"
    step = mfa.Step.PASSKEY_REGISTER

    def get_context_data(self, **kwargs):
        after_recovery_code = mfa.verified_by(self.request) == mfa.RECOVERY_CODE
        return super().get_context_data(after_recovery_code=after_recovery_code, **kwargs)


@require_POST
def passkey_rename(request, pk: int):
    passkey = passkeys.get_passkey_for_owner(request.user, pk)
    try:
        passkeys.passkey_rename(passkey=passkey, name=request.POST.get("name", ""), actor=request.user)
    except passkeys.PasskeyRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Passkey renamed.")
    return redirect("accounts:security")


@require_POST
def passkey_remove(request, pk: int):
    passkey = passkeys.get_passkey_for_owner(request.user, pk)
    try:
        passkeys.passkey_remove(passkey=passkey, actor=request.user)
    except passkeys.PasskeyRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Passkey removed. It no longer signs you in.")
    return redirect("accounts:security")
