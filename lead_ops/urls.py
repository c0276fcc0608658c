from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from . import health, home
from .offline import views as offline


class FaviconView(RedirectView):
    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


handler400 = "lead_ops.errors.bad_request"
handler403 = "lead_ops.errors.permission_denied"
handler404 = "lead_ops.errors.page_not_found"

admin.site.site_header = "LEAD Ops administration"
admin.site.site_title = "LEAD Ops admin"

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/sso/", include("sso.urls")),
    path("accounts/", include("lead_ops.accounts.urls")),
    path("scim/v2/", include("sso.scim_urls")),
    path("accounts/passkeys/webauthn/", include("lead_ops.accounts.passkey_urls")),
    path("health/", health.health, name="health"),
    path("health/page/", health.page, name="health-page"),
    path("notifications/", include("lead_ops.notifications.urls")),
    path("training/", include("training.urls")),
    path("workgroup/", include("workgroup.urls")),
    path("reports/", include("reports.urls")),
    path("", include("api.urls")),
    path("", include("referrals.urls")),
    path("", include("community.urls")),
    path("admin/", admin.site.urls),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("favicon.ico", login_not_required(FaviconView.as_view()), name="favicon"),
]
