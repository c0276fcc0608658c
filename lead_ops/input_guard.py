"""Requests carrying a NUL character are refused with 400 before any view runs.

No form field has a use for it, Django's form fields already refuse it, and
PostgreSQL cannot store or even compare it: a lookup such as ?route=%00 would
otherwise fail deep in the database driver."""

from django.core.exceptions import BadRequest


class NullCharacterGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = [request.GET, request.POST] if request.method == "POST" else [request.GET]
        for query in queries:
            for key, values in query.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise BadRequest("A request may not contain a null character.")
        return self.get_response(request)
