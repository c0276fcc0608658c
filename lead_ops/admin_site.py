"""The Django admin behind the same front door as the rest of the app: our
sign-in page (with its lockout and second-factor steps), and with
LEAD_REQUIRE_MFA on, only a session that passed the second factor gets in."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class LeadAdminSite(admin.AdminSite):
    def has_permission(self, request):
        from lead_ops.accounts.mfa import second_factor_passed

        return super().has_permission(request) and second_factor_passed(request)

    @login_not_required
    def login(self, request, extra_context=None):
        # Inner imports: this module is loaded with the app registry, before models.
        from django.contrib.auth.views import redirect_to_login

        from lead_ops.accounts.mfa import pending_step_url

        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        step_url = pending_step_url(request)
        if step_url is not None:
            return redirect_to_login(next_url, step_url)
        # Signed in without admin rights: the admin says so itself.
        return super().login(request, extra_context)


class LeadAdminConfig(AdminConfig):
    default_site = "lead_ops.admin_site.LeadAdminSite"
