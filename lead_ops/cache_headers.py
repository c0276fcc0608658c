"""Nothing a signed-in user is shown is kept by a browser or a proxy: every
response to a signed-in request (pages, htmx fragments, exports, files, feeds
fetched with a session) carries Cache-Control: no-store. A shared computer in a
precinct keeps no copy of a referral in its cache after sign-out. So does every
answer of the integration API and of SCIM provisioning (their views replace
request.user with the token's client, so the session's user is not seen here)."""

from django.utils.cache import patch_cache_control


class NoStoreWhenSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(("/api/", "/scim/")) or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response
