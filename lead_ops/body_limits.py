"""A request body is refused from its Content-Length, before anything reads it.

Two limits: LEAD_MAX_REQUEST_MB for every request, and on the URLs that take a
materials file twice LEAD_TRAINING_MATERIAL_MAX_MB plus room for the form's
other fields (so a file a little over its limit still gets the form's own
message, and a far larger one is refused unread), and there only for a signed-in
user who may manage training. Anything larger gets a plain 413 page. The check
needs no body: a 150 MB anonymous POST to the sign-in page is refused unread.
A body without a Content-Length (chunked) is read by Django as empty, so it
cannot carry more. Files that are accepted stream to a temporary file on disk
(FILE_UPLOAD_HANDLERS), never into memory."""

from django.conf import settings
from django.shortcuts import render
from django.urls import Resolver404, resolve

# The views whose form takes a training-materials file.
UPLOAD_URLS = frozenset({"training:session_create", "training:session_edit"})
FORM_FIELDS_ROOM = 1024 * 1024


def request_limit() -> int:
    return settings.LEAD_MAX_REQUEST_MB * 1024 * 1024


def upload_limit() -> int:
    return 2 * settings.LEAD_TRAINING_MATERIAL_MAX_MB * 1024 * 1024 + FORM_FIELDS_ROOM


def declared_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def takes_uploads(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in UPLOAD_URLS


def may_upload(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("training.manage")


def _too_large(request, *, upload: bool):
    limit_mb = settings.LEAD_TRAINING_MATERIAL_MAX_MB if upload else settings.LEAD_MAX_REQUEST_MB
    response = render(request, "413.html", {"limit_mb": limit_mb}, status=413)
    response["Connection"] = "close"
    return response


class BodyLimitMiddleware:
    """First in the chain: no body past the larger limit anywhere, nor past the
    request limit on a URL that takes no upload."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        if length > request_limit():
            upload = takes_uploads(request.path_info)
            if length > (upload_limit() if upload else request_limit()):
                return _too_large(request, upload=upload)
        return self.get_response(request)


class UploadAllowanceMiddleware:
    """After sign-in is known, before anything reads the body: the upload limit
    is only for those who may upload materials."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > request_limit() and not may_upload(getattr(request, "user", None)):
            return _too_large(request, upload=False)
        return self.get_response(request)
