"""Who is calling, and whether the token may do what the view does."""

from rest_framework.permissions import BasePermission


def client_of(request):
    """The active integration client whose token made the request, or None."""
    token = getattr(request, "auth", None)
    application = getattr(token, "application", None)
    client = getattr(application, "integration_client", None) if application is not None else None
    return client if client is not None and client.is_active else None


class HasScope(BasePermission):
    """A valid token of an active client that carries the view's scope (none: refused)."""

    message = "This token does not carry the scope this operation needs, or its client was revoked."

    def has_permission(self, request, view):
        token = getattr(request, "auth", None)
        client = client_of(request)
        scope = getattr(view, "required_scope", "")
        if token is None or client is None or not scope:
            return False
        return token.allow_scopes([scope]) and scope in client.scopes
