"""The two files that make the filing path an installable web app: the service
worker (built by Workbox at set-up, served here at the site's root so its scope
covers every page) and the web app manifest. Both are public and hold no data:
the worker fetches pages with the officer's own session, and a signed-out
browser must still be able to check it for updates."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET


def _service_worker_path():
    return settings.LEAD_OFFLINE_BUILD_DIR / "sw.js"


def service_worker_built() -> bool:
    return _service_worker_path().is_file()


@login_not_required
@require_GET
def service_worker(request):
    try:
        script = _service_worker_path().read_bytes()
    except FileNotFoundError:
        raise Http404("The service worker has not been built: run make assets.") from None
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # Checked for a new version on every visit; the scope is the whole site.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_GET
def manifest(request):
    response = JsonResponse(
        {
            "name": settings.LEAD_SITE_NAME,
            "short_name": settings.LEAD_SITE_NAME,
            "description": "File LEAD referrals from the field, with or without a signal.",
            "start_url": reverse("referrals:new"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0d6efd",
            "icons": [{"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        },
        content_type="application/manifest+json",
    )
    response["Cache-Control"] = "no-cache"
    return response
