from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from . import lockout, mfa, passkeys, sign_out
from .forms import AuthenticatorSetUpForm, ChangePasswordForm, SecondFactorForm, SignInForm
from .middleware import mfa_not_required
from .services import user_password_change


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # LoginView names the site after the request's host; the header shows LEAD_SITE_NAME.
        context.pop("site_name", None)
        context["forget_device"] = sign_out.forget_device(self.request)
        return context


@method_decorator(mfa_not_required, name="dispatch")
class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        onward = sign_out.onward_url(request) if request.user.is_authenticated else None
        response = super().post(request, *args, **kwargs)
        # Whatever the filing app kept on this device goes with the session: the
        # page deletes it before it signs out, and the next page deletes what is
        # left (sign_out.FORGET_DEVICE). Not the Clear-Site-Data header: Chromium
        # holds the answer carrying it for many seconds (crbug.com/40233601).
        request.session[sign_out.FORGET_DEVICE] = True
        if not onward:
            return response
        # Signed out here; now wherever else the person signed in for us (their
        # identity provider). Through a page of ours: the CSP's form-action
        # rightly stops a form's redirect to another site.
        request.session[sign_out.ONWARD] = onward
        return redirect("accounts:signed_out")


@login_not_required
@never_cache
def signed_out(request):
    """'Signed out of LEAD Ops; now signing you out at <provider>': on at once."""
    onward = request.session.pop(sign_out.ONWARD, None)
    if not onward:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    # Cleared here too, but the page moves on at once: the sign-in page after it clears again.
    context = {"onward": onward, "nav_items": [], "forget_device": bool(request.session.get(sign_out.FORGET_DEVICE))}
    return render(request, "accounts/signed_out.html", context)


def _other_step(request, url_name: str):
    next_url = request.GET.get(REDIRECT_FIELD_NAME)
    return redirect_to_login(next_url, reverse(url_name)) if next_url else redirect(url_name)


class SecondStepMixin(auth_views.RedirectURLMixin):
    """A page of the second step: shown only while mfa.step_open says so;
    otherwise on to the pending step, or to `next` when nothing is pending."""

    step: str
    next_page = settings.LOGIN_REDIRECT_URL

    def dispatch(self, request, *args, **kwargs):
        pending = mfa.pending_step(request)
        if pending is None:
            return redirect(self.get_success_url())
        if not mfa.step_open(request, self.step):
            return _other_step(request, pending)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            next=self.get_redirect_url(),
            continue_url=self.get_success_url(),
            nav_items=[],
            passkey_required=mfa.passkey_required(user),
            has_passkey=mfa.has_passkey(user),
            has_authenticator=mfa.has_authenticator(user),
            **kwargs,
        )


def _codes_page(request, codes: list[str], next_url: str, **context):
    response = render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url, **context})
    response["Cache-Control"] = "no-store"
    return response


@method_decorator([mfa_not_required, never_cache], name="dispatch")
class MfaEnrolView(SecondStepMixin, FormView):
    """Set up an authenticator app: scan the QR code (or type the key), enter
    a code it shows; then the recovery codes, shown once. Open only without an
    authenticator: adding a second one would bypass the one already set up."""

    template_name = "accounts/mfa_enrol.html"
    form_class = AuthenticatorSetUpForm
    step = mfa.Step.ENROL

    def get_context_data(self, **kwargs):
        device = mfa.mfa_enrolment_start(user=self.request.user)
        return super().get_context_data(
            qr_code=mfa.qr_code_data_uri(device), secret=mfa.secret_for_manual_entry(device), **kwargs
        )

    def form_valid(self, form):
        enrolment = mfa.mfa_enrolment_confirm(user=self.request.user, code=form.cleaned_data["code"])
        if enrolment is None:
            form.add_error(
                "code", "That code did not match. Check that your phone's clock is right, then enter the newest code."
            )
            return self.form_invalid(form)
        mfa.session_verified(self.request, enrolment.device)
        return _codes_page(self.request, enrolment.recovery_codes, self.get_success_url(), first_time=True)


@method_decorator([mfa_not_required, never_cache], name="dispatch")
class MfaVerifyView(SecondStepMixin, FormView):
    """The second step of sign-in: a code from the authenticator app, or a
    recovery code (for a passkey-required role, the way back after a lost passkey)."""

    template_name = "accounts/mfa_verify.html"
    form_class = SecondFactorForm
    step = mfa.Step.CODE

    def form_valid(self, form):
        request, username = self.request, self.request.user.get_username()
        if lockout.is_locked(request=request, username=username):
            logout(request)
            return lockout.lockout_response(request, credentials={"username": username})
        verification = mfa.mfa_verify(user=request.user, code=form.cleaned_data["code"])
        if not verification.passed:
            if lockout.failure_record(request=request, username=username):
                logout(request)
                return lockout.lockout_response(request, credentials={"username": username})
            form.add_error("code", _refusal_message(verification))
            return self.form_invalid(form)
        mfa.session_verified(request, verification.device)
        if verification.method == mfa.RECOVERY_CODE:
            messages.warning(
                request,
                f"You signed in with a recovery code; {verification.recovery_codes_left} left. "
                "Make new ones on your Account page if you are running low.",
            )
        return redirect(self.get_success_url())


def _refusal_message(verification: mfa.Verification) -> str:
    if verification.throttled:
        return "Too many wrong codes in a row: wait a few seconds, then enter the newest code."
    if verification.method == mfa.RECOVERY_CODE:
        return "That recovery code is not valid, or it has been used already."
    return "That code is not valid. Enter the newest code your authenticator app shows."


class AccountSecurityView(TemplateView):
    """The signed-in user's password, two-factor sign-in and passkeys."""

    template_name = "accounts/security.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        user_passkeys = list(passkeys.passkeys_of(user))
        passkey_required = mfa.passkey_required(user)
        return super().get_context_data(
            mfa_required=settings.LEAD_REQUIRE_MFA,
            authenticator=mfa.authenticator_of(user),
            recovery_codes_left=mfa.recovery_codes_left(user),
            passkeys=user_passkeys,
            passkey_required=passkey_required,
            passkey_registration_open=mfa.passkey_registration_open(self.request),
            passkey_removal_refusal=passkeys.removal_refusal(
                passkey_required=passkey_required, passkeys_left=len(user_passkeys)
            ),
            **kwargs,
        )


@require_POST
@never_cache
def recovery_codes_replace(request):
    if mfa.authenticator_of(request.user) is None:
        messages.error(request, "Set up an authenticator app first.")
        return redirect("accounts:security")
    codes = mfa.mfa_recovery_codes_replace(user=request.user)
    return _codes_page(request, codes, reverse("accounts:security"))


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        user_password_change(user=self.request.user, password=form.cleaned_data["new_password1"])
        # Keeps this session signed in; the user's other sessions end.
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, "Your password has been changed.")
        return redirect(self.get_success_url())
