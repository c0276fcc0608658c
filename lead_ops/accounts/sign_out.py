"""Where the browser goes after signing out, when somewhere else must also
sign the person out: a registry higher layers add to (single sign-on sends the
browser on to the identity provider), so this layer imports none of them."""

from collections.abc import Callable

_hooks: list[Callable] = []
# The session key (of the fresh session after sign-out) holding where to go on to.
ONWARD = "lead_sign_out_onward"
# Set by sign-out in the fresh session: the next page of ours deletes what the
# filing app kept on this device (js/offline/forget.js). Only after a sign-out:
# a session that ended on its own keeps the officer's queue for their return.
FORGET_DEVICE = "lead_forget_device"


def register(hook: Callable) -> None:
    """hook(request) -> a URL to send the browser to after sign-out, or None.
    Called before the session ends, so it can read what the session holds."""
    if hook not in _hooks:
        _hooks.append(hook)


def onward_url(request) -> str | None:
    for hook in _hooks:
        url = hook(request)
        if url:
            return url
    return None


def forget_device(request) -> bool:
    """True once, on the first page after sign-out that asks (the sign-in page;
    the page on to the identity provider), which then clears the device."""
    return bool(request.session.pop(FORGET_DEVICE, False))
